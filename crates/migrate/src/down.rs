//! Down scripts: the SQL that takes a database back from the schema after a migration to the
//! schema before it, computed by the differ in reverse (from = after, to = before), with the
//! data the reversal would lose listed in Prisma's `/* Warnings: … */` header.
//!
//! The warnings are written when the script is, long before it runs, so they cannot count
//! rows: they take Prisma's wording for a database whose contents are unknown ("If the table
//! is not empty, …"). [`warnings_of`] reads them back from a script for the CLI to show.

use sql_schema::{
    ColumnArity, ColumnId, ColumnTypeChange, IndexKind, Migration, MigrationStep, SqlSchema,
    TableChange,
};

use crate::dialect::Dialect;

/// The down script of a migration that took the database from `before` to `after` (both
/// described from a database, or calculated), as `migrate dev --with-down` writes it to
/// `down.sql`: the differ's steps from `after` to `before`, rendered as a migration script
/// ([`Dialect::render_down_step`]), headed by the data-loss warnings of
/// [`data_loss_warnings`]; ends with a newline.
pub fn down_script(after: &SqlSchema, before: &SqlSchema, dialect: &dyn Dialect) -> String {
    let migration = crate::diff(after, before, dialect);
    let warnings = data_loss_warnings(&migration);
    let mut script = crate::render::render_script_with(&migration, &warnings, &|step, schemas| {
        dialect.render_down_step(step, schemas)
    });
    if !script.ends_with('\n') {
        script.push('\n');
    }
    script
}

