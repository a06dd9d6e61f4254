//! What MySQL can alter in place, and how risky each column type change is (Prisma's cast
//! table, in [`super::types`]).

use super::types::{MyType, type_change};
use sql_schema::{ColumnTypeChange, ColumnTypeFamily, ColumnWalker, DifferFlavour, Pair};

pub(super) struct MysqlDiffer;

impl DifferFlavour for MysqlDiffer {
    fn column_type_change(&self, columns: Pair<ColumnWalker<'_>>) -> Option<ColumnTypeChange> {
        match (columns.previous.column_enum(), columns.next.column_enum()) {
            (Some(a), Some(b)) => {
                if a.values() == b.values() {
                    return None;
                }
                return Some(if a.values().iter().all(|v| b.values().contains(v)) {
                    ColumnTypeChange::SafeCast
                } else {
                    ColumnTypeChange::RiskyCast
                });
            }
            (Some(_), None) | (None, Some(_)) => return Some(ColumnTypeChange::RiskyCast),
            (None, None) => {}
        }
        // Types Prisma does not know (unsupported) never change, as in Prisma.
        let previous = MyType::parse(&columns.previous.column().tpe.full_data_type)?;
        let next = MyType::parse(&columns.next.column().tpe.full_data_type)?;
        // MariaDB's JSON columns are LONGTEXT (introspected as the JSON family): `JSON` is an
        // alias there, so LONGTEXT → JSON is no change, as in Prisma's differ on MariaDB.
        if columns.previous.column().tpe.family == ColumnTypeFamily::Json
            && previous == MyType::LongText
            && next == MyType::Json
        {
            return None;
        }
        type_change(previous, next)
    }

    fn can_rename_foreign_key(&self) -> bool {
        false
    }

    fn can_cope_with_foreign_key_column_becoming_non_nullable(&self) -> bool {
        false
    }

    fn create_indexes_of_created_tables(&self) -> bool {
        false
    }

    fn ignores_json_defaults(&self) -> bool {
        true
    }

    fn keeps_foreign_key_indexes(&self) -> bool {
        true
    }

    fn indexes_match(
        &self,
        _previous: sql_schema::IndexWalker<'_>,
        _next: sql_schema::IndexWalker<'_>,
    ) -> bool {
        true
    }
}
