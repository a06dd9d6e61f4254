//! Destructive-change checks against the live database, before a migration runs: what would
//! lose data (warnings, which need confirmation) and what cannot run at all on the data that is
//! there (unexecutable steps, with the fix). Messages are Prisma's.

use driver::Connection;
use sql_schema::{
    Column, ColumnArity, ColumnId, ColumnTypeChange, IndexKind, Migration, MigrationStep,
    SqlSchema, TableChange, TableId,
};

use crate::history::HistoryError;

/// What a migration would do to the data in the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DestructiveReport {
    /// Data-loss warnings (`migrate dev` and `db push` ask before going on).
    pub warnings: Vec<String>,
    /// Steps that cannot run on the current data, each saying why.
    pub unexecutable: Vec<String>,
}

impl DestructiveReport {
    /// Nothing to warn about and nothing blocked.
    pub fn is_empty(&self) -> bool {
        self.warnings.is_empty() && self.unexecutable.is_empty()
    }
}

/// Checks `migration` (whose `previous` schema describes the database behind `conn`).
pub async fn check_destructive(
    conn: &Connection,
    migration: &Migration<'_>,
) -> Result<DestructiveReport, HistoryError> {
    let checker = Checker {
        conn,
        previous: migration.schemas.previous,
        next: migration.schemas.next,
    };
    let mut report = DestructiveReport::default();
    for step in &migration.steps {
        match step {
            MigrationStep::DropTable(table) => {
                let name = &checker.previous.table(*table).name;
                let rows = checker.rows(*table).await?;
                if rows > 0 {
                    report.warnings.push(format!(
                        "You are about to drop the `{name}` table, which is not empty ({rows} rows)."
                    ));
                }
            }
            MigrationStep::AlterTable(alter) => {
                for change in &alter.changes {
                    match change {
                        TableChange::DropColumn { column } => {
                            checker.dropped_column(*column, &mut report).await?;
                        }
                        TableChange::AddColumn { column } => {
                            checker
                                .added_column(alter.tables.previous, *column, &mut report)
                                .await?;
                        }
                        TableChange::AlterColumn(a) => {
                            checker
                                .altered_column(
                                    a.columns.previous,
                                    a.columns.next,
                                    a.type_change,
                                    &mut report,
                                )
                                .await?;
                        }
                        TableChange::DropAndRecreateColumn { columns, .. } => {
                            let (table, column) = checker.previous_column(columns.previous);
                            let (_, next) = checker.next_column(columns.next);
                            let required =
                                next.tpe.arity == ColumnArity::Required && next.default.is_none();
                            if required && checker.rows(columns.previous.table).await? > 0 {
                                report.unexecutable.push(format!(
                                    "Changed the type of `{column}` on the `{table}` table. No cast exists, the column would be dropped and recreated, which cannot be done since the column is required and there is data in the table."
                                ));
                            } else if checker.non_null(columns.previous).await? > 0 {
                                report.warnings.push(format!(
                                    "The `{column}` column on the `{table}` table would be dropped and recreated. This will lead to data loss."
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
            MigrationStep::RedefineTables(tables) => {
                for t in tables {
                    for column in &t.dropped_columns {
                        checker.dropped_column(*column, &mut report).await?;
                    }
                    for column in &t.added_columns {
                        checker
                            .added_column(t.tables.previous, *column, &mut report)
                            .await?;
                    }
                    for (columns, _, type_change) in &t.column_pairs {
                        checker
                            .altered_column(
                                columns.previous,
                                columns.next,
                                *type_change,
                                &mut report,
                            )
                            .await?;
                    }
                }
            }
            MigrationStep::AlterEnum(alter) if !alter.dropped_values.is_empty() => {
                let name = &checker.next.enum_(alter.enums.next).name;
                report.warnings.push(format!(
                    "The values [{}] on the enum `{name}` will be removed. If these variants are still used in the database, this will fail.",
                    alter.dropped_values.join(",")
                ));
            }
            MigrationStep::CreateIndex {
                tables: (Some(previous), _),
                index,
            } => {
                let table = checker.next.table(index.table);
                let idx = &table.indexes[index.position as usize];
                if idx.kind == IndexKind::Unique && checker.rows(*previous).await? > 0 {
                    let columns: Vec<&str> = idx
                        .columns
                        .iter()
                        .map(|c| table.columns[c.column].name.as_str())
                        .collect();
                    report.warnings.push(format!(
                        "A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.",
                        columns.join(","),
                        table.name
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(report)
}

struct Checker<'a> {
    conn: &'a Connection,
    previous: &'a SqlSchema,
    next: &'a SqlSchema,
}

impl Checker<'_> {
    fn previous_column(&self, id: ColumnId) -> (&str, &str) {
        let table = self.previous.table(id.table);
        (&table.name, &table.columns[id.position as usize].name)
    }

    fn next_column(&self, id: ColumnId) -> (&str, &Column) {
        let table = self.next.table(id.table);
        (&table.name, &table.columns[id.position as usize])
    }

    async fn count(&self, table: TableId, expression: &str) -> Result<i64, HistoryError> {
        let name = self
            .conn
            .provider()
            .quote_identifier(&self.previous.table(table).name);
        let rows = self
            .conn
            .query(&format!("SELECT {expression} AS n FROM {name}"), &[])
            .await?;
        Ok(rows.first().and_then(|r| r.int("n")).unwrap_or(0))
    }

    async fn rows(&self, table: TableId) -> Result<i64, HistoryError> {
        self.count(table, "COUNT(*)").await
    }

    async fn non_null(&self, column: ColumnId) -> Result<i64, HistoryError> {
        let (_, name) = self.previous_column(column);
        let expr = format!("COUNT({})", self.conn.provider().quote_identifier(name));
        self.count(column.table, &expr).await
    }

    async fn dropped_column(
        &self,
        column: ColumnId,
        report: &mut DestructiveReport,
    ) -> Result<(), HistoryError> {
        let values = self.non_null(column).await?;
        if values > 0 {
            let (table, name) = self.previous_column(column);
            report.warnings.push(format!(
                "You are about to drop the column `{name}` on the `{table}` table, which still contains {values} non-null values."
            ));
        }
        Ok(())
    }

    async fn added_column(
        &self,
        previous_table: TableId,
        column: ColumnId,
        report: &mut DestructiveReport,
    ) -> Result<(), HistoryError> {
        let (table, c) = self.next_column(column);
        let needs_value =
            c.tpe.arity == ColumnArity::Required && c.default.is_none() && !c.auto_increment;
        if needs_value {
            let rows = self.rows(previous_table).await?;
            if rows > 0 {
                report.unexecutable.push(format!(
                    "Added the required column `{}` to the `{table}` table without a default value. There are {rows} rows in this table, it is not possible to execute this step.",
                    c.name
                ));
            }
        }
        Ok(())
    }

    async fn altered_column(
        &self,
        previous: ColumnId,
        next: ColumnId,
        type_change: Option<ColumnTypeChange>,
        report: &mut DestructiveReport,
    ) -> Result<(), HistoryError> {
        let before = &self.previous.table(previous.table).columns[previous.position as usize];
        let (table, after) = self.next_column(next);
        if before.tpe.arity == ColumnArity::Nullable && after.tpe.arity == ColumnArity::Required {
            let nulls = self.rows(previous.table).await? - self.non_null(previous).await?;
            if nulls > 0 {
                report.unexecutable.push(format!(
                    "Made the column `{}` on table `{table}` required, but there are {nulls} existing NULL values.",
                    after.name
                ));
            }
        }
        match type_change {
            Some(ColumnTypeChange::RiskyCast) | Some(ColumnTypeChange::NotCastable) => {
                let values = self.non_null(previous).await?;
                if values > 0 {
                    let message = format!(
                        "You are about to alter the column `{}` on the `{table}` table, which contains {values} non-null values. The data in that column will be cast from `{}` to `{}`.",
                        after.name, before.tpe.full_data_type, after.tpe.full_data_type
                    );
                    if type_change == Some(ColumnTypeChange::NotCastable) {
                        report.unexecutable.push(message);
                    } else {
                        report.warnings.push(message);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
