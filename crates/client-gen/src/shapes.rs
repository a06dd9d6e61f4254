//! Reading part of a record: the model's `select` module (one pick per field, one selection
//! per relation) and its shape for `omit`. Reading a shape (which columns, in which order) is
//! one generic impl of the runtime; the record struct is its own shape (generic in each
//! field's slot, see [`record_is_shape`]), and a model declares the shape as a type-level list
//! of slots and one marker per field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::input::{Model, Relation};
use crate::names::{ModelNames, Names};
use crate::types::{one_level_deeper, slot_type};
use crate::{Error, inception, model_names};

/// Whether the record struct is its own `omit` shape, generic in each field's slot: yes unless
/// the generator's `omit` leaves a field out of the struct (a shape then holds every field).
pub(crate) fn record_is_shape(m: &Model) -> bool {
    m.fields.iter().all(|f| !f.omitted)
}

/// The type parameter of field `i`'s slot (a leading underscore: no schema name starts so).
pub(crate) fn param(i: usize) -> proc_macro2::Ident {
    format_ident!("_P{i}")
}

/// The `select` module: what to read of each record.
pub(crate) fn gen_select(
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let field_picks = m.fields.iter().enumerate().map(|(i, f)| {
        let id = &mn.fields[i];
        let ty = one_level_deeper(slot_type(f, names, rt));
        let col = f.column();
        let doc = format!(" Selects `{}`.", f.name);
        quote! {
            #[doc = #doc]
            pub fn #id() -> #rt::Pick<#name, #ty> {
                #rt::Pick::new(#col)
            }
        }
    });
    let mut select_fns = Vec::new();
    let mut models = vec![name.clone()];
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        if !models.contains(target) {
            models.push(target.clone());
        }
        let id = &mn.relations[ri];
        let static_name = &mn.relation_statics[ri].0;
        let cardinality = cardinality(r, rt);
        let sel_doc = format!(
            " Selects `{}`, each related `{}` read as `selection` says (filter, order, skip and take apply per record).",
            r.name, targets[ri].name
        );
        select_fns.push(quote! {
            #[doc = #sel_doc]
            pub fn #id<S: #rt::Selection<#target>>(selection: S) -> #rt::RelationSelect<#name, #target, S, #cardinality> {
                #rt::RelationSelect::new(&super::#static_name, selection)
            }
        });
    }
    let models_use = models_use(&models);
    let full = if record_is_shape(m) {
        quote!(#name)
    } else {
        quote!(super::Full)
    };
    let inception_select = inception(&mn.module, "select");
    Ok(quote! {
        /// What to read of each record (`select`): fields, relations with their own
        /// selection, and `all()`, every field.
        #inception_select
        pub mod select {
            use super::__rt;
            #models_use

            #(#field_picks)*
            #(#select_fns)*

            /// Every field, read as the model's struct (with `.include(…)` for relations).
            pub fn all() -> #rt::Whole<#name> {
                #rt::Whole::new()
            }

            /// Every field but those `fields` names (`omit`), as an item of a selection:
            /// `(user::select::omit(user::omit::Password), user::select::posts(…))`.
            pub fn omit<O: #rt::OmitField<#full>>(fields: O) -> #rt::Omit<O::Out> {
                let _ = fields;
                #rt::Omit::new()
            }
        }
    })
}

