//! What PostgreSQL can alter in place, and how risky each column type change is (Prisma's
//! cast table).

use super::types::PgType;
use sql_schema::{
    ColumnArity, ColumnTypeChange, ColumnTypeFamily, ColumnWalker, DifferFlavour, IndexAlgorithm,
    Pair,
};

pub(super) struct PostgresDiffer;

impl DifferFlavour for PostgresDiffer {
    fn column_type_change(&self, columns: Pair<ColumnWalker<'_>>) -> Option<ColumnTypeChange> {
        fn enum_of(c: ColumnWalker<'_>) -> Option<(&str, Option<&str>)> {
            c.column_enum().map(|e| (e.name(), e.namespace()))
        }
        match (enum_of(columns.previous), enum_of(columns.next)) {
            (Some(a), Some(b)) if a == b => return None,
            (Some(_), _) | (_, Some(_)) => return Some(ColumnTypeChange::NotCastable),
            (None, None) => {}
        }
        let native = |c: ColumnWalker<'_>| match c.column().tpe.family {
            ColumnTypeFamily::Unsupported(_) => None,
            _ => PgType::parse(&c.column().tpe.full_data_type),
        };
        let (prev_arity, next_arity) = (columns.previous.arity(), columns.next.arity());
        let from_list_to_scalar =
            prev_arity == ColumnArity::List && next_arity != ColumnArity::List;
        let from_scalar_to_list =
            prev_arity != ColumnArity::List && next_arity == ColumnArity::List;
        use ColumnTypeChange::*;
        match (native(columns.previous), native(columns.next)) {
            (_, Some(PgType::Text)) if from_list_to_scalar => Some(SafeCast),
            (_, Some(PgType::VarChar(None))) if from_list_to_scalar => Some(SafeCast),
            (_, Some(PgType::VarChar(_))) if from_list_to_scalar => Some(RiskyCast),
            (_, Some(PgType::Char(_))) if from_list_to_scalar => Some(RiskyCast),
            _ if from_scalar_to_list || from_list_to_scalar => Some(NotCastable),
            (Some(previous), Some(next)) => cast(previous, next),
            (None, Some(_)) | (Some(_), None) => Some(RiskyCast),
            // Prisma compares the previous type with itself here: unsupported types never
            // change.
            (None, None) => None,
        }
    }

    fn has_enums(&self) -> bool {
        true
    }

    fn indexes_should_be_recreated_after_column_drop(&self) -> bool {
        true
    }

    /// Prisma's rule: the same class, or none on one side and on the other a class Prisma
    /// counts as the default (PostgreSQL reports the default class as none, so `ops: JsonbOps`
    /// on a GIN index is no change after deploy).
    fn operator_classes_match(
        &self,
        previous: Option<&str>,
        next: Option<&str>,
        algorithm: IndexAlgorithm,
    ) -> bool {
        match (previous, next) {
            (Some(p), Some(n)) => p == n,
            (None, None) => true,
            (Some(c), None) | (None, Some(c)) => is_default_class(c, algorithm),
        }
    }
}

/// Whether Prisma counts the operator class `class` (as the schema names it, snake-cased) as
/// the default of its kind: `jsonb_ops`, `array_ops`, `text_ops`, `inet_inclusion_ops`, each
/// `*_minmax_ops` of BRIN, and `inet_ops` on SP-GiST; never `jsonb_path_ops`, the bloom and
/// multi-minmax classes, or a raw class.
fn is_default_class(class: &str, algorithm: IndexAlgorithm) -> bool {
    match class {
        "jsonb_ops" | "array_ops" | "text_ops" | "inet_inclusion_ops" => true,
        "inet_ops" => algorithm == IndexAlgorithm::SpGist,
        _ => class.ends_with("_minmax_ops"),
    }
}

