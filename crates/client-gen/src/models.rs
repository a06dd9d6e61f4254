//! One model: its struct and `Model` impl, its description for the runtime (`META` and the
//! relation statics), and its module of field handles, relation handles and inputs. Everything
//! a model's operations do is generic code of the runtime (`Delegate<M: Model>` and the
//! builders): what is generated here are declarations and one-line typed wrappers.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::input::{Model, ScalarType, Schema};
use crate::names::{ModelNames, Names};
use crate::types::{field_handle, field_meta, scalar_type, top_level_type};
use crate::{Error, docs, inception, model_names, nested, shapes};

/// The target model of each relation of `m`, in order.
pub(crate) fn relation_targets<'a>(schema: &'a Schema, m: &Model) -> Result<Vec<&'a Model>, Error> {
    m.relations
        .iter()
        .map(|r| {
            schema
                .models
                .iter()
                .find(|t| t.name == r.target)
                .ok_or_else(|| Error::Schema {
                    model: m.name.clone(),
                    message: format!(
                        "relation `{}` points to unknown model `{}`",
                        r.name, r.target
                    ),
                })
        })
        .collect()
}

pub(crate) fn gen_model(
    schema: &Schema,
    names: &Names,
    m: &Model,
    rt: &TokenStream,
    compact: bool,
) -> Result<TokenStream, Error> {
    let mn = model_names(names, &m.name)?;
    let name = &mn.ty;
    let module = &mn.module;
    check_omitted(schema, m)?;
    let targets = relation_targets(schema, m)?;
    if compact {
        crate::compact::check(m)?;
    }
    let record = gen_struct(names, m, mn, &targets, rt)?;
    let meta = gen_meta(m, mn, &targets, names, rt)?;
    let write_inputs = gen_write_inputs(schema, names, m, mn, rt)?;
    // The per-field and per-relation items: functions and modules, or (compact) constants of
    // per-model structs.
    let members = if compact {
        let compounds = mn
            .compounds
            .iter()
            .map(|(fields, fname)| gen_compound(m, mn, fields, fname, names, rt))
            .collect::<Result<Vec<_>, Error>>()?;
        let handles = crate::compact::gen_handles(schema, names, m, mn, &targets, rt)?;
        quote! {
            #handles
            #(#compounds)*
            #write_inputs
        }
    } else {
        let handles = gen_handles(m, mn, &targets, names, rt)?;
        let nested_mods = (0..m.relations.len())
            .map(|ri| nested::gen_nested_module(schema, names, m, ri, targets[ri], rt))
            .collect::<Result<Vec<_>, Error>>()?;
        let include = gen_include(m, mn, &targets, names, rt)?;
        let select = shapes::gen_select(m, mn, &targets, names, rt)?;
        quote! {
            #handles
            #(#nested_mods)*
            #write_inputs
            #include
            #select
        }
    };
    let shape = shapes::gen_shape(m, mn, names, rt, !compact);
    // The record struct is its own `omit` shape (`User<Omitted, …>`), unless the generator's
    // `omit` leaves fields out of it: then the shape is a struct of its own.
    let full = if shapes::record_is_shape(m) {
        quote!(#name)
    } else {
        quote!(#module::Full)
    };
    let fluent = crate::fluent::gen_fluent(m, mn, &targets, names, rt)?;
    let module_doc = format!(" Filters, orderings, relations and inputs of `{}`.", m.name);
    let lowercase_constants = if compact {
        quote!(#[allow(non_upper_case_globals, reason = "compact handles are named as the schema's fields")])
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #record

        #[doc = #module_doc]
        #lowercase_constants
        pub mod #module {
            use super::__rt;

            #meta
            #members
            #shape
            #fluent
        }

        impl #rt::Shaped for #name {
            type Full = #full;
        }
    })
}