/// The model's shape for `omit`: the shape as a type-level list of slots and back, and the
/// field markers that omit one field each (each a constant: a runtime type, no impl). The
/// shape is the record struct (generic in each field's slot: its type, or `Omitted`), unless
/// the generator's `omit` leaves fields out of it: then a `Shape` struct of every field, its
/// `Full` and how it reads a row.
pub(crate) fn gen_shape(
    m: &Model,
    mn: &ModelNames,
    names: &Names,
    rt: &TokenStream,
    omit_module: bool,
) -> TokenStream {
    let name = &mn.ty;
    let inception_omit = inception(&mn.module, "omit");
    let params: Vec<_> = (0..m.fields.len()).map(param).collect();
    let ids = &mn.fields;
    let full: Vec<_> = m.fields.iter().map(|f| slot_type(f, names, rt)).collect();
    let field_docs = m
        .fields
        .iter()
        .map(|f| format!(" `{}`, or `Omitted`.", f.name));
    // The shape as a type-level list of its slots, and back: each marker then omits its field
    // through one generic rule of the runtime, a constant amount of code per field.
    let list = params.iter().rev().fold(
        quote!(#rt::select::Nil),
        |tail, p| quote!(#rt::select::Cons<#p, #tail>),
    );
    // Positions name the runtime's `I0`…`I63`; a wider model spells the rest as `Next<…>`.
    let index = |i: usize| {
        let mut t = quote!(i::I63);
        if i < 64 {
            let id = format_ident!("I{i}");
            t = quote!(i::#id);
        } else {
            for _ in 63..i {
                t = quote!(#rt::select::Next<#t>);
            }
        }
        t
    };
    let markers = m.fields.iter().enumerate().map(|(i, f)| {
        let (marker, index) = (&mn.markers[i], index(i));
        let doc = format!(" Omits `{}` (`omit: {{ {}: true }}`).", f.name, f.name);
        quote! {
            #[doc = #doc]
            pub const #marker: #rt::OmitMarker<M, #index> = #rt::OmitMarker::NEW;
        }
    });
    let uses = if m.fields.is_empty() {
        TokenStream::new()
    } else {
        // `M` and `i` are the module's only type-namespace names (markers are constants).
        quote!(
            use super::__rt;
            use __rt::select::index as i;
            type M = super::super::#name;
        )
    };
    let shape_doc = format!(
        " A `{}` read with `omit`: each field has its type, or `Omitted` (no value) when omitted.",
        m.name
    );
    let omit = if !omit_module {
        TokenStream::new()
    } else {
        quote! {
        /// Field markers for `omit` (`.omit(user::omit::Password)`, or a tuple of them).
        #inception_omit
        #[allow(non_upper_case_globals, reason = "a marker is a unit value, named as its type")]
        pub mod omit {
            #uses
            #(#markers)*
        }
        }
    };
    if record_is_shape(m) {
        // The record struct is the shape: only the list of its slots, and back.
        return quote! {
            type List<#(#params),*> = #list;

            impl<#(#params),*> #rt::select::ShapeList<super::#name> for super::#name<#(#params),*> {
                type List = List<#(#params),*>;
            }

            impl<#(#params),*> #rt::select::ListShape<List<#(#params),*>> for super::#name {
                type Shape = super::#name<#(#params),*>;
            }

            #omit
        };
    }
    quote! {
        #[doc = #shape_doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        pub struct Shape<#(#params),*> {
            #(#[doc = #field_docs] pub #ids: #params,)*
        }

        /// The shape with every field present.
        pub type Full = Shape<#(#full),*>;

        /// The shape's slots as a type-level list.
        type List<#(#params),*> = #list;

        impl<#(#params),*> #rt::select::ShapeList<super::#name> for Shape<#(#params),*> {
            type List = List<#(#params),*>;
        }

        impl<#(#params),*> #rt::select::ListShape<List<#(#params),*>> for super::#name {
            type Shape = Shape<#(#params),*>;
        }

        impl<#(#params: #rt::Slot),*> #rt::ReadShape for Shape<#(#params),*> {
            fn read_shape(row: &mut #rt::RowReader<'_>) -> #rt::Result<Self> {
                ::core::result::Result::Ok(Shape { #(#ids: #params::read_slot(row)?,)* })
            }
        }

        #omit
    }
}

/// The runtime's marker of relation `r`'s cardinality in a selection: `ToMany`, `ToOptional`
/// or `ToOne`.
pub(crate) fn cardinality(r: &Relation, rt: &TokenStream) -> TokenStream {
    if r.list {
        quote!(#rt::ToMany)
    } else if r.optional {
        quote!(#rt::ToOptional)
    } else {
        quote!(#rt::ToOne)
    }
}

/// How an include puts the loaded records of relation `r` (field `id` of the record `parent`)
/// into the parent: a list, an optional record, or a required one (left unset when missing).
pub(crate) fn include_assign(
    r: &Relation,
    id: &proc_macro2::Ident,
    parent: &TokenStream,
    rt: &TokenStream,
) -> TokenStream {
    if r.list {
        quote!(#rt::Assign::Many(|parent: &mut #parent, children| parent.#id.set(children)))
    } else if r.optional {
        quote!(#rt::Assign::One(|parent: &mut #parent, child| parent.#id.set(child)))
    } else {
        quote! {
            #rt::Assign::One(|parent: &mut #parent, child| {
                if let ::core::option::Option::Some(child) = child {
                    parent.#id.set(child);
                }
            })
        }
    }
}

/// The runtime's type for omit position `i`, by its full path (`I0`…`I63`, then `Next<…>`).
pub(crate) fn omit_index(i: usize, rt: &TokenStream) -> TokenStream {
    if i < 64 {
        let id = format_ident!("I{i}");
        return quote!(#rt::select::index::#id);
    }
    let mut t = quote!(#rt::select::index::I63);
    for _ in 63..i {
        t = quote!(#rt::select::Next<#t>);
    }
    t
}

/// `use super::super::{A, B};` (or `use super::super::A;`): the models a `select` or `include`
/// module names.
pub(crate) fn models_use(models: &[proc_macro2::Ident]) -> TokenStream {
    match models {
        [one] => quote!(use super::super::#one;),
        _ => quote!(use super::super::{#(#models),*};),
    }
}
