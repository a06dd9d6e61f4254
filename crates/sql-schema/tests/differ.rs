//! The differ on hand-built schemas: pairing by name, step order, and the SQLite-style
//! redefinition rule, through one `steps` helper that names each step.

use sql_schema::*;

/// A flavour without enums that alters in place (type changes compare full types).
struct InPlace;

impl DifferFlavour for InPlace {
    fn column_type_change(&self, columns: Pair<ColumnWalker<'_>>) -> Option<ColumnTypeChange> {
        (columns.previous.column().tpe.full_data_type != columns.next.column().tpe.full_data_type)
            .then_some(ColumnTypeChange::RiskyCast)
    }
}

/// A flavour that redefines tables, as SQLite does.
struct Redefining;

impl DifferFlavour for Redefining {
    fn column_type_change(&self, columns: Pair<ColumnWalker<'_>>) -> Option<ColumnTypeChange> {
        InPlace.column_type_change(columns)
    }
    fn redefines_tables(&self) -> bool {
        true
    }
    fn push_foreign_keys_from_created_tables(&self) -> bool {
        false
    }
    fn has_unnamed_foreign_keys(&self) -> bool {
        true
    }
}

fn int(name: &str) -> Column {
    Column::new(
        name,
        ColumnTypeFamily::Int,
        "INTEGER",
        ColumnArity::Required,
    )
}

fn text(name: &str, arity: ColumnArity) -> Column {
    Column::new(name, ColumnTypeFamily::String, "TEXT", arity)
}

fn table(name: &str, columns: Vec<Column>, pk: Option<&[&str]>) -> Table {
    let mut t = Table::new(None, name);
    t.columns = columns;
    if let Some(pk) = pk {
        t.primary_key = Some(PrimaryKey {
            name: Some(format!("{name}_pkey")),
            columns: t.index_columns(pk).expect("pk columns exist"),
        });
    }
    t
}

fn unique(t: &mut Table, name: &str, columns: &[&str]) {
    let columns = t.index_columns(columns).expect("index columns exist");
    t.indexes.push(Index {
        name: name.to_owned(),
        kind: IndexKind::Unique,
        columns,
        algorithm: None,
        predicate: None,
    });
}

/// Each step as `Description table.item`, in order.
fn steps(previous: &SqlSchema, next: &SqlSchema, flavour: &dyn DifferFlavour) -> Vec<String> {
    let migration = diff(previous, next, flavour);
    migration
        .steps
        .iter()
        .map(|s| {
            let what = match s {
                MigrationStep::CreateTable(id) => next.walk(*id).name().to_owned(),
                MigrationStep::DropTable(id) => previous.walk(*id).name().to_owned(),
                MigrationStep::AlterTable(a) => next.walk(a.tables.next).name().to_owned(),
                MigrationStep::CreateIndex { index, .. } => next.walk(*index).name().to_owned(),
                MigrationStep::DropIndex(id) => previous.walk(*id).name().to_owned(),
                MigrationStep::AddForeignKey(id) => next.walk(*id).name().unwrap_or("").to_owned(),
                MigrationStep::DropForeignKey(id) => {
                    previous.walk(*id).name().unwrap_or("").to_owned()
                }
                MigrationStep::RedefineTables(ts) => ts
                    .iter()
                    .map(|t| next.walk(t.tables.next).name())
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            };
            format!("{} {what}", s.description())
        })
        .collect()
}

fn users_and_posts(post_fk_action: ForeignKeyAction) -> SqlSchema {
    let mut s = SqlSchema::new();
    let users = s.push_table(table("User", vec![int("id")], Some(&["id"])));
    let mut posts = table("Post", vec![int("id"), int("authorId")], Some(&["id"]));
    posts.foreign_keys.push(ForeignKey {
        name: Some("Post_authorId_fkey".into()),
        columns: vec![1],
        referenced_table: users,
        referenced_columns: vec![0],
        on_delete: post_fk_action,
        on_update: ForeignKeyAction::Cascade,
    });
    s.push_table(posts);
    s
}

