//! What the constraint tests share, top-level (`constraints.rs`), nested (`nested.rs`) and
//! outside the generated operations (`models.rs`): the tables and columns changed behind the
//! client's back, and the errors expected of them on each database.

use client::{Client, ConstraintTarget, Dialect, Error};

use crate::nested_db::{Models, person, post};
use crate::{quote, run};

/// Asserts that `e` has Prisma's `code` and names `model` in its `meta`.
pub(crate) fn assert_names(e: &Error, code: &str, model: &str) {
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(e.meta().model_name.as_deref(), Some(model), "{e}");
}

/// Makes `table`, whose `column` references `parent`'s `id` (through a foreign key named
/// `{table}_{column}_fkey` where the database names it), with one row pointing at `id`.
pub(crate) async fn add_reference(c: &Client, table: &str, column: &str, parent: &str, id: i32) {
    let q = quote(c);
    let create = match c.dialect() {
        Dialect::Sqlite => format!(
            "CREATE TABLE {q}{table}{q} ({q}{column}{q} INTEGER NOT NULL REFERENCES \
             {q}{parent}{q} ({q}id{q}))"
        ),
        _ => format!(
            "CREATE TABLE {q}{table}{q} ({q}{column}{q} INTEGER NOT NULL, CONSTRAINT \
             {q}{table}_{column}_fkey{q} FOREIGN KEY ({q}{column}{q}) REFERENCES \
             {q}{parent}{q} ({q}id{q}))"
        ),
    };
    run(c, &create).await;
    run(
        c,
        &format!("INSERT INTO {q}{table}{q} ({q}{column}{q}) VALUES ({id})"),
    )
    .await;
}

/// Adds a required `note` column without a default to `table`; SQLite cannot add such a
/// column, so there the table is dropped and made again by `sqlite_create` (with it).
pub(crate) async fn add_required_note(c: &Client, table: &str, sqlite_create: &str) {
    let q = quote(c);
    match c.dialect() {
        Dialect::Sqlite => {
            run(c, &format!("DROP TABLE {q}{table}{q}")).await;
            run(c, sqlite_create).await;
        }
        _ => {
            run(
                c,
                &format!("ALTER TABLE {q}{table}{q} ADD COLUMN {q}note{q} VARCHAR(10) NOT NULL"),
            )
            .await;
        }
    }
}

/// The kind of a constraint violation, with what its error variant names.
enum Kind {
    /// P2002 on one field.
    Unique(&'static str),
    /// P2003.
    ForeignKey,
    /// P2011 on a column.
    Null(&'static str),
}

/// A constraint violation as Prisma 7 reports it on the client's database: the code, the
/// message, the error's variant, `meta`'s model, target and database error.
pub(crate) struct Violation {
    kind: Kind,
    model: &'static str,
    target: Option<ConstraintTarget>,
    database_code: &'static str,
}

impl Violation {
    /// P2002 on `field` of `model`: Prisma 7's adapters name the constraint where the database
    /// does (`constraint`, on PostgreSQL and on MySQL), the fields on SQLite, whose error code
    /// is `sqlite_code` (a primary key's and a unique index's differ).
    pub(crate) fn unique(
        c: &Client,
        model: &'static str,
        field: &'static str,
        constraint: [&str; 2],
        sqlite_code: &'static str,
    ) -> Self {
        let [postgres, mysql] = constraint;
        let (target, database_code) = match c.dialect() {
            Dialect::Postgres => (ConstraintTarget::Constraint(postgres.into()), "23505"),
            Dialect::Mysql => (ConstraintTarget::Constraint(mysql.into()), "1062"),
            _ => (ConstraintTarget::Fields(vec![field.into()]), sqlite_code),
        };
        Violation {
            kind: Kind::Unique(field),
            model,
            target: Some(target),
            database_code,
        }
    }

    /// P2003 on a delete of a `model` record that `constraint` (on `column`) still points at,
    /// as Prisma 7's adapters name it: the constraint (PostgreSQL), the key's first column
    /// (MySQL), an unnamed foreign key (SQLite).
    pub(crate) fn foreign_key(
        c: &Client,
        model: &'static str,
        constraint: &str,
        column: &str,
    ) -> Self {
        let (target, database_code) = match c.dialect() {
            Dialect::Postgres => (ConstraintTarget::Constraint(constraint.into()), "23503"),
            Dialect::Mysql => (ConstraintTarget::Fields(vec![column.into()]), "1451"),
            _ => (ConstraintTarget::ForeignKey, "787"),
        };
        Violation {
            kind: Kind::ForeignKey,
            model,
            target: Some(target),
            database_code,
        }
    }

    /// P2011 on `column` of `model`'s table: PostgreSQL's error names the column, which
    /// Prisma 7's adapter does not read ("(not available)" there, as in Prisma).
    pub(crate) fn null(c: &Client, model: &'static str, column: &'static str) -> Self {
        let (target, database_code) = match c.dialect() {
            Dialect::Postgres => (None, "23502"),
            Dialect::Mysql => (Some(ConstraintTarget::Fields(vec![column.into()])), "1364"),
            _ => (Some(ConstraintTarget::Fields(vec![column.into()])), "1299"),
        };
        Violation {
            kind: Kind::Null(column),
            model,
            target,
            database_code,
        }
    }

    /// Asserts that `e` is this violation.
    pub(crate) fn assert(&self, e: &Error) {
        let (code, message) = match self.kind {
            Kind::Unique(field) => {
                assert!(
                    matches!(e, Error::UniqueConstraint { fields, .. } if fields == &[field]),
                    "{e:?}"
                );
                ("P2002", "Unique constraint failed on the")
            }
            Kind::ForeignKey => ("P2003", "Foreign key constraint violated on the"),
            Kind::Null(column) => {
                assert!(
                    matches!(e, Error::NullConstraint { field, .. } if field == column),
                    "{e:?}"
                );
                ("P2011", "Null constraint violation on the")
            }
        };
        assert_names(e, code, self.model);
        let named = self
            .target
            .as_ref()
            .map_or_else(|| "(not available)".to_owned(), ToString::to_string);
        assert_eq!(e.to_string(), format!("{message} {named}"));
        let meta = e.meta();
        assert_eq!(meta.target, self.target, "{e}");
        let database = meta.database_error.expect("the database's error");
        assert_eq!(database.code, self.database_code, "{e}");
        assert!(!database.message.is_empty(), "{e}");
    }
}

/// Creates the person Ann on the `nested_db` client, where the nested-write and fluent tests
/// start: her id.
pub(crate) async fn create_ann(c: &Client) -> i32 {
    c.person()
        .create(person::create("Ann"))
        .exec()
        .await
        .expect("person")
        .id
}

/// Creates Ann and her post "first": their ids.
pub(crate) async fn create_ann_with_post(c: &Client) -> (i32, i32) {
    let ann = create_ann(c).await;
    let first = c
        .post()
        .create(post::create("first", ann))
        .exec()
        .await
        .expect("post")
        .id;
    (ann, first)
}
