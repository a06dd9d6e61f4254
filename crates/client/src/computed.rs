//! Computed fields, an extension (docs/client.md#computed-fields; Prisma's `result: { model: { field: { needs, compute } } }`): a trait the
//! user implements, read as part of a `select`.

use std::marker::PhantomData;

use crate::client::Exec;
use crate::decode::RowReader;
use crate::error::Result;
use crate::query::Projection;
use crate::select::{SelectFuture, Selection};

/// A field computed from others of `M` records (Prisma's computed field):
///
/// ```ignore
/// struct FullName;
/// impl Computed<user::User> for FullName {
///     type Needs = (Pick<user::User, String>, Pick<user::User, String>);
///     type Output = String;
///     fn needs(&self) -> Self::Needs {
///         (user::select::first_name(), user::select::last_name())
///     }
///     fn compute(&self, (first, last): (String, String)) -> String {
///         format!("{first} {last}")
///     }
/// }
/// ```
///
/// `Needs` is a selection of `M` (fields, relations, counts, or a tuple of them): exactly what
/// is read for it, and all `compute` sees, so a computed field cannot read a field it does
/// not declare, nor one of another model. Read it with [`computed`] in a `select`:
/// `find_many().select((Whole::new(), computed(FullName)))` gives `(User, String)` per record.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is no computed field of `{M}` records",
    label = "implements no `Computed<{M}>`",
    note = "a computed field is read on the model it is declared for: implement \
            `Computed<{M}>` for it"
)]
pub trait Computed<M>: Send + Sync + 'static {
    /// What it is computed from: a selection of `M` (`model::select::field()`, or a tuple).
    type Needs: Selection<M>;
    /// The computed value.
    type Output: Clone + Send + Sync + 'static;
    /// The selection of the fields it needs.
    fn needs(&self) -> Self::Needs;
    /// The value, from what `needs` selected.
    fn compute(&self, needs: <Self::Needs as Selection<M>>::Output) -> Self::Output;
}

/// A computed field in a selection: made by [`computed`].
pub struct Compute<M, C: Computed<M>> {
    field: C,
    needs: C::Needs,
    _m: PhantomData<fn() -> M>,
}

impl<M, C: Computed<M>> std::fmt::Debug for Compute<M, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Compute({})", std::any::type_name::<C>())
    }
}

/// Selects the computed field `field` (beside fields, or the whole record with
/// `Whole::new()`): its output is [`Computed::Output`].
pub fn computed<M, C: Computed<M>>(field: C) -> Compute<M, C> {
    let needs = field.needs();
    Compute {
        field,
        needs,
        _m: PhantomData,
    }
}

impl<M: 'static, C: Computed<M>> Selection<M> for Compute<M, C> {
    type Output = C::Output;
    type Row = <C::Needs as Selection<M>>::Row;
    fn project(&self, items: &mut Vec<Projection>) {
        self.needs.project(items);
    }
    fn read(&self, row: &mut RowReader<'_>) -> Result<Self::Row> {
        self.needs.read(row)
    }
    fn resolve<'a>(&'a self, exec: Exec<'a>, rows: Vec<Self::Row>) -> SelectFuture<'a, C::Output> {
        Box::pin(async move {
            let needed = self.needs.resolve(exec, rows).await?;
            Ok(needed.into_iter().map(|n| self.field.compute(n)).collect())
        })
    }
    // The `join` relation load strategy (`crate::join`): what it needs, joined.
    fn join(&self, plan: &mut crate::join::JoinPlan<'_>) -> crate::join::Planned {
        self.needs.join(plan)
    }
    fn read_joined(&self, row: &mut RowReader<'_>) -> Result<C::Output> {
        Ok(self.field.compute(self.needs.read_joined(row)?))
    }
}
