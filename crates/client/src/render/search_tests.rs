//! The SQL of full-text search (`search`, `_relevance`), per dialect, as Prisma writes it
//! (quaint's visitors: `to_tsvector(concat_ws(' ', …)) @@ to_tsquery(…)` and `ts_rank` on
//! PostgreSQL, `MATCH (…)AGAINST (… IN BOOLEAN MODE)` on MySQL), and its refusals.

use super::*;
use crate::meta::{FieldMeta, ScalarKind};
use crate::query::TextSearch;

static ARTICLE: ModelMeta = ModelMeta::new(
    "Article",
    "Article",
    &[
        FieldMeta::new("id", ScalarKind::Int),
        FieldMeta::new("title", ScalarKind::String),
        FieldMeta::new("body", ScalarKind::String),
    ],
    &[0],
)
.full_text_search();

fn search(columns: &[Col], query: &str) -> TextSearch {
    TextSearch {
        columns: columns.to_vec(),
        query: query.to_owned(),
        schema_allows: true,
    }
}

fn select_where(filter: Cond, order: Vec<OrderItem>) -> Select {
    Select {
        filter,
        order,
        ..Select::all(&ARTICLE)
    }
}

const PG_COLUMNS: &str = r#"SELECT "t0"."id", "t0"."title", "t0"."body" FROM "Article" AS "t0""#;
const MY_COLUMNS: &str = "SELECT `t0`.`id`, `t0`.`title`, `t0`.`body` FROM `Article` AS `t0`";

#[test]
fn search_filters_are_prisma_s_sql() {
    let filter = Cond::Search(search(&["title"], "cat & dog"));
    let pg = select(Dialect::Postgres, &select_where(filter.clone(), Vec::new())).unwrap();
    assert_eq!(
        pg.text,
        format!(
            r#"{PG_COLUMNS} WHERE to_tsvector(concat_ws(' ', "t0"."title")) @@ to_tsquery($1)"#
        )
    );
    assert_eq!(pg.params, [Value::from("cat & dog")]);
    let my = select(Dialect::Mysql, &select_where(filter, Vec::new())).unwrap();
    assert_eq!(
        my.text,
        format!("{MY_COLUMNS} WHERE MATCH (`t0`.`title`)AGAINST (? IN BOOLEAN MODE)")
    );
    assert_eq!(my.params, [Value::from("cat & dog")]);
}

#[test]
fn searches_sharing_a_query_in_one_block_are_merged_as_prisma_merges_them() {
    let and = Cond::And(vec![
        Cond::Search(search(&["title"], "cat")),
        Cond::Cmp("id", CmpOp::Gt, Value::Int(1)),
        Cond::Search(search(&["body"], "cat")),
        Cond::Search(search(&["body"], "dog")),
    ]);
    let sql = cond_sql(Dialect::Mysql, &and);
    assert_eq!(
        sql.text,
        "(MATCH (`t0`.`title`,`t0`.`body`)AGAINST (? IN BOOLEAN MODE) AND `t0`.`id` > ? AND \
         MATCH (`t0`.`body`)AGAINST (? IN BOOLEAN MODE))"
    );
    assert_eq!(
        sql.params,
        [Value::from("cat"), Value::Int(1), Value::from("dog")]
    );
    let or = Cond::Or(vec![
        Cond::Search(search(&["title"], "cat")),
        Cond::Search(search(&["body"], "cat")),
    ]);
    assert_eq!(
        cond_sql(Dialect::Postgres, &or).text,
        r#"(to_tsvector(concat_ws(' ', "t0"."title","t0"."body")) @@ to_tsquery($1))"#
    );
    let not = Cond::Not(Box::new(Cond::Search(search(&["title"], "cat"))));
    assert_eq!(
        cond_sql(Dialect::Mysql, &not).text,
        "(NOT MATCH (`t0`.`title`)AGAINST (? IN BOOLEAN MODE))"
    );
}

#[test]
fn relevance_orders_by_ts_rank_or_match_against() {
    let order = vec![OrderItem {
        expr: OrderExpr::Relevance(search(&["title", "body"], "cat")),
        desc: true,
        nulls: None,
    }];
    let filter = Cond::Search(search(&["body"], "dog"));
    let pg = select(
        Dialect::Postgres,
        &select_where(filter.clone(), order.clone()),
    )
    .unwrap();
    assert_eq!(
        pg.text,
        format!(
            r#"{PG_COLUMNS} WHERE to_tsvector(concat_ws(' ', "t0"."body")) @@ to_tsquery($1) ORDER BY ts_rank(to_tsvector(concat_ws(' ', "t0"."title","t0"."body")), to_tsquery($2)) DESC"#
        )
    );
    assert_eq!(pg.params, [Value::from("dog"), Value::from("cat")]);
    let my = select(Dialect::Mysql, &select_where(filter, order)).unwrap();
    assert_eq!(
        my.text,
        format!(
            "{MY_COLUMNS} WHERE MATCH (`t0`.`body`)AGAINST (? IN BOOLEAN MODE) ORDER BY MATCH \
             (`t0`.`title`,`t0`.`body`)AGAINST (? IN BOOLEAN MODE) DESC"
        )
    );
    assert_eq!(my.params, [Value::from("dog"), Value::from("cat")]);
}

#[test]
fn search_is_refused_where_the_database_or_the_schema_has_none() {
    // The renderer returns the refusal (P2009) where it finds it: no statement to send.
    let refusal = |sql: crate::error::Result<Sql>| -> String {
        let err = sql.expect_err("refused");
        assert_eq!(err.code(), "P2009", "{err:?}");
        err.to_string()
    };
    let filter = Cond::Search(search(&["title"], "cat"));
    let why = refusal(select(
        Dialect::Sqlite,
        &select_where(filter.clone(), Vec::new()),
    ));
    assert!(why.contains("not available on SQLite"), "{why}");

    let mut not_allowed = search(&["title"], "cat");
    not_allowed.schema_allows = false;
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let why = refusal(count(
            dialect,
            &select_where(Cond::Search(not_allowed.clone()), Vec::new()),
        ));
        assert!(why.contains("fullTextSearchPostgres"), "{why}");
    }

    let order = vec![OrderItem {
        expr: OrderExpr::Relevance(search(&[], "cat")),
        desc: false,
        nulls: None,
    }];
    let why = refusal(select(Dialect::Postgres, &select_where(Cond::True, order)));
    assert!(why.contains("`fields`"), "{why}");
    assert!(select(Dialect::Postgres, &select_where(filter, Vec::new())).is_ok());
}

fn cond_sql(dialect: Dialect, c: &Cond) -> Sql {
    let mut r = Renderer::new(dialect);
    r.cond("t0", c);
    r.finish().expect("a condition the renderer writes")
}
