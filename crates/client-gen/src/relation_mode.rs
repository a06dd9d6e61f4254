//! `relationMode = "prisma"`: the referential actions the client emulates, carried in the
//! generated `RelationMeta` of the side without the foreign key (`.emulate(…)`) and listed on
//! the referenced model's `META` (`.referenced_by(…)`). Nothing is emitted with foreign keys.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::input::{Model, Relation};
use crate::names::ModelNames;

/// The relation's actions when the client emulates them: on the side without the foreign key of
/// a relation whose foreign key is emulated (`relationMode = "prisma"`).
pub(crate) fn emulated(
    relation: &schema::Relation,
    field: schema::FieldId,
) -> Option<(String, String)> {
    let fk = relation.foreign_key.as_ref()?;
    (fk.is_emulated && relation.field_a != field).then(|| {
        (
            fk.on_delete.as_str().to_owned(),
            fk.on_update.as_str().to_owned(),
        )
    })
}

/// `.emulate("Relation", onDelete, onUpdate)` on a relation's `RelationMeta`, or nothing.
pub(crate) fn emulate_call(r: &Relation, rt: &TokenStream) -> TokenStream {
    let Some((on_delete, on_update)) = &r.emulated else {
        return TokenStream::new();
    };
    let name = &r.relation_name;
    let (d, u) = (format_ident!("{on_delete}"), format_ident!("{on_update}"));
    quote!(.emulate(#name, #rt::ReferentialAction::#d, #rt::ReferentialAction::#u))
}

/// `.referenced_by(&[&A_RELATION, …])` on a model's `META`, or nothing.
pub(crate) fn referenced_by_call(m: &Model, mn: &ModelNames) -> TokenStream {
    let statics: Vec<_> = m
        .relations
        .iter()
        .zip(&mn.relation_statics)
        .filter(|(r, _)| r.emulated.is_some())
        .map(|(_, (meta, _))| meta)
        .collect();
    if statics.is_empty() {
        return TokenStream::new();
    }
    quote!(.referenced_by(&[#(&#statics),*]))
}