fn cast(previous: PgType, next: PgType) -> Option<ColumnTypeChange> {
    use ColumnTypeChange::*;
    use PgType::*;
    if previous == next {
        return None;
    }
    let next_is_char = matches!(next, Char(_));
    Some(match previous {
        Inet => match next {
            Citext | Text | VarChar(_) => SafeCast,
            _ => NotCastable,
        },
        Money => match next {
            Citext | Text | VarChar(_) => SafeCast,
            _ => RiskyCast,
        },
        Citext => match next {
            Text | VarChar(_) => SafeCast,
            _ => RiskyCast,
        },
        Oid => match next {
            Text | VarChar(_) | BigInt | Integer => SafeCast,
            _ => NotCastable,
        },
        SmallInt => match next {
            Integer | BigInt | Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 3 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len < 4 => RiskyCast,
            VarChar(None) | Char(None) if next_is_char => RiskyCast,
            VarChar(_) | Char(_) => SafeCast,
            _ => NotCastable,
        },
        Integer => match next {
            SmallInt => RiskyCast,
            BigInt | Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 10 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len < 11 => RiskyCast,
            VarChar(None) | Char(None) if next_is_char => RiskyCast,
            VarChar(_) | Char(_) => SafeCast,
            _ => NotCastable,
        },
        BigInt => match next {
            SmallInt | Integer => RiskyCast,
            Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 19 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len < 20 => RiskyCast,
            VarChar(None) | Char(None) if next_is_char => RiskyCast,
            VarChar(_) | Char(_) => SafeCast,
            _ => NotCastable,
        },
        Decimal(old) => match next {
            SmallInt | Integer | BigInt => {
                let limit = match next {
                    SmallInt => 2,
                    Integer => 9,
                    _ => 18,
                };
                match old {
                    None => RiskyCast,
                    Some((_, s)) if s > 0 => RiskyCast,
                    Some((p, 0)) if p > limit => RiskyCast,
                    _ => SafeCast,
                }
            }
            Decimal(new) => match (old, new) {
                (Some(_), None) => SafeCast,
                (None, Some((p, s))) if p < 131072 || s < 16383 => RiskyCast,
                (Some((po, so)), Some((pn, sn)))
                    if po.saturating_sub(so) > pn.saturating_sub(sn) || so > sn =>
                {
                    RiskyCast
                }
                _ => SafeCast,
            },
            Real | DoublePrecision => RiskyCast,
            VarChar(len) | Char(len) => match (len, old) {
                (Some(len), Some((p, 0))) if p + 1 > len => RiskyCast,
                (Some(len), Some((p, n))) if n > 0 && p + 2 > len => RiskyCast,
                (Some(len), None) if len < 131073 => RiskyCast,
                (None, _) if next_is_char => RiskyCast,
                _ => SafeCast,
            },
            Text => SafeCast,
            _ => NotCastable,
        },
        Real => match next {
            SmallInt | Integer | BigInt | Decimal(_) => RiskyCast,
            Real | DoublePrecision | Text => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len < 47 => RiskyCast,
            VarChar(None) | Char(None) if next_is_char => RiskyCast,
            VarChar(_) | Char(_) => SafeCast,
            _ => NotCastable,
        },
        DoublePrecision => match next {
            SmallInt | Integer | BigInt | Decimal(_) | Real => RiskyCast,
            DoublePrecision | Text => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len < 317 => RiskyCast,
            VarChar(None) | Char(None) if next_is_char => RiskyCast,
            VarChar(_) | Char(_) => SafeCast,
            _ => NotCastable,
        },
        VarChar(old) => match next {
            Text => SafeCast,
            VarChar(new) | Char(new) => match (old, new) {
                (None, None) if next_is_char => RiskyCast,
                (None, Some(_)) => RiskyCast,
                (Some(1), None) => SafeCast,
                (Some(_), None) if next_is_char => RiskyCast,
                (Some(_), None) => SafeCast,
                (Some(o), Some(n)) if o > n => RiskyCast,
                _ => SafeCast,
            },
            _ => NotCastable,
        },
        Char(old) => match next {
            Text => SafeCast,
            VarChar(new) | Char(new) => match (old, new) {
                (None, _) => SafeCast,
                (Some(1), None) => SafeCast,
                (Some(_), None) if next_is_char => RiskyCast,
                (Some(_), None) => SafeCast,
                (Some(o), Some(n)) if o > n => RiskyCast,
                _ => SafeCast,
            },
            _ => NotCastable,
        },
        Text => match next {
            Text | VarChar(None) | Citext => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        ByteA => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len > 2 => RiskyCast,
            _ => NotCastable,
        },
        Timestamp(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 22 => SafeCast,
            Timestamp(None) => return None,
            Timestamp(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timestamp(_) | Timestamptz(_) | Date | Time(_) | Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Timestamptz(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 27 => SafeCast,
            Timestamptz(None) => return None,
            Timestamptz(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timestamp(_) | Timestamptz(_) | Date | Time(_) | Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Date => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 27 => SafeCast,
            Timestamp(_) | Timestamptz(_) => SafeCast,
            _ => NotCastable,
        },
        Time(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 13 => SafeCast,
            Time(None) => return None,
            Time(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Timetz(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 18 => SafeCast,
            Timetz(None) => return None,
            Timetz(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timetz(_) | Time(_) => SafeCast,
            _ => NotCastable,
        },
        Boolean => match next {
            Text | VarChar(_) => SafeCast,
            Char(Some(len)) if len > 4 => SafeCast,
            Char(Some(len)) if len > 3 => RiskyCast,
            _ => NotCastable,
        },
        Bit(None) => match next {
            Text | VarChar(_) | Char(_) | VarBit(_) => SafeCast,
            _ => NotCastable,
        },
        Bit(Some(len)) => match next {
            Text | VarChar(None) | VarBit(None) => SafeCast,
            VarChar(Some(n)) if n >= len => SafeCast,
            VarBit(Some(n)) | Char(Some(n)) if n >= len => SafeCast,
            _ => NotCastable,
        },
        VarBit(None) => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) | Bit(_) => RiskyCast,
            _ => NotCastable,
        },
        VarBit(Some(len)) => match next {
            Text | VarChar(None) | VarBit(None) => SafeCast,
            VarBit(Some(n)) if n > len => SafeCast,
            VarChar(Some(n)) | Char(Some(n)) if n >= len => SafeCast,
            Bit(Some(n)) if n <= len => RiskyCast,
            Bit(None) => RiskyCast,
            Char(_) | VarChar(_) => RiskyCast,
            _ => NotCastable,
        },
        Uuid => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len > 31 => SafeCast,
            _ => NotCastable,
        },
        Xml => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        Json => match next {
            Text | JsonB | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        JsonB => match next {
            Text | Json | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
    })
}
