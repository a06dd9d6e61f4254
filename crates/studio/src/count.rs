//! How many records a table has ("1,204 rows", "12 matching"), without slowing paging on a
//! large table: rows are counted up to [`EXACT_UP_TO`] (one bounded statement); past that,
//! an unfiltered PostgreSQL table shows the planner's estimate ("about 1,000,000 rows"),
//! anything else "more than 100,000"; the exact count is a click away.

use client::Value;
use client::query::{Cond, Select};
use client::{Executor, dynamic};

use crate::catalog::Model;
use crate::dialect;
use crate::web::AppState;

/// Rows are counted exactly up to this many.
pub const EXACT_UP_TO: i64 = 100_000;

/// A table's number of records, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Counted.
    Exact(u64),
    /// The database's estimate (PostgreSQL's statistics).
    About(u64),
    /// Counting stopped here.
    MoreThan(u64),
}

/// The number of records of `model` that `filter` picks: counted exactly when `exact`.
pub async fn total(
    state: &AppState,
    model: &Model,
    filter: &Cond,
    exact: bool,
) -> client::Result<Total> {
    let exec = state.client.executor();
    let all = Select {
        filter: filter.clone(),
        ..Select::all(model.meta)
    };
    if exact {
        return Ok(Total::Exact(dynamic::count(exec, &all).await?));
    }
    if *filter == Cond::True
        && !model.is_view
        && let Some(sql) = dialect::row_estimate(state.client.dialect())
    {
        let params = vec![
            Value::Text(model.meta.table.to_owned()),
            model
                .meta
                .schema
                .map_or(Value::Null, |s| Value::Text(s.to_owned())),
        ];
        let estimate = state
            .client
            .query_raw(sql, params, |r| r.read::<i64>())
            .await?;
        if let Some(&n) = estimate.first()
            && n > EXACT_UP_TO
        {
            return Ok(Total::About(n as u64));
        }
    }
    let capped = Select {
        take: Some(EXACT_UP_TO + 1),
        ..all
    };
    let n = dynamic::count(exec, &capped).await?;
    Ok(if n > EXACT_UP_TO as u64 {
        Total::MoreThan(EXACT_UP_TO as u64)
    } else {
        Total::Exact(n)
    })
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1,204 rows", "about 1,000,000 rows", "more than 100,000 matching".
pub fn describe(total: Total, filtered: bool) -> String {
    let noun = |n: u64| match (filtered, n) {
        (true, _) => "matching",
        (false, 1) => "row",
        (false, _) => "rows",
    };
    match total {
        Total::Exact(n) => format!("{} {}", thousands(n), noun(n)),
        Total::About(n) => format!("about {} {}", thousands(n), noun(n)),
        Total::MoreThan(n) => format!("more than {} {}", thousands(n), noun(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(describe(Total::Exact(1), false), "1 row");
        assert_eq!(describe(Total::Exact(3), true), "3 matching");
        assert_eq!(
            describe(Total::About(1_000_000), false),
            "about 1,000,000 rows"
        );
        assert_eq!(
            describe(Total::MoreThan(100_000), true),
            "more than 100,000 matching"
        );
    }
}
