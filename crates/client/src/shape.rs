//! What every model's `omit` shape shares, written once: the field markers
//! (`user::omit::HashedPassword` is a constant of [`OmitMarker`]) and the `Selection` of a
//! shape (in `select`: which columns to read follows from the shape's slots and the
//! model's [`ModelMeta`](crate::ModelMeta)). A model's generated code declares its shape struct, the
//! shape as a [`Cons`] list, and how the struct reads a row ([`ReadShape`]).

use std::marker::PhantomData;

use crate::decode::{FromColumn, RowReader};
use crate::error::Result;
use crate::meta::FieldMeta;
use crate::query::Projection;
use crate::typed::Model;

/// The place of an omitted field in a record read with `omit`: it holds no value, so the
/// field cannot be read as its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Omitted;

/// A field of a record shape: either its type (read from the row) or [`Omitted`] (not read).
pub trait Slot: Sized + Clone + Send + Sync + 'static {
    /// Whether the field is read.
    const PRESENT: bool;
    /// Reads the field from the row (nothing for [`Omitted`]).
    fn read_slot(row: &mut RowReader<'_>) -> Result<Self>;
}

impl<T: FromColumn + Clone + Send + Sync + 'static> Slot for T {
    const PRESENT: bool = true;
    fn read_slot(row: &mut RowReader<'_>) -> Result<Self> {
        row.read()
    }
}

impl Slot for Omitted {
    const PRESENT: bool = false;
    fn read_slot(_: &mut RowReader<'_>) -> Result<Self> {
        Ok(Omitted)
    }
}

/// A model whose records can be read with fields omitted: `Full` is its generated shape
/// (`user::Shape<…>`) with every field present.
pub trait Shaped: Model {
    /// The shape with every field present.
    type Full;
}

/// A field marker (`user::omit::HashedPassword`) or a tuple of them: omitting it from shape
/// `S` gives shape `Out`, with the field's slot [`Omitted`].
pub trait OmitField<S> {
    /// The shape without the field(s).
    type Out;
}

/// A type-level list of a shape's slots, `Cons<P0, Cons<P1, … Nil>>`: omitting field `k` of
/// any model is one generic rule ([`ReplaceAt`]) over it, so each generated field marker is a
/// constant amount of code, whatever the model's width.
#[derive(Debug, Clone, Copy)]
pub struct Cons<H, T>(PhantomData<fn() -> (H, T)>);
/// The end of a [`Cons`] list.
#[derive(Debug, Clone, Copy)]
pub struct Nil;
/// Position 0 of a [`Cons`] list.
#[derive(Debug, Clone, Copy)]
pub struct First;
/// The position after `I`.
#[derive(Debug, Clone, Copy)]
pub struct Next<I>(PhantomData<fn() -> I>);

/// The list with the slot at position `I` made [`Omitted`].
pub trait ReplaceAt<I> {
    /// The resulting list.
    type Out;
}
impl<H, T> ReplaceAt<First> for Cons<H, T> {
    type Out = Cons<Omitted, T>;
}
impl<H, T: ReplaceAt<I>, I> ReplaceAt<Next<I>> for Cons<H, T> {
    type Out = Cons<H, T::Out>;
}

/// A generated shape of model `M`, as a [`Cons`] list of its slots and back.
pub trait ShapeList<M> {
    /// The slots, in field order.
    type List;
}

/// The shape of model `Self` whose slots are the list `L` (implemented on the model, so that
/// the impls of different models never need an overlap check).
pub trait ListShape<L> {
    /// The shape.
    type Shape;
}

/// A generated field marker: field number `Index` of model `Model`. Every marker omits its
/// field from any shape of its model through one generic impl.
pub trait FieldMarker {
    /// The model.
    type Model;
    /// The field's position ([`First`], `Next<First>`, …).
    type Index;
}

impl<S, F> OmitField<S> for F
where
    F: FieldMarker,
    S: ShapeList<F::Model>,
    S::List: ReplaceAt<F::Index>,
    F::Model: ListShape<<S::List as ReplaceAt<F::Index>>::Out>,
{
    type Out = <F::Model as ListShape<<S::List as ReplaceAt<F::Index>>::Out>>::Shape;
}

