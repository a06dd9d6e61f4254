//! The compact form of a model (the generator's `compact` option, decision 0038): instead of one
//! function per field, per relation and per nested write, the model's module declares one struct
//! generic in every field's and relation's slot, `Handles<…>`, and each kind of handle is that
//! struct with handle types in its slots (`user::fields()`, `user::select()`, `user::omit()`,
//! `user::include()`, `user::write()`): a type alias and a one-line function per kind, filled by
//! one generic impl per model. rustc checks a type argument far more cheaply than a function.

use proc_macro2::TokenStream;
use quote::quote;

use crate::input::{DatePart, Model, Schema};
use crate::names::{ModelNames, Names};
use crate::nested::{data_items, may_create_many, may_delete_one, may_disconnect};
use crate::shapes::{cardinality, include_assign, omit_index, param};
use crate::types::{field_handle, slot_type};
use crate::{Error, model_names};

/// The compact form needs the record struct to be its own shape: the generator's `omit`
/// option (a struct that leaves fields out) is not supported with it yet.
pub(crate) fn check(m: &Model) -> Result<(), Error> {
    if m.fields.iter().any(|f| f.omitted) {
        return Err(Error::Schema {
            model: m.name.clone(),
            message: "the generator's `omit` option cannot be used with `compact = true` yet: \
                      remove one of the two from the generator block"
                .to_owned(),
        });
    }
    Ok(())
}

