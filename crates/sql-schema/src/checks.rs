//! Diffing table check constraints: matched by name; a check whose expression changed (as
//! [`crate::predicate::predicates_match`] compares them, so a server's own spelling of the
//! expression is no change) is dropped and added again.

use crate::model::CheckConstraint;
use crate::steps::TableChange;

/// Drops first (previous positions), then adds (next positions).
pub(crate) fn changes(previous: &[CheckConstraint], next: &[CheckConstraint]) -> Vec<TableChange> {
    let same = |a: &CheckConstraint, b: &CheckConstraint| {
        a.name == b.name
            && crate::predicate::predicates_match(Some(&a.expression), Some(&b.expression))
    };
    let mut out = Vec::new();
    for (check, p) in previous.iter().enumerate() {
        if !next.iter().any(|n| same(p, n)) {
            out.push(TableChange::DropCheck { check });
        }
    }
    for (check, n) in next.iter().enumerate() {
        if !previous.iter().any(|p| same(p, n)) {
            out.push(TableChange::AddCheck { check });
        }
    }
    out
}
