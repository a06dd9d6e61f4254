//! The schema before each statement is a trait: another implementation (the `sql-interp`
//! interpreter, later) plugs in through `lint::lint_with` without touching the checks.

use lint::{ColumnInfo, Dialect, Migration, SchemaBefore, TableState};
use sqlparser::ast::Statement;

/// A schema that knows one existing table, `Big`, with a nullable `note` column.
struct Fixed;

impl SchemaBefore for Fixed {
    fn begin_migration(&mut self) {}
    fn table(&self, table: &str) -> TableState {
        if table == "Big" {
            TableState::Existing
        } else {
            TableState::New
        }
    }
    fn columns(&self, table: &str) -> Vec<ColumnInfo> {
        if table != "Big" {
            return Vec::new();
        }
        vec![ColumnInfo {
            name: "note".into(),
            data_type: "VARCHAR(100)".into(),
            not_null: false,
            fills_itself: false,
        }]
    }
    fn index_table(&self, _: &str) -> Option<String> {
        None
    }
    fn enum_type(&self, _: &str) -> Option<TableState> {
        None
    }
    fn has_not_null_check(&self, _: &str, _: &str) -> bool {
        false
    }
    fn apply(&mut self, _: &Statement) {}
}

#[test]
fn another_schema_model_plugs_in() {
    let sql = "SET lock_timeout = '1s';\nCREATE INDEX \"a\" ON \"Small\"(\"x\");\nCREATE INDEX \"b\" ON \"Big\"(\"x\");\nALTER TABLE \"Big\" ALTER COLUMN \"note\" SET DATA TYPE VARCHAR(10);\n";
    let migration = Migration {
        name: "m".into(),
        path: "m.sql".into(),
        sql: sql.into(),
        lint: true,
    };
    let report = lint::lint_with(Dialect::Postgres, &[migration], &mut Fixed);
    let codes: Vec<(u64, &str)> = report
        .findings
        .iter()
        .filter(|f| f.code != "R200")
        .map(|f| (f.line, f.code))
        .collect();
    assert_eq!(codes, [(3, "R201"), (4, "R204"), (4, "R103")]);
}