/// What `migration` may lose or fail on, whatever the data: dropped tables and columns,
/// narrowing casts, columns dropped and recreated, columns made required or added as required
/// without a default, removed enum values, new unique constraints. Prisma's sentences for a
/// database it could not count rows in, in step order.
pub fn data_loss_warnings(migration: &Migration<'_>) -> Vec<String> {
    let schemas = migration.schemas;
    let previous_column = |id: ColumnId| {
        let table = schemas.previous.table(id.table);
        (table.name.as_str(), &table.columns[id.position as usize])
    };
    let next_column = |id: ColumnId| {
        let table = schemas.next.table(id.table);
        (table.name.as_str(), &table.columns[id.position as usize])
    };
    let dropped = |id: ColumnId, out: &mut Vec<String>| {
        let (table, column) = previous_column(id);
        out.push(format!(
            "You are about to drop the column `{}` on the `{table}` table. All the data in the column will be lost.",
            column.name
        ));
    };
    let added = |id: ColumnId, out: &mut Vec<String>| {
        let (table, column) = next_column(id);
        if column.tpe.arity == ColumnArity::Required
            && column.default.is_none()
            && !column.auto_increment
        {
            out.push(format!(
                "Added the required column `{}` to the `{table}` table without a default value. This is not possible if the table is not empty.",
                column.name
            ));
        }
    };
    let altered = |previous: ColumnId,
                   next: ColumnId,
                   cast: Option<ColumnTypeChange>,
                   out: &mut Vec<_>| {
        let (_, before) = previous_column(previous);
        let (table, after) = next_column(next);
        if before.tpe.arity == ColumnArity::Nullable && after.tpe.arity == ColumnArity::Required {
            out.push(format!(
                    "Made the column `{}` on table `{table}` required. This is not possible if the column contains NULL values.",
                    after.name
                ));
        }
        let types = (&before.tpe.full_data_type, &after.tpe.full_data_type);
        match cast {
                Some(ColumnTypeChange::RiskyCast) => out.push(format!(
                    "You are about to alter the column `{}` on the `{table}` table. The data in that column could be lost. The data in that column will be cast from `{}` to `{}`.",
                    after.name, types.0, types.1
                )),
                Some(ColumnTypeChange::NotCastable) => out.push(format!(
                    "Changed the type of `{}` on the `{table}` table. No cast exists from `{}` to `{}`: this is not possible if the column contains data.",
                    after.name, types.0, types.1
                )),
                _ => {}
            }
    };

    let mut out = Vec::new();
    for step in &migration.steps {
        match step {
            MigrationStep::DropTable(id) => out.push(format!(
                "You are about to drop the `{}` table. If the table is not empty, all the data it contains will be lost.",
                schemas.previous.table(*id).name
            )),
            MigrationStep::AlterTable(alter) => {
                for change in &alter.changes {
                    match change {
                        TableChange::DropColumn { column } => dropped(*column, &mut out),
                        TableChange::AddColumn { column } => added(*column, &mut out),
                        TableChange::AlterColumn(a) => altered(
                            a.columns.previous,
                            a.columns.next,
                            a.type_change,
                            &mut out,
                        ),
                        TableChange::DropAndRecreateColumn { columns, .. } => {
                            let (table, column) = next_column(columns.next);
                            out.push(format!(
                                "The `{}` column on the `{table}` table would be dropped and recreated. This will lead to data loss if there is data in the column.",
                                column.name
                            ));
                        }
                        _ => {}
                    }
                }
            }
            MigrationStep::RedefineTables(tables) => {
                for t in tables {
                    for column in &t.dropped_columns {
                        dropped(*column, &mut out);
                    }
                    for column in &t.added_columns {
                        added(*column, &mut out);
                    }
                    for (columns, _, cast) in &t.column_pairs {
                        altered(columns.previous, columns.next, *cast, &mut out);
                    }
                }
            }
            MigrationStep::AlterEnum(alter) if !alter.dropped_values.is_empty() => {
                out.push(format!(
                    "The values [{}] on the enum `{}` will be removed. If these variants are still used in the database, this will fail.",
                    alter.dropped_values.join(","),
                    schemas.next.enum_(alter.enums.next).name
                ));
            }
            MigrationStep::CreateIndex {
                tables: (Some(_), _),
                index,
            } => {
                let table = schemas.next.table(index.table);
                let idx = &table.indexes[index.position as usize];
                if idx.kind == IndexKind::Unique {
                    let columns: Vec<&str> = idx
                        .columns
                        .iter()
                        .map(|c| table.columns[c.column].name.as_str())
                        .collect();
                    out.push(format!(
                        "A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.",
                        columns.join(","),
                        table.name
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// The start of the last line of a down script that `migrate dev --with-down` writes: the
/// checksum of the `migration.sql` it undoes, which `migrate down` compares with the file.
pub const SOURCE_MARKER: &str = "-- refract: down script of the migration.sql with checksum ";

/// `down` with a last line naming the checksum of `migration_script`, the script it undoes
/// (see [`SOURCE_MARKER`]).
pub fn mark_source(down: &str, migration_script: &str) -> String {
    let mut out = down.to_owned();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{SOURCE_MARKER}{}\n",
        crate::history::checksum(migration_script)
    ));
    out
}

/// The checksum a down script's marker line names (see [`mark_source`]), if it has one.
pub fn source_checksum(down: &str) -> Option<&str> {
    down.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix(SOURCE_MARKER))
        .map(str::trim)
}

/// The warnings of a script's `/* Warnings: … */` header (as [`down_script`] and
/// `migrate dev` write it), one sentence each; none when it has no such header.
pub fn warnings_of(script: &str) -> Vec<String> {
    let Some(rest) = script.trim_start().strip_prefix("/*") else {
        return Vec::new();
    };
    let Some((header, _)) = rest.split_once("*/") else {
        return Vec::new();
    };
    if !header.trim_start().starts_with("Warnings:") {
        return Vec::new();
    }
    header
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_checksum_is_written_and_read_back() {
        let marked = mark_source(
            "-- DropTable\nDROP TABLE \"A\";\n",
            "CREATE TABLE \"A\" ();\n",
        );
        assert!(
            marked.starts_with("-- DropTable\nDROP TABLE \"A\";\n\n-- refract: "),
            "{marked}"
        );
        assert_eq!(
            source_checksum(&marked),
            Some(crate::history::checksum("CREATE TABLE \"A\" ();\n").as_str())
        );
        assert_eq!(source_checksum("DROP TABLE \"A\";\n"), None);
    }

    #[test]
    fn warnings_are_read_back_from_the_header() {
        let script = "/*\n  Warnings:\n\n  - You are about to drop the `A` table.\n  - B.\n\n*/\n-- DropTable\nDROP TABLE \"A\";\n";
        assert_eq!(
            warnings_of(script),
            ["You are about to drop the `A` table.", "B."]
        );
        assert!(warnings_of("-- DropTable\nDROP TABLE \"A\";\n").is_empty());
        assert!(warnings_of("/* a comment\n - not a warning */").is_empty());
    }
}