/// The record struct, its write capabilities (views are read-only) and its `Model` impl.
fn gen_struct(
    names: &Names,
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let module = &mn.module;
    let model_doc = docs(m.docs.as_deref(), format!("A `{}` record.", m.name));
    let writable = match (m.is_view, m.creatable()) {
        (true, _) => TokenStream::new(),
        (false, false) => quote!(impl #rt::Writable for #name {}),
        (false, true) => quote! {
            impl #rt::Writable for #name {}
            impl #rt::Creatable for #name {}
        },
    };
    let generic = shapes::record_is_shape(m);
    let mut params = Vec::new();
    let mut struct_fields = Vec::new();
    let mut from_row = Vec::new();
    let mut slot_ids = Vec::new();
    let mut value_arms = Vec::new();
    for (i, f) in m.fields.iter().enumerate() {
        if f.omitted {
            continue;
        }
        let id = &mn.fields[i];
        let base = top_level_type(&f.ty, names, rt);
        let ty = if f.list {
            quote!(::std::vec::Vec<#base>)
        } else if f.optional {
            quote!(::core::option::Option<#base>)
        } else {
            base
        };
        let doc = docs(f.docs.as_deref(), format!("`{}`", f.name));
        if generic {
            // One parameter per scalar field, defaulting to its type: `User` is the record,
            // `User<…, Omitted, …>` the record read with `omit`.
            let p = shapes::param(i);
            struct_fields.push(quote! { #doc pub #id: #p, });
            slot_ids.push(id.clone());
            params.push((p, ty));
        } else {
            struct_fields.push(quote! { #doc pub #id: #ty, });
            from_row.push(quote! { #id: row.read()?, });
        }
        let copy = matches!(
            f.ty,
            ScalarType::Int
                | ScalarType::BigInt
                | ScalarType::Float
                | ScalarType::Decimal
                | ScalarType::Boolean
                | ScalarType::DateTime
                | ScalarType::Enum(_)
        );
        let value = if f.list {
            quote!(#rt::Value::List(self.#id.iter().cloned().map(#rt::Value::from).collect()))
        } else if copy {
            quote!(#rt::Value::from(self.#id))
        } else {
            quote!(#rt::Value::from(::core::clone::Clone::clone(&self.#id)))
        };
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        value_arms.push(quote! { #i => #value, });
    }
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        let id = &mn.relations[ri];
        let ty = if r.list {
            quote!(#rt::Related<::std::vec::Vec<#target>>)
        } else if r.optional {
            quote!(#rt::Related<::core::option::Option<#target>>)
        } else {
            quote!(#rt::Related<#target>)
        };
        let doc = docs(
            r.docs.as_deref(),
            format!(
                "`{}`: `None` unless included (`{}::include::{}()`).",
                r.name, module, id
            ),
        );
        struct_fields.push(quote! { #doc pub #id: #ty, });
        from_row.push(quote! { #id: ::core::default::Default::default(), });
    }
    let (decl, read) = if generic {
        // The record reads a row as its shape does (each present slot in field order), the
        // slots as nested pairs in one call: one `?` per model, not one per field (about 0.5 s
        // of the 200-model schema's 7–8). `_slots` cannot be a field's name (schema names start
        // with a letter).
        let (ps, defaults): (Vec<_>, Vec<_>) = params.into_iter().unzip();
        (
            quote! {
                pub struct #name<#(#ps = #defaults),*> {
                    #(#struct_fields)*
                }

                impl<#(#ps: #rt::Slot),*> #rt::ReadShape for #name<#(#ps),*> {
                    fn read_shape(row: &mut #rt::RowReader<'_>) -> #rt::Result<Self> {
                        let _slots = #rt::ReadSlots::read_slots(row)?;
                        #(let (#slot_ids, _slots) = _slots;)*
                        let () = _slots;
                        ::core::result::Result::Ok(Self { #(#slot_ids,)* #(#from_row)* })
                    }
                }
            },
            quote!(#rt::ReadShape::read_shape(row)),
        )
    } else {
        (
            quote! {
                pub struct #name {
                    #(#struct_fields)*
                }
            },
            quote!(::core::result::Result::Ok(Self { #(#from_row)* })),
        )
    };
    // `#[inline]` on `from_row` and `value`: without it a library crate holding the client
    // compiles both for every model (trait methods of its types are exported), used or not;
    // with it they are compiled where an operation of the model is (docs/generated-code.md,
    // "Session 9": about 2 s of the 200-model schema's 10).
    Ok(quote! {
        #model_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #decl

        #writable

        impl #rt::Model for #name {
            const META: &'static #rt::ModelMeta = &#module::META;
            #[inline]
            fn from_row(row: &mut #rt::RowReader<'_>) -> #rt::Result<Self> {
                #read
            }
            #[inline]
            fn value(&self, field: usize) -> #rt::Value {
                match field {
                    #(#value_arms)*
                    _ => #rt::Value::Null,
                }
            }
        }
    })
}

/// `META` (the table and its columns) and two statics per relation: its description for
/// the runtime and its nested-write rules.
fn gen_meta(
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let in_schema = match &m.schema {
        Some(s) => quote!(.in_schema(#s)),
        None => TokenStream::new(),
    };
    let full_text = if m.full_text_search {
        quote!(.full_text_search())
    } else {
        TokenStream::new()
    };
    let full_text = if m.relation_joins {
        quote!(#full_text.relation_joins())
    } else {
        full_text
    };
    // The scalar lists, for the join strategy's JSON (`Json[]` is sent as text per element).
    let lists: Vec<proc_macro2::Literal> = m
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.list)
        .map(|(i, _)| proc_macro2::Literal::usize_unsuffixed(i))
        .collect();
    let full_text = if lists.is_empty() {
        full_text
    } else {
        quote!(#full_text.lists(&[#(#lists),*]))
    };
    let table = m.table();
    let model_name = &m.name;
    let field_metas = m.fields.iter().map(|f| field_meta(f, rt));
    let pk: Vec<proc_macro2::Literal> = m
        .primary_key
        .iter()
        .map(|p| {
            m.fields
                .iter()
                .position(|f| &f.name == p)
                .map(proc_macro2::Literal::usize_unsuffixed)
                .ok_or_else(|| Error::Schema {
                    model: m.name.clone(),
                    message: format!("primary key field `{p}` is not a scalar field"),
                })
        })
        .collect::<Result<_, _>>()?;
    let keys = crate::keys::meta_calls(m)?;
    let mut statics = Vec::new();
    for (ri, r) in m.relations.iter().enumerate() {
        let tn = model_names(names, &targets[ri].name)?;
        let (target, target_mod) = (&tn.ty, &tn.module);
        let (static_name, nested_static) = &mn.relation_statics[ri];
        let (rel_name, from, to) = (&r.name, &r.from_columns, &r.to_columns);
        let (list, holds_fk) = (r.list, r.holds_foreign_key);
        let join = match &r.join {
            Some(j) => {
                let (t, this, other) = (&j.table, &j.this_column, &j.other_column);
                let schema = match &j.schema {
                    Some(s) => quote!(::core::option::Option::Some(#s)),
                    None => quote!(::core::option::Option::None),
                };
                quote!(.join(#rt::JoinTable { table: #t, schema: #schema, this_column: #this, other_column: #other }))
            }
            None => TokenStream::new(),
        };
        let static_doc = format!(" The relation `{}.{}`.", m.name, r.name);
        let relation_name = &r.relation_name;
        let required = !r.list && !r.optional;
        let (back_required, back_list) = (r.back_required, r.back_list);
        let nested_doc = format!(" Nested writes in `{}.{}`.", m.name, r.name);
        let emulate = crate::relation_mode::emulate_call(r, rt);
        statics.push(quote! {
            #[doc = #static_doc]
            pub static #static_name: #rt::RelationMeta =
                #rt::RelationMeta::new(#rel_name, &super::#target_mod::META, &[#(#from),*], &[#(#to),*], #list, #holds_fk)#join #emulate;
            #[doc = #nested_doc]
            pub static #nested_static: #rt::RelationInfo<super::#name, super::#target> =
                #rt::RelationInfo::new(&#static_name, #relation_name, #required, #back_required, #back_list);
        });
    }
    let referenced_by = crate::relation_mode::referenced_by_call(m, mn);
    Ok(quote! {
        /// The model's table and columns.
        pub static META: #rt::ModelMeta = #rt::ModelMeta::new(#model_name, #table, &[#(#field_metas),*], &[#(#pk),*])#in_schema #full_text #keys #referenced_by;
        #(#statics)*
    })
}

/// One handle per field (`user::email()`), per compound unique and per relation
/// (`user::posts()`): filters, orderings and updates.
fn gen_handles(
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let handles = m.fields.iter().enumerate().map(|(i, f)| {
        let id = &mn.fields[i];
        let (ty, ctor) = field_handle(m, mn, i, names, rt);
        let doc = format!(" The field `{}`: filters, orderings, updates.", f.name);
        quote! {
            #[doc = #doc]
            pub fn #id() -> #ty {
                #ctor
            }
        }
    });
    let compound = mn
        .compounds
        .iter()
        .map(|(fields, fname)| gen_compound(m, mn, fields, fname, names, rt))
        .collect::<Result<Vec<_>, Error>>()?;
    let mut relation_fns = Vec::new();
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        let id = &mn.relations[ri];
        let static_name = &mn.relation_statics[ri].0;
        let fn_doc = format!(" Filters and orderings on the relation `{}`.", r.name);
        relation_fns.push(quote! {
            #[doc = #fn_doc]
            pub fn #id() -> #rt::Relation<super::#name, super::#target> {
                #rt::Relation::new(&#static_name)
            }
        });
    }
    Ok(quote! {
        #(#handles)*
        #(#compound)*
        #(#relation_fns)*
    })
}

/// The record with these values of a compound unique (`@@unique([a, b])`).
fn gen_compound(
    m: &Model,
    mn: &ModelNames,
    fields: &[String],
    fname: &Ident,
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let mut params = Vec::new();
    let mut types = Vec::new();
    let mut cols = Vec::new();
    for f in fields {
        let i = m
            .fields
            .iter()
            .position(|x| &x.name == f)
            .ok_or_else(|| Error::Schema {
                model: m.name.clone(),
                message: format!("compound unique field `{f}` is not a scalar field"),
            })?;
        params.push(&mn.fields[i]);
        types.push(scalar_type(&m.fields[i].ty, names, rt));
        cols.push(m.fields[i].column().to_owned());
    }
    let doc = format!(
        " The record with this `{}` (a compound unique).",
        fields.join(", ")
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #fname(#(#params: impl ::core::convert::Into<#types>),*) -> #rt::Unique<super::#name> {
            #rt::Unique::new(#rt::query::Cond::And(::std::vec![
                #(#rt::query::Cond::Cmp(#cols, #rt::query::CmpOp::Eq, #rt::Value::from(#params.into())),)*
            ]))
        }
    })
}

/// `create(required fields…)`, `create_linked(…)` and `update_data()` (none for a view).
fn gen_write_inputs(
    schema: &Schema,
    names: &Names,
    m: &Model,
    mn: &ModelNames,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    if m.is_view {
        // A view has no write inputs: Prisma Client has no create or update input for one.
        return Ok(TokenStream::new());
    }
    let name = &mn.ty;
    let required: Vec<usize> = (0..m.fields.len())
        .filter(|&i| m.fields[i].required_on_create())
        .collect();
    let params: Vec<_> = required.iter().map(|&i| &mn.fields[i]).collect();
    let ptypes: Vec<_> = required
        .iter()
        .map(|&i| scalar_type(&m.fields[i].ty, names, rt))
        .collect();
    let pcols: Vec<_> = required
        .iter()
        .map(|&i| m.fields[i].column().to_owned())
        .collect();
    let many_args = nested::many_args(required.len());
    let create_doc = format!(
        " The data of a new `{}`: its required fields; set the others with `.set(…)`.",
        m.name
    );
    let create_linked = nested::linked_constructor(
        schema,
        names,
        m,
        &quote!(super::#name),
        "create_linked",
        &format!(
            " The data of a new `{}` whose required relations are given as nested writes (`connect`, `create`, `connectOrCreate` of each relation's module) instead of foreign key values, as Prisma's `{}CreateInput`.",
            m.name, m.name
        ),
        None,
        rt,
        false,
    )?;
    let update_doc = format!(
        " The data of an update of a `{}`: `.set(…)` columns, `.with(…)` nested writes in relation fields (`vec![…]` of sets converts too).",
        m.name
    );
    let create_inputs = if m.creatable() {
        quote! {
            #[doc = #create_doc]
            #many_args
            pub fn create(#(#params: impl ::core::convert::Into<#ptypes>),*) -> #rt::CreateData<super::#name> {
                #rt::CreateData::new(::std::vec![#((#pcols, #rt::Value::from(#params.into()))),*])
            }

            #create_linked
        }
    } else {
        TokenStream::new()
    };
    Ok(quote! {
        #create_inputs

        #[doc = #update_doc]
        pub fn update_data() -> #rt::UpdateData<super::#name> {
            #rt::UpdateData::new()
        }
    })
}

/// The `include` module: one constructor per relation.
fn gen_include(
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let name = &mn.ty;
    let mut include_fns = Vec::new();
    let mut models = vec![name.clone()];
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        if !models.contains(target) {
            models.push(target.clone());
        }
        let id = &mn.relations[ri];
        let static_name = &mn.relation_statics[ri].0;
        let assign = shapes::include_assign(r, id, &quote!(#name), rt);
        let inc_doc = format!(
            " Includes `{}` (each level may filter, order, take and include further).",
            r.name
        );
        include_fns.push(quote! {
            #[doc = #inc_doc]
            pub fn #id() -> #rt::RelationLoad<#name, #target> {
                #rt::RelationLoad::new(&super::#static_name, #assign)
            }
        });
    }
    let models_use = crate::shapes::models_use(&models);
    let inception_include = inception(&mn.module, "include");
    let uses = if include_fns.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            use super::__rt;
            #models_use
        )
    };
    Ok(quote! {
        /// Relations to include in the records returned.
        #inception_include
        pub mod include {
            #uses
            #(#include_fns)*
        }
    })
}

/// The generator's `omit` option leaves fields out of the model's struct; a field the client
/// needs to tell records apart or to load relations cannot be left out.
fn check_omitted(schema: &Schema, m: &Model) -> Result<(), Error> {
    for f in m.fields.iter().filter(|f| f.omitted) {
        let col = f.column();
        let key_of_relation = m
            .relations
            .iter()
            .any(|r| r.from_columns.iter().any(|c| c == col))
            || schema.models.iter().any(|other| {
                other
                    .relations
                    .iter()
                    .any(|r| r.target == m.name && r.to_columns.iter().any(|c| c == col))
            });
        if m.primary_key.contains(&f.name) || key_of_relation {
            return Err(Error::Schema {
                model: m.name.clone(),
                message: format!(
                    "the generator's `omit` names `{}`, which the client needs to identify records \
                     or load relations (a primary key or relation column): omit it per query with \
                     `.omit(…)` instead",
                    f.name
                ),
            });
        }
    }
    Ok(())
}
