//! Column types as the checks compare them: family and capacity, to tell a narrowing change
//! (values may not fit) and, on PostgreSQL, a binary-compatible one (no rewrite).

/// A type's family and capacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// Characters, at most this many (`f64::INFINITY`: unbounded).
    Text(f64),
    /// Integers of this many bytes.
    Int(u8),
    /// Exact decimals: digits before the point, digits after (`None`: unconstrained).
    Decimal(Option<(i64, i64)>),
    /// Floats of this many bytes.
    Float(u8),
    /// Timestamps / times with fractional-second precision (6 when not given).
    Timestamp(&'static str, i64),
    /// Anything else, by its upper-cased name.
    Other,
}

fn args(t: &str) -> Vec<i64> {
    let Some(open) = t.find('(') else {
        return Vec::new();
    };
    let close = t.rfind(')').unwrap_or(t.len());
    t[open + 1..close.max(open + 1)]
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect()
}

/// Reads a type written as SQL (`VARCHAR(191)`, `INTEGER`, `DECIMAL(65,30)`).
pub(crate) fn kind(t: &str) -> Kind {
    let upper = t.trim().to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or("").trim();
    let base = base.trim_end_matches(" UNSIGNED");
    let a = args(&upper);
    let first = a.first().copied();
    match base {
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "CHAR" | "CHARACTER" | "NCHAR"
        | "BPCHAR" | "VARBINARY" | "BINARY" => {
            Kind::Text(first.map_or(f64::INFINITY, |n| n as f64))
        }
        "TEXT" if first.is_some() => Kind::Text(first.map_or(f64::INFINITY, |n| n as f64)),
        "TINYTEXT" | "TINYBLOB" => Kind::Text(255.0),
        "TEXT" | "BLOB" | "CITEXT" | "STRING" | "CLOB" => Kind::Text(f64::INFINITY),
        "MEDIUMTEXT" | "MEDIUMBLOB" | "LONGTEXT" | "LONGBLOB" => Kind::Text(f64::INFINITY),
        "TINYINT" | "INT1" => Kind::Int(1),
        "SMALLINT" | "INT2" => Kind::Int(2),
        "MEDIUMINT" => Kind::Int(3),
        "INT" | "INTEGER" | "INT4" => Kind::Int(4),
        "BIGINT" | "INT8" => Kind::Int(8),
        "DECIMAL" | "NUMERIC" | "DEC" => Kind::Decimal(match a.as_slice() {
            [p] => Some((*p, 0)),
            [p, s] => Some((p - s, *s)),
            _ => None,
        }),
        "REAL" | "FLOAT4" | "FLOAT" => Kind::Float(4),
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" => Kind::Float(8),
        "TIMESTAMP" | "DATETIME" => Kind::Timestamp("timestamp", first.unwrap_or(6)),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => {
            Kind::Timestamp("timestamptz", first.unwrap_or(6))
        }
        "TIME" => Kind::Timestamp("time", first.unwrap_or(6)),
        _ => Kind::Other,
    }
}

/// Why changing `old` to `new` may not fit existing values, if it may not.
pub(crate) fn narrowing(old: &str, new: &str) -> Option<String> {
    let (o, n) = (kind(old), kind(new));
    let why = match (o, n) {
        (Kind::Text(a), Kind::Text(b)) if b < a => "longer values do not fit",
        (Kind::Int(a), Kind::Int(b)) if b < a => "larger numbers do not fit",
        (Kind::Decimal(Some((ai, af))), Kind::Decimal(Some((bi, bf)))) if bi < ai || bf < af => {
            "digits are lost or large values do not fit"
        }
        (Kind::Decimal(None), Kind::Decimal(Some(_))) => "values with more digits do not fit",
        (Kind::Float(a), Kind::Float(b)) if b < a => "precision is lost",
        (Kind::Float(_) | Kind::Decimal(_), Kind::Int(_)) => "fractions are lost",
        (Kind::Timestamp(x, a), Kind::Timestamp(y, b)) if x == y && b < a => {
            "fractional seconds are rounded"
        }
        (Kind::Text(_), Kind::Int(_) | Kind::Decimal(_) | Kind::Float(_) | Kind::Timestamp(..)) => {
            "values that are not valid in the new type make it fail"
        }
        (Kind::Int(_) | Kind::Decimal(_) | Kind::Float(_), Kind::Text(b)) if b < 20.0 => {
            "longer numbers do not fit"
        }
        _ => return None,
    };
    Some(format!("from {old} to {new}: {why}"))
}

/// Whether PostgreSQL changes `old` to `new` without rewriting the table (binary-compatible,
/// or a wider length/precision limit).
pub(crate) fn pg_binary_compatible(old: &str, new: &str) -> bool {
    if old.eq_ignore_ascii_case(new) {
        return true;
    }
    let base = |t: &str| {
        t.to_ascii_uppercase()
            .split('(')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    let varchar = |b: &str| matches!(b, "VARCHAR" | "CHARACTER VARYING");
    let (ob, nb) = (base(old), base(new));
    match (kind(old), kind(new)) {
        (Kind::Text(a), Kind::Text(b)) => {
            (varchar(&ob) || ob == "TEXT")
                && (varchar(&nb) && b >= a || nb == "TEXT" || nb == "CITEXT" && ob == "TEXT")
        }
        (Kind::Decimal(Some((ai, af))), Kind::Decimal(Some((bi, bf)))) => bi >= ai && bf == af,
        (Kind::Decimal(_), Kind::Decimal(None)) => true,
        (Kind::Timestamp(x, a), Kind::Timestamp(y, b)) => x == y && b >= a,
        _ => (ob == "CIDR" && nb == "INET") || (ob == "VARBIT" && nb == "VARBIT"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_and_compatibility() {
        assert!(narrowing("VARCHAR(191)", "VARCHAR(50)").is_some());
        assert!(narrowing("VARCHAR(50)", "TEXT").is_none());
        assert!(narrowing("BIGINT", "INTEGER").is_some());
        assert!(narrowing("TEXT", "INTEGER").is_some());
        assert!(narrowing("DECIMAL(65,30)", "DECIMAL(10,2)").is_some());
        assert!(pg_binary_compatible("VARCHAR(10)", "VARCHAR(20)"));
        assert!(pg_binary_compatible("VARCHAR(10)", "TEXT"));
        assert!(!pg_binary_compatible("TEXT", "VARCHAR(20)"));
        assert!(!pg_binary_compatible("INTEGER", "BIGINT"));
        assert!(pg_binary_compatible("TIMESTAMP(3)", "TIMESTAMP(6)"));
    }
}