#[test]
fn identical_schemas_have_no_steps() {
    let s = users_and_posts(ForeignKeyAction::Restrict);
    assert!(steps(&s, &s, &InPlace).is_empty());
}

#[test]
fn created_tables_come_before_their_indexes_and_foreign_keys() {
    let empty = SqlSchema::new();
    let mut next = users_and_posts(ForeignKeyAction::Restrict);
    unique(&mut next.tables[1], "Post_authorId_key", &["authorId"]);
    assert_eq!(
        steps(&empty, &next, &InPlace),
        [
            "CreateTable User",
            "CreateTable Post",
            "CreateIndex Post_authorId_key",
            "AddForeignKey Post_authorId_fkey"
        ]
    );
}

#[test]
fn a_changed_referential_action_drops_and_adds_the_foreign_key_around_other_steps() {
    let previous = users_and_posts(ForeignKeyAction::Restrict);
    let mut next = users_and_posts(ForeignKeyAction::Cascade);
    next.tables[0]
        .columns
        .push(text("name", ColumnArity::Nullable));
    next.push_table(table("Tag", vec![int("id")], Some(&["id"])));
    assert_eq!(
        steps(&previous, &next, &InPlace),
        [
            "DropForeignKey Post_authorId_fkey",
            "AlterTable User",
            "CreateTable Tag",
            "AddForeignKey Post_authorId_fkey"
        ]
    );
}

#[test]
fn columns_pair_by_name_whatever_their_position() {
    let mut previous = SqlSchema::new();
    previous.push_table(table("T", vec![int("a"), int("b")], None));
    let mut next = SqlSchema::new();
    next.push_table(table("T", vec![int("b"), int("a")], None));
    assert!(steps(&previous, &next, &InPlace).is_empty());
}

#[test]
fn tables_pair_by_namespace_and_name() {
    let mut previous = SqlSchema::new();
    let a = previous.push_namespace("a");
    previous.push_table(Table::new(Some(a), "T"));
    let mut next = SqlSchema::new();
    let b = next.push_namespace("b");
    next.push_table(Table::new(Some(b), "T"));
    assert_eq!(
        steps(&previous, &next, &InPlace),
        ["CreateSchema ", "DropTable T", "CreateTable T"]
    );
}

#[test]
fn a_unique_index_is_dropped_after_the_primary_key_that_replaces_it() {
    let mut previous = SqlSchema::new();
    let mut t = table("T", vec![int("id")], None);
    unique(&mut t, "T_id_key", &["id"]);
    previous.push_table(t);
    let mut next = SqlSchema::new();
    next.push_table(table("T", vec![int("id")], Some(&["id"])));
    assert_eq!(
        steps(&previous, &next, &InPlace),
        ["AlterTable T", "DropIndex T_id_key"]
    );
}

#[test]
fn redefining_flavours_rebuild_changed_tables_but_add_nullable_columns_in_place() {
    let previous = users_and_posts(ForeignKeyAction::Restrict);
    let mut next = users_and_posts(ForeignKeyAction::Restrict);
    next.tables[0]
        .columns
        .push(text("nickname", ColumnArity::Nullable));
    next.tables[1].columns[1].tpe.arity = ColumnArity::Nullable;
    assert_eq!(
        steps(&previous, &next, &Redefining),
        ["AlterTable User", "RedefineTables Post"]
    );
    let migration = diff(&previous, &next, &Redefining);
    let Some(MigrationStep::RedefineTables(tables)) = migration.steps.last() else {
        panic!("expected a redefinition, got {:?}", migration.steps);
    };
    // Column pairs come in column-name order, as Prisma copies them.
    let names: Vec<&str> = tables[0]
        .column_pairs
        .iter()
        .map(|(ids, _, _)| next.walk(ids.next).name())
        .collect();
    assert_eq!(names, ["authorId", "id"]);
}

#[test]
fn check_finds_references_that_point_nowhere() {
    let mut s = users_and_posts(ForeignKeyAction::Restrict);
    assert_eq!(s.check(), Ok(()));
    s.tables[1].foreign_keys[0].referenced_columns = vec![7];
    assert!(s.check().is_err());
}
