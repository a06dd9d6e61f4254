//! What every model's `omit` shape shares, written once: the field markers
//! (`user::omit::HashedPassword` is a constant of [`OmitMarker`]) and the `Selection` of a
//! shape (in `select`: which columns to read follows from the shape's slots and the
//! model's [`ModelMeta`](crate::ModelMeta)). A model's record struct is its own shape, generic
//! in each scalar field's slot with the field's type as default (`User` is the full record,
//! `User<…, Omitted, …>` one read with `omit`); its generated code declares the slots as a
//! [`Cons`] list and back, and how the struct reads a row ([`ReadShape`]). A model whose struct
//! leaves fields out (the generator's `omit` option) declares a separate `Shape` struct.

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
    #[inline]
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

/// A model whose records can be read with fields omitted: `Full` is its shape with every field
/// present (the model itself, or its `Shape<…>` when the generator's `omit` option leaves
/// fields out of the struct).
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

/// Field positions 0 to 63 by name (`I0` is [`First`], `I1` is `Next<I0>`, …): generated
/// `omit` markers name these instead of declaring the chain per model (a wider model
/// spells the positions past 63 as `Next<…>` of `I63`).
pub mod index {
    use super::{First, Next};
    /// Position 0.
    pub type I0 = First;
    /// Position 1.
    pub type I1 = Next<I0>;
    /// Position 2.
    pub type I2 = Next<I1>;
    /// Position 3.
    pub type I3 = Next<I2>;
    /// Position 4.
    pub type I4 = Next<I3>;
    /// Position 5.
    pub type I5 = Next<I4>;
    /// Position 6.
    pub type I6 = Next<I5>;
    /// Position 7.
    pub type I7 = Next<I6>;
    /// Position 8.
    pub type I8 = Next<I7>;
    /// Position 9.
    pub type I9 = Next<I8>;
    /// Position 10.
    pub type I10 = Next<I9>;
    /// Position 11.
    pub type I11 = Next<I10>;
    /// Position 12.
    pub type I12 = Next<I11>;
    /// Position 13.
    pub type I13 = Next<I12>;
    /// Position 14.
    pub type I14 = Next<I13>;
    /// Position 15.
    pub type I15 = Next<I14>;
    /// Position 16.
    pub type I16 = Next<I15>;
    /// Position 17.
    pub type I17 = Next<I16>;
    /// Position 18.
    pub type I18 = Next<I17>;
    /// Position 19.
    pub type I19 = Next<I18>;
    /// Position 20.
    pub type I20 = Next<I19>;
    /// Position 21.
    pub type I21 = Next<I20>;
    /// Position 22.
    pub type I22 = Next<I21>;
    /// Position 23.
    pub type I23 = Next<I22>;
    /// Position 24.
    pub type I24 = Next<I23>;
    /// Position 25.
    pub type I25 = Next<I24>;
    /// Position 26.
    pub type I26 = Next<I25>;
    /// Position 27.
    pub type I27 = Next<I26>;
    /// Position 28.
    pub type I28 = Next<I27>;
    /// Position 29.
    pub type I29 = Next<I28>;
    /// Position 30.
    pub type I30 = Next<I29>;
    /// Position 31.
    pub type I31 = Next<I30>;
    /// Position 32.
    pub type I32 = Next<I31>;
    /// Position 33.
    pub type I33 = Next<I32>;
    /// Position 34.
    pub type I34 = Next<I33>;
    /// Position 35.
    pub type I35 = Next<I34>;
    /// Position 36.
    pub type I36 = Next<I35>;
    /// Position 37.
    pub type I37 = Next<I36>;
    /// Position 38.
    pub type I38 = Next<I37>;
    /// Position 39.
    pub type I39 = Next<I38>;
    /// Position 40.
    pub type I40 = Next<I39>;
    /// Position 41.
    pub type I41 = Next<I40>;
    /// Position 42.
    pub type I42 = Next<I41>;
    /// Position 43.
    pub type I43 = Next<I42>;
    /// Position 44.
    pub type I44 = Next<I43>;
    /// Position 45.
    pub type I45 = Next<I44>;
    /// Position 46.
    pub type I46 = Next<I45>;
    /// Position 47.
    pub type I47 = Next<I46>;
    /// Position 48.
    pub type I48 = Next<I47>;
    /// Position 49.
    pub type I49 = Next<I48>;
    /// Position 50.
    pub type I50 = Next<I49>;
    /// Position 51.
    pub type I51 = Next<I50>;
    /// Position 52.
    pub type I52 = Next<I51>;
    /// Position 53.
    pub type I53 = Next<I52>;
    /// Position 54.
    pub type I54 = Next<I53>;
    /// Position 55.
    pub type I55 = Next<I54>;
    /// Position 56.
    pub type I56 = Next<I55>;
    /// Position 57.
    pub type I57 = Next<I56>;
    /// Position 58.
    pub type I58 = Next<I57>;
    /// Position 59.
    pub type I59 = Next<I58>;
    /// Position 60.
    pub type I60 = Next<I59>;
    /// Position 61.
    pub type I61 = Next<I60>;
    /// Position 62.
    pub type I62 = Next<I61>;
    /// Position 63.
    pub type I63 = Next<I62>;
}

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

/// A generated shape (the record struct `User<…>`, or a `Shape<…>`): reads its present slots
/// from a row, in field order.
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

/// The slots of a shape read in field order, as nested pairs ending in `()`: a record's
/// [`ReadShape`] impl reads `(id, (email, ()))` in one call and moves the values into its
/// fields, one `?` for the whole row instead of one per field (rustc type-checks a `?` per
/// field of every model; the reads themselves are the same once inlined).
pub trait ReadSlots: Sized {
    /// Reads the slots from `row`, in order.
    fn read_slots(row: &mut RowReader<'_>) -> Result<Self>;
}

impl ReadSlots for () {
    #[inline(always)]
    fn read_slots(_: &mut RowReader<'_>) -> Result<Self> {
        Ok(())
    }
}

impl<H: Slot, T: ReadSlots> ReadSlots for (H, T) {
    #[inline(always)]
    fn read_slots(row: &mut RowReader<'_>) -> Result<Self> {
        let head = H::read_slot(row)?;
        Ok((head, T::read_slots(row)?))
    }
}
