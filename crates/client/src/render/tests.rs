//! The renderer's unit tests (the statements per dialect are in `tests/render.rs`).

use super::*;

#[test]
fn identifiers_are_quoted_the_dialect_s_way() {
    for (name, standard, mysql) in [
        ("User", "\"User\"", "`User`"),
        ("a\"b", "\"a\"\"b\"", "`a\"b`"),
        ("a`b", "\"a`b\"", "`a``b`"),
        ("'; --", "\"'; --\"", "`'; --`"),
        ("", "\"\"", "``"),
    ] {
        assert_eq!(Dialect::Sqlite.quote_identifier(name), standard);
        assert_eq!(Dialect::Postgres.quote_identifier(name), standard);
        assert_eq!(Dialect::Mysql.quote_identifier(name), mysql);
    }
    let mut indexes: Vec<usize> = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql]
        .map(Dialect::index)
        .to_vec();
    indexes.sort();
    indexes.dedup();
    assert_eq!(indexes, (0..Dialect::COUNT).collect::<Vec<_>>());
}

fn cond_sql(dialect: Dialect, c: &Cond) -> Sql {
    let mut r = Renderer::new(dialect);
    r.cond("t0", c);
    r.finish().expect("a condition the renderer writes")
}

#[test]
fn insensitive_in_lowers_both_sides_where_the_collation_does_not_decide() {
    let short = Cond::InInsensitive("e", vec![Value::from("A"), Value::from("b")], false);
    let long = Cond::InInsensitive(
        "e",
        (0..5).map(|i| Value::Text(i.to_string())).collect(),
        true,
    );
    for (dialect, c, text, params) in [
        (
            Dialect::Postgres,
            &short,
            r#"lower("t0"."e"::text) IN (lower($1), lower($2))"#,
            2,
        ),
        (
            Dialect::Sqlite,
            &short,
            r#"lower("t0"."e") IN (lower(?), lower(?))"#,
            2,
        ),
        (Dialect::Mysql, &short, "`t0`.`e` IN (?, ?)", 2),
        (
            Dialect::Postgres,
            &long,
            r#"lower("t0"."e"::text) NOT IN (SELECT lower(unnest($1::text[])))"#,
            1,
        ),
        (
            Dialect::Sqlite,
            &long,
            r#"lower("t0"."e") NOT IN (SELECT lower(value) FROM json_each(?))"#,
            1,
        ),
    ] {
        let sql = cond_sql(dialect, c);
        assert_eq!(sql.text, text);
        assert_eq!(sql.params.len(), params);
    }
    let empty = Cond::InInsensitive("e", Vec::new(), false);
    assert_eq!(cond_sql(Dialect::Postgres, &empty).text, "1=0");
}

#[test]
fn field_references_compare_two_columns_of_the_row() {
    let c = Cond::ColumnCmp("quantity", CmpOp::Lte, "warn\"Quantity");
    let sql = cond_sql(Dialect::Postgres, &c);
    assert_eq!(sql.text, r#""t0"."quantity" <= "t0"."warn""Quantity""#);
    assert!(sql.params.is_empty());
    let sql = cond_sql(Dialect::Mysql, &Cond::ColumnCmp("a", CmpOp::Ne, "b`c"));
    assert_eq!(sql.text, "`t0`.`a` <> `t0`.`b``c`");
    let sql = cond_sql(
        Dialect::Postgres,
        &Cond::ColumnInList("name", "ta\"gs", true),
    );
    assert_eq!(sql.text, r#"(NOT "t0"."name" = ANY("t0"."ta""gs"))"#);
}

#[test]
fn text_field_references_match_the_other_column_as_written() {
    let cases = [
        (
            LikeKind::Contains,
            false,
            Dialect::Postgres,
            r#"strpos("t0"."a"::text, "t0"."b"::text) > 0"#,
        ),
        (
            LikeKind::StartsWith,
            true,
            Dialect::Postgres,
            r#"strpos(lower("t0"."a"::text), lower("t0"."b"::text)) = 1"#,
        ),
        (
            LikeKind::EndsWith,
            false,
            Dialect::Postgres,
            r#"right("t0"."a"::text, length("t0"."b"::text)) = "t0"."b"::text"#,
        ),
        (
            LikeKind::Contains,
            false,
            Dialect::Sqlite,
            r#"instr(lower("t0"."a"), lower("t0"."b")) > 0"#,
        ),
        (
            LikeKind::EndsWith,
            false,
            Dialect::Sqlite,
            r#"substr(lower("t0"."a"), length("t0"."a") - length("t0"."b") + 1) = lower("t0"."b")"#,
        ),
        (
            LikeKind::StartsWith,
            false,
            Dialect::Mysql,
            "LOCATE(`t0`.`b`, `t0`.`a`) = 1",
        ),
        (
            LikeKind::EndsWith,
            true,
            Dialect::Mysql,
            "RIGHT(`t0`.`a`, CHAR_LENGTH(`t0`.`b`)) = `t0`.`b`",
        ),
    ];
    for (kind, insensitive, dialect, text) in cases {
        let sql = cond_sql(dialect, &Cond::ColumnLike("a", kind, "b", insensitive));
        assert_eq!(sql.text, text);
        assert!(sql.params.is_empty());
    }
}

#[test]
fn mariadb_from_10_5_returns_from_insert_and_delete_and_mysql_from_nothing() {
    let insert_delete = Returning {
        insert: true,
        update: false,
        delete: true,
    };
    for (version, expected) in [
        ("10.11.6-MariaDB-0+deb12u1", insert_delete),
        ("10.5.0-MariaDB", insert_delete),
        ("11.4.2-MariaDB-log", insert_delete),
        ("10.4.32-MariaDB", Returning::NONE),
        ("5.5.5-10.3.39-MariaDB", Returning::NONE),
        ("8.0.36", Returning::NONE),
        ("8.4.0-commercial", Returning::NONE),
        ("", Returning::NONE),
    ] {
        assert_eq!(Returning::of_mysql_server(version), expected, "{version}");
    }
}

#[test]
fn integers_are_written_in_decimal() {
    for (n, negative, text) in [
        (0, false, "0"),
        (7, false, "7"),
        (10, false, "10"),
        (1_000_000, false, "1000000"),
        (5, true, "-5"),
        (u64::MAX, false, "18446744073709551615"),
        (i64::MIN.unsigned_abs(), true, "-9223372036854775808"),
    ] {
        let mut sql = String::from("LIMIT ");
        super::push_integer(&mut sql, n, negative);
        assert_eq!(sql, format!("LIMIT {text}"));
    }
}