/// The `Handles` struct and its impl (in the model's module): every scalar slot from the
/// field's description and position, every relation slot from its two statics and the way an
/// include puts records into the parent.
fn gen_handles_struct(
    names: &Names,
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let model_ty = quote!(super::#name);
    let mut bounds = Vec::new();
    let mut params = Vec::new();
    let mut fields = Vec::new();
    let mut values = Vec::new();
    for (i, f) in m.fields.iter().enumerate() {
        let (p, id) = (param(i), &mn.fields[i]);
        let doc = format!(" `{}`", f.name);
        fields.push(quote!(#[doc = #doc] pub #id: #p,));
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let part = match f.date_part {
            DatePart::Whole => quote!(Whole),
            DatePart::Date => quote!(Date),
            DatePart::Time => quote!(Time),
        };
        bounds.push(quote!(#p: #rt::FieldSlot<#model_ty>));
        params.push(p.clone());
        values.push(quote!(#id: #p::at(&META.fields[#index], #index, #rt::DatePart::#part),));
    }
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        let (p, id) = (quote::format_ident!("_R{ri}"), &mn.relations[ri]);
        let (meta, info) = &mn.relation_statics[ri];
        let doc = format!(" `{}`", r.name);
        fields.push(quote!(#[doc = #doc] pub #id: #p,));
        let assign = include_assign(r, id, &model_ty, rt);
        bounds.push(quote!(#p: #rt::RelationSlot<#model_ty, super::#target>));
        params.push(p.clone());
        values.push(quote!(#id: #p::at(&#meta, &#info, #assign),));
    }
    let doc = format!(
        " `{}`'s fields and relations, each slot a handle: `Fields`, `Select`, `Omit`, `Include` and `Write` fill it.",
        m.name
    );
    Ok(quote! {
        #[doc = #doc]
        pub struct Handles<#(#params),*> { #(#fields)* }

        impl<#(#bounds),*> #rt::Handles for Handles<#(#params),*> {
            #[inline]
            fn handles() -> Self {
                Self { #(#values)* }
            }
        }
    })
}

/// The compact handles of model `m`, in its module: one alias and function per kind of handle,
/// and the data of records created inside its relations.
pub(crate) fn gen_handles(
    schema: &Schema,
    names: &Names,
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let model = &m.name;
    let module = &mn.module;
    let model_ty = quote!(super::#name);
    let mut targets_ty = Vec::new();
    for t in targets {
        let ty = &model_names(names, &t.name)?.ty;
        targets_ty.push(quote!(super::#ty));
    }
    let omitted = quote!(#rt::Omitted);
    let scalars_omitted: Vec<TokenStream> = m.fields.iter().map(|_| omitted.clone()).collect();
    let relations_omitted: Vec<TokenStream> = m.relations.iter().map(|_| omitted.clone()).collect();

    let field_slots: Vec<TokenStream> = (0..m.fields.len())
        .map(|i| field_handle(m, mn, i, names, rt).0)
        .collect();
    let relation_slots: Vec<TokenStream> = targets_ty
        .iter()
        .map(|t| quote!(#rt::Relation<#model_ty, #t>))
        .collect();
    let pick_slots: Vec<TokenStream> = m
        .fields
        .iter()
        .map(|f| {
            let ty = slot_type(f, names, rt);
            quote!(#rt::Pick<#model_ty, #ty>)
        })
        .collect();
    let relation_picks: Vec<TokenStream> = m
        .relations
        .iter()
        .zip(&targets_ty)
        .map(|(r, t)| {
            let cardinality = cardinality(r, rt);
            quote!(#rt::RelationPick<#model_ty, #t, #cardinality>)
        })
        .collect();
    let omit_slots: Vec<TokenStream> = (0..m.fields.len())
        .map(|i| {
            let index = omit_index(i, rt);
            quote!(#rt::OmitMarker<#model_ty, #index>)
        })
        .collect();
    let include_slots: Vec<TokenStream> = targets_ty
        .iter()
        .map(|t| quote!(#rt::RelationLoad<#model_ty, #t>))
        .collect();

    // Nested writes: the handle type of each relation (the writes it allows), and the data of
    // a record created inside it.
    let mut write_slots = Vec::new();
    let mut data_modules = Vec::new();
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &targets_ty[ri];
        if r.read_only {
            write_slots.push(omitted.clone());
            continue;
        }
        let flag = |yes: bool| {
            if yes {
                quote!(#rt::Yes)
            } else {
                quote!(#rt::No)
            }
        };
        let (kind, second) = if r.list {
            (quote!(ManyWrites), may_create_many(r))
        } else if r.holds_foreign_key {
            (quote!(OwnerWrites), may_delete_one(r))
        } else {
            (quote!(BackWrites), may_delete_one(r))
        };
        let (a, b) = (flag(may_disconnect(r)), flag(second));
        write_slots.push(quote!(#rt::#kind<#model_ty, #target, #a, #b>));
        let data = data_items(schema, names, m, ri, targets[ri], rt, true)?;
        if !data.is_empty() {
            let id = &mn.relations[ri];
            let target_name = &model_names(names, &targets[ri].name)?.ty;
            let doc = format!(
                " The data of a `{}` created inside `{model}.{}` (`{module}::write().{id}.create(…)`).",
                targets[ri].name, r.name
            );
            let inception = crate::inception(module, &id.to_string());
            data_modules.push(quote! {
                #[doc = #doc]
                #inception
                pub mod #id {
                    use super::__rt;
                    use super::super::#target_name;
                    #(#data)*
                }
            });
        }
    }

    let fields_doc = format!(
        " The handles of `{model}`'s fields and relations: filters, orderings, updates (`{module}::fields().email.equals(…)`), as Prisma's `prisma.{module}.fields`."
    );
    let select_doc = format!(
        " What to read of each `{model}` (`select`): a field (`{module}::select().email`), a relation with its own selection (`.posts.with(…)`), `.all()`, `.omit(…)`."
    );
    let omit_doc = format!(
        " The markers of `{model}`'s fields for `omit` (`.omit({module}::omit().email)`, or a tuple of them)."
    );
    let include_doc = format!(
        " The relations of `{model}` to include in the records returned (`{module}::include().posts`)."
    );
    let write_doc = format!(
        " Nested writes in the relations of `{model}` (`{module}::write().posts.connect(…)`): only those the relation allows."
    );
    let writable = !m.is_view;
    let write = if writable {
        quote! {
            #[doc = #write_doc]
            pub type Write = Handles<#(#scalars_omitted,)* #(#write_slots),*>;
            #[doc = #write_doc]
            pub fn write() -> Write {
                #rt::Handles::handles()
            }
        }
    } else {
        TokenStream::new()
    };
    let handles = gen_handles_struct(names, m, mn, targets, rt)?;
    Ok(quote! {
        #handles

        #[doc = #fields_doc]
        pub type Fields = Handles<#(#field_slots,)* #(#relation_slots),*>;
        #[doc = #fields_doc]
        pub fn fields() -> Fields {
            #rt::Handles::handles()
        }

        #[doc = #select_doc]
        pub type Select = Handles<#(#pick_slots,)* #(#relation_picks),*>;
        #[doc = #select_doc]
        pub fn select() -> Select {
            #rt::Handles::handles()
        }
        impl Select {
            /// Every field, read as the model's struct (with `.include(…)` for relations).
            pub fn all(&self) -> #rt::Whole<#model_ty> {
                #rt::Whole::new()
            }

            /// Every field but those `markers` names (`omit`), as an item of a selection.
            pub fn omit<O: #rt::OmitField<#model_ty>>(&self, markers: O) -> #rt::Omit<O::Out> {
                let _ = markers;
                #rt::Omit::new()
            }
        }

        #[doc = #omit_doc]
        pub type Omit = Handles<#(#omit_slots,)* #(#relations_omitted),*>;
        #[doc = #omit_doc]
        pub fn omit() -> Omit {
            #rt::Handles::handles()
        }

        #[doc = #include_doc]
        pub type Include = Handles<#(#scalars_omitted,)* #(#include_slots),*>;
        #[doc = #include_doc]
        pub fn include() -> Include {
            #rt::Handles::handles()
        }

        #write
        #(#data_modules)*
    })
}