/// `()` omits nothing: `.omit(())` reads every field, including those the generator's `omit`
/// option leaves out of the model's struct (Prisma's `omit: { field: false }`).
impl<S> OmitField<S> for () {
    type Out = S;
}

// Tuples of field markers omit each in turn: (A, B) omits A from S, then B from the result.
impl<S, A: OmitField<S>> OmitField<S> for (A,) {
    type Out = A::Out;
}
impl<S, A: OmitField<S>, B: OmitField<A::Out>> OmitField<S> for (A, B) {
    type Out = B::Out;
}
impl<S, A: OmitField<S>, B: OmitField<A::Out>, C: OmitField<B::Out>> OmitField<S> for (A, B, C) {
    type Out = C::Out;
}
impl<S, A, B, C, D> OmitField<S> for (A, B, C, D)
where
    A: OmitField<S>,
    B: OmitField<A::Out>,
    C: OmitField<B::Out>,
    D: OmitField<C::Out>,
{
    type Out = D::Out;
}
impl<S, A, B, C, D, E> OmitField<S> for (A, B, C, D, E)
where
    A: OmitField<S>,
    B: OmitField<A::Out>,
    C: OmitField<B::Out>,
    D: OmitField<C::Out>,
    E: OmitField<D::Out>,
{
    type Out = E::Out;
}
impl<S, A, B, C, D, E, F> OmitField<S> for (A, B, C, D, E, F)
where
    A: OmitField<S>,
    B: OmitField<A::Out>,
    C: OmitField<B::Out>,
    D: OmitField<C::Out>,
    E: OmitField<D::Out>,
    F: OmitField<E::Out>,
{
    type Out = F::Out;
}

/// The selection of every field of shape `S` that is not [`Omitted`] (Prisma's `omit`); its
/// output is the shape itself. One generic impl (in `select`) is its `Selection` for every model.
pub struct Omit<S>(PhantomData<fn() -> S>);

impl<S> Omit<S> {
    /// The selection (the shape says which fields).
    pub const fn new() -> Self {
        Omit(PhantomData)
    }
}

impl<S> Default for Omit<S> {
    fn default() -> Self {
        Omit::new()
    }
}

impl<S> std::fmt::Debug for Omit<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Omit")
    }
}

/// The field marker of field number `I` (`First`, `Next<First>`, …) of model `M`: generated
/// code declares each marker as a type alias and a constant of this type.
pub struct OmitMarker<M, I>(PhantomData<fn() -> (M, I)>);

impl<M, I> OmitMarker<M, I> {
    /// The marker's value.
    pub const NEW: Self = OmitMarker(PhantomData);
}

impl<M, I> Clone for OmitMarker<M, I> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, I> Copy for OmitMarker<M, I> {}

impl<M, I> std::fmt::Debug for OmitMarker<M, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OmitMarker")
    }
}

impl<M, I> FieldMarker for OmitMarker<M, I> {
    type Model = M;
    type Index = I;
}

/// A generated shape struct (`user::Shape<…>`): reads its present slots from a row, in field
/// order.
pub trait ReadShape: Sized + Clone + Send + Sync + 'static {
    /// Reads the shape's present fields.
    fn read_shape(row: &mut RowReader<'_>) -> Result<Self>;
}

/// A shape's slots as a [`Cons`] list: the columns of the present ones.
pub trait SlotList {
    /// Adds the column of each present slot; `fields` are the model's, from this slot on.
    fn project(fields: &'static [FieldMeta], items: &mut Vec<Projection>);
}

impl SlotList for Nil {
    fn project(_: &'static [FieldMeta], _: &mut Vec<Projection>) {}
}

impl<H: Slot, T: SlotList> SlotList for Cons<H, T> {
    fn project(fields: &'static [FieldMeta], items: &mut Vec<Projection>) {
        if let Some((field, rest)) = fields.split_first() {
            if H::PRESENT {
                items.push(Projection::Column(field.column));
            }
            T::project(rest, items);
        }
    }
}
