//! Nested writes: the module of each relation field, and create data taking required
//! relations as nested writes.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::input::{self, Model, Schema};
use crate::names::Names;
use crate::types::{one_level_deeper, scalar_type};
use crate::{Error, inception, model_names};

/// `#[allow(clippy::too_many_arguments)]` on a constructor taking `count` arguments, when
/// clippy would warn.
pub(crate) fn many_args(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field, as in Prisma's create input")])
    } else {
        TokenStream::new()
    }
}

/// The required relations of `model` that hold a foreign key: each can be given as a
/// `Link` instead of its foreign key columns.
fn required_links(model: &Model) -> impl Iterator<Item = &input::Relation> {
    model
        .relations
        .iter()
        .filter(|r| r.holds_foreign_key && !r.list && !r.optional && !r.read_only)
}

/// A constructor of `model`'s create data taking its required relations as nested writes
/// (`Link`s) instead of their foreign key columns, less the relation whose foreign key is
/// `skip` (the one a parent fills in). `None` when there is no such relation. `deeper`: emitted inside a relation module.
#[allow(
    clippy::too_many_arguments,
    reason = "one generator helper used in two places, each argument a different part"
)]
pub(crate) fn linked_constructor(
    schema: &Schema,
    names: &Names,
    model: &Model,
    model_path: &TokenStream,
    fn_name: &str,
    doc: &str,
    skip: Option<&[String]>,
    rt: &TokenStream,
    deeper: bool,
) -> Result<Option<TokenStream>, Error> {
    let skip_columns: Vec<&str> = skip
        .map(|cols| cols.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let links: Vec<&input::Relation> = required_links(model)
        .filter(|r| {
            !(skip_columns.len() == r.from_columns.len()
                && r.from_columns
                    .iter()
                    .all(|c| skip_columns.contains(&c.as_str())))
        })
        .collect();
    if links.is_empty() {
        return Ok(None);
    }
    let mut excluded: Vec<&str> = skip_columns.clone();
    for l in &links {
        excluded.extend(l.from_columns.iter().map(String::as_str));
    }
    let mn = model_names(names, &model.name)?;
    let required: Vec<usize> = (0..model.fields.len())
        .filter(|&i| {
            let f = &model.fields[i];
            f.required_on_create() && !excluded.contains(&f.column())
        })
        .collect();
    let params: Vec<_> = required.iter().map(|&i| &mn.fields[i]).collect();
    let ptypes: Vec<_> = required
        .iter()
        .map(|&i| {
            let t = scalar_type(&model.fields[i].ty, names, rt);
            if deeper { one_level_deeper(t) } else { t }
        })
        .collect();
    let pcols: Vec<_> = required
        .iter()
        .map(|&i| model.fields[i].column().to_owned())
        .collect();
    let link_params: Vec<_> = links
        .iter()
        .map(|l| {
            let i = model
                .relations
                .iter()
                .position(|r| std::ptr::eq(r, *l))
                .unwrap_or_default();
            &mn.relations[i]
        })
        .collect();
    let link_types = links
        .iter()
        .map(|l| {
            let target = schema
                .models
                .iter()
                .find(|t| t.name == l.target)
                .ok_or_else(|| Error::Schema {
                    model: model.name.clone(),
                    message: format!(
                        "relation `{}` points to unknown model `{}`",
                        l.name, l.target
                    ),
                })?;
            let target = &model_names(names, &target.name)?.ty;
            Ok(if deeper {
                quote!(#rt::Link<#model_path, super::super::#target>)
            } else {
                quote!(#rt::Link<#model_path, super::#target>)
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let many_args = many_args(params.len() + links.len());
    let fn_name = format_ident!("{fn_name}");
    let doc = doc.to_owned();
    Ok(Some(quote! {
        #[doc = #doc]
        #many_args
        pub fn #fn_name(#(#params: impl ::core::convert::Into<#ptypes>,)* #(#link_params: #link_types),*) -> #rt::CreateData<#model_path> {
            #rt::CreateData::new(::std::vec![#((#pcols, #rt::Value::from(#params.into()))),*])
                #(.with(#link_params))*
        }
    }))
}

/// The module of one relation field (`user::actions`): the nested writes the relation allows,
/// and (on the side without the foreign key) the data of a record created inside it.
pub(crate) fn gen_nested_module(
    schema: &Schema,
    names: &Names,
    m: &Model,
    ri: usize,
    target_model: &Model,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    let r = &m.relations[ri];
    if r.read_only {
        // A relation to or from a view: nothing is written through it.
        return Ok(TokenStream::new());
    }
    let mn = model_names(names, &m.name)?;
    let tn = model_names(names, &target_model.name)?;
    let name = &mn.ty;
    let target = &tn.ty;
    let module = &mn.module;
    let id = &mn.relations[ri];
    let info = &mn.relation_statics[ri].1;
    // The relation's two models, imported by name (one `use` for a self-relation).
    let p = quote!(#name);
    let c = quote!(#target);
    let models = if name == target {
        quote!(use super::super::#name;)
    } else {
        quote!(use super::super::{#name, #target};)
    };
    let (rel, tname) = (&r.name, &target_model.name);
    let mut items = Vec::new();

    let creatable = target_model.creatable();
    items.extend(data_items(schema, names, m, ri, target_model, rt, false)?);

    let ctx = Writes {
        r,
        rel,
        tname,
        info,
        p: &p,
        c: &c,
        rt,
        creatable,
    };
    items.extend(create_writes(&ctx));
    items.extend(update_writes(&ctx));

    let mod_doc = format!(" Nested writes in the relation `{}.{rel}`.", m.name);
    let inception = inception(module, &id.to_string());
    Ok(quote! {
        #[doc = #mod_doc]
        #inception
        pub mod #id {
            use super::__rt;
            #models
            #(#items)*
        }
    })
}

/// The data of a record created inside relation `ri` of `m` (on the side without the foreign
/// key, when the target is creatable): `data(required fields…)`, the target's required fields
/// less the foreign key the parent fills in, and `data_linked(…)`.
pub(crate) fn data_items(
    schema: &Schema,
    names: &Names,
    m: &Model,
    ri: usize,
    target_model: &Model,
    rt: &TokenStream,
    compact: bool,
) -> Result<Vec<TokenStream>, Error> {
    let r = &m.relations[ri];
    let mn = model_names(names, &m.name)?;
    let tn = model_names(names, &target_model.name)?;
    let target = &tn.ty;
    let c = quote!(#target);
    let module = &mn.module;
    let id = &mn.relations[ri];
    let (rel, tname) = (&r.name, &target_model.name);
    let mut items = Vec::new();
    if !r.holds_foreign_key && target_model.creatable() {
        // The data of a record created inside this relation: the target's required fields,
        // less the foreign key this side fills in.
        let fk: Vec<String> = if r.join.is_none() {
            r.to_columns.clone()
        } else {
            Vec::new()
        };
        let required: Vec<usize> = (0..target_model.fields.len())
            .filter(|&i| {
                let f = &target_model.fields[i];
                f.required_on_create() && !fk.iter().any(|c| c == f.column())
            })
            .collect();
        let params: Vec<_> = required.iter().map(|&i| &tn.fields[i]).collect();
        let ptypes: Vec<_> = required
            .iter()
            .map(|&i| one_level_deeper(scalar_type(&target_model.fields[i].ty, names, rt)))
            .collect();
        let required: Vec<_> = required.iter().map(|&i| &target_model.fields[i]).collect();
        let pcols: Vec<_> = required.iter().map(|f| f.column().to_owned()).collect();
        let many_args = many_args(required.len());
        // Where the data goes: the relation's module of nested writes, or (compact) its handle.
        let create = if compact {
            format!("{module}::write().{id}.create(…)")
        } else {
            format!("{module}::{id}::create(…)")
        };
        let data_doc = format!(
            " The data of a `{tname}` created inside `{}.{rel}` (`{create}`): its required fields, less the foreign key the parent fills in.",
            m.name
        );
        items.push(quote! {
            #[doc = #data_doc]
            #many_args
            pub fn data(#(#params: impl ::core::convert::Into<#ptypes>),*) -> #rt::CreateData<#c> {
                #rt::CreateData::new(::std::vec![#((#pcols, #rt::Value::from(#params.into()))),*])
            }
        });
        if r.join.is_none() {
            let linked = linked_constructor(
                schema,
                names,
                target_model,
                &c,
                "data_linked",
                &format!(
                    " The data of a `{tname}` created inside `{}.{rel}`, its other required relations given as nested writes.",
                    m.name
                ),
                Some(&r.to_columns),
                rt,
                true,
            )?;
            items.extend(linked);
        }
    }

    Ok(items)
}

/// Whether relation `r` allows `disconnect` (and, on a list, `set`): a list unless the other
/// side's foreign key is required (always in a many-to-many), a to-one relation only where
/// neither side is required (Prisma refuses the others with P2014). The default form's modules
/// and the compact form's write handles both ask here.
pub(crate) fn may_disconnect(r: &input::Relation) -> bool {
    if r.list {
        r.join.is_some() || !r.back_required
    } else {
        r.optional && !r.back_required
    }
}

/// Whether to-one relation `r` allows `delete: true`: when it is optional.
pub(crate) fn may_delete_one(r: &input::Relation) -> bool {
    r.optional
}

/// Whether list relation `r` allows `createMany`: a one-to-many (a many-to-many has none).
pub(crate) fn may_create_many(r: &input::Relation) -> bool {
    r.join.is_none()
}

/// What the writes of one relation module are generated from.
#[derive(Clone, Copy)]
struct Writes<'a> {
    r: &'a input::Relation,
    rel: &'a str,
    tname: &'a str,
    info: &'a proc_macro2::Ident,
    p: &'a TokenStream,
    c: &'a TokenStream,
    rt: &'a TokenStream,
    creatable: bool,
}

/// The writes allowed in a create (and in an update): `create`, `connect`, `connectOrCreate`,
/// `createMany`, as the relation's side and cardinality allow.
fn create_writes(ctx: &Writes<'_>) -> Vec<TokenStream> {
    let Writes {
        r,
        rel,
        tname,
        info,
        p,
        c,
        rt,
        creatable,
    } = *ctx;
    let mut items = Vec::new();
    let doc = |text: String| quote!(#[doc = #text]);
    if r.holds_foreign_key {
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ create }}`: creates the `{tname}` and points this record at it."
            ));
            items.push(quote! {
                #d
                pub fn create(data: #rt::CreateData<#c>) -> #rt::Link<#p, #c> {
                    super::#info.link_create(data)
                }
            });
        }
        let d = doc(format!(
            " `{rel}: {{ connect }}`: points this record at an existing `{tname}` (P2025 when there is none)."
        ));
        items.push(quote! {
            #d
            pub fn connect(record: #rt::Unique<#c>) -> #rt::Link<#p, #c> {
                super::#info.link_connect(record)
            }
        });
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ connectOrCreate }}`: connects the `{tname}` `record` picks, or creates it."
            ));
            items.push(quote! {
                #d
                pub fn connect_or_create(record: #rt::Unique<#c>, data: #rt::CreateData<#c>) -> #rt::Link<#p, #c> {
                    super::#info.link_connect_or_create(record, data)
                }
            });
        }
    } else if !r.list {
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ create }}`: creates the connected `{tname}`."
            ));
            items.push(quote! {
                #d
                pub fn create(data: #rt::CreateData<#c>) -> #rt::NestedWrite<#p> {
                    super::#info.create([data])
                }
            });
        }
        let d = doc(format!(
            " `{rel}: {{ connect }}`: connects an existing `{tname}` (P2025 when there is none)."
        ));
        items.push(quote! {
            #d
            pub fn connect(record: #rt::Unique<#c>) -> #rt::NestedWrite<#p> {
                super::#info.connect([record])
            }
        });
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ connectOrCreate }}`: connects the `{tname}` `record` picks, or creates it."
            ));
            items.push(quote! {
                #d
                pub fn connect_or_create(record: #rt::Unique<#c>, data: #rt::CreateData<#c>) -> #rt::NestedWrite<#p> {
                    super::#info.connect_or_create([(record, data)])
                }
            });
        }
    } else {
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ create: [...] }}`: creates connected `{tname}` records."
            ));
            items.push(quote! {
                #d
                pub fn create(data: impl ::core::iter::IntoIterator<Item = #rt::CreateData<#c>>) -> #rt::NestedWrite<#p> {
                    super::#info.create(data)
                }
            });
        }
        if may_create_many(r) && creatable {
            let d = doc(format!(
                " `{rel}: {{ createMany: {{ data, skipDuplicates }} }}`: creates connected `{tname}` records (no nested writes inside)."
            ));
            items.push(quote! {
                #d
                pub fn create_many(data: impl ::core::iter::IntoIterator<Item = #rt::CreateData<#c>>, skip_duplicates: bool) -> #rt::NestedWrite<#p> {
                    super::#info.create_many(data, skip_duplicates)
                }
            });
        }
        let d = doc(format!(
            " `{rel}: {{ connect: [...] }}`: connects existing `{tname}` records (P2025 unless every one exists)."
        ));
        items.push(quote! {
            #d
            pub fn connect(records: impl ::core::iter::IntoIterator<Item = #rt::Unique<#c>>) -> #rt::NestedWrite<#p> {
                super::#info.connect(records)
            }
        });
        if creatable {
            let d = doc(format!(
                " `{rel}: {{ connectOrCreate: [{{ where, create }}] }}`: connects each `{tname}`, or creates it."
            ));
            items.push(quote! {
                #d
                pub fn connect_or_create(pairs: impl ::core::iter::IntoIterator<Item = (#rt::Unique<#c>, #rt::CreateData<#c>)>) -> #rt::NestedWrite<#p> {
                    super::#info.connect_or_create(pairs)
                }
            });
        }
    }

    items
}

/// The writes allowed only in an update: `update`, `upsert`, `delete`, `disconnect`, `set`, …
fn update_writes(ctx: &Writes<'_>) -> Vec<TokenStream> {
    let Writes {
        r,
        rel,
        tname,
        info,
        p,
        c,
        rt,
        ..
    } = *ctx;
    let mut items = Vec::new();
    let doc = |text: String| quote!(#[doc = #text]);
    let d = if r.list {
        doc(format!(
            " `{rel}: {{ update: {{ where, data }} }}`: updates a connected `{tname}` (P2025 when `record` is not connected)."
        ))
    } else {
        doc(format!(
            " `{rel}: {{ update: data }}`: updates the connected `{tname}` (P2025 when there is none)."
        ))
    };
    if r.list {
        items.push(quote! {
            #d
            pub fn update(record: #rt::Unique<#c>, data: impl ::core::convert::Into<#rt::UpdateData<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.update(::core::option::Option::Some(record), data)
            }
        });
        let d = doc(format!(
            " `{rel}: {{ upsert: {{ where, create, update }} }}`: updates the connected `{tname}` `record` picks, or creates a connected one."
        ));
        items.push(quote! {
            #d
            pub fn upsert(record: #rt::Unique<#c>, create: #rt::CreateData<#c>, update: impl ::core::convert::Into<#rt::UpdateData<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.upsert(::core::option::Option::Some(record), create, update)
            }
        });
        let d = doc(format!(
            " `{rel}: {{ updateMany: {{ where, data }} }}`: updates the connected `{tname}` records matching `filter`."
        ));
        items.push(quote! {
            #d
            pub fn update_many(filter: impl ::core::convert::Into<#rt::Filter<#c>>, data: ::std::vec::Vec<#rt::Set<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.update_many(filter, data)
            }
        });
        let d = doc(format!(
            " `{rel}: {{ delete: [...] }}`: deletes connected `{tname}` records (P2017 when one is not connected)."
        ));
        items.push(quote! {
            #d
            pub fn delete(records: impl ::core::iter::IntoIterator<Item = #rt::Unique<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.delete(records)
            }
        });
        let d = doc(format!(
            " `{rel}: {{ deleteMany: {{ where }} }}`: deletes the connected `{tname}` records matching `filter`."
        ));
        items.push(quote! {
            #d
            pub fn delete_many(filter: impl ::core::convert::Into<#rt::Filter<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.delete_many(filter)
            }
        });
        // Disconnecting needs the other side's foreign key to be optional.
        if may_disconnect(r) {
            let d = doc(format!(
                " `{rel}: {{ disconnect: [...] }}`: disconnects these `{tname}` records."
            ));
            items.push(quote! {
                #d
                pub fn disconnect(records: impl ::core::iter::IntoIterator<Item = #rt::Unique<#c>>) -> #rt::NestedUpdate<#p> {
                    super::#info.disconnect(records)
                }
            });
            let d = doc(format!(
                " `{rel}: {{ set: [...] }}`: the connected `{tname}` records become exactly these."
            ));
            items.push(quote! {
                #d
                pub fn set(records: impl ::core::iter::IntoIterator<Item = #rt::Unique<#c>>) -> #rt::NestedUpdate<#p> {
                    super::#info.set(records)
                }
            });
        }
    } else {
        items.push(quote! {
            #d
            pub fn update(data: impl ::core::convert::Into<#rt::UpdateData<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.update(::core::option::Option::None, data)
            }
        });
        let d = doc(format!(
            " `{rel}: {{ upsert: {{ create, update }} }}`: updates the connected `{tname}`, or creates and connects one."
        ));
        items.push(quote! {
            #d
            pub fn upsert(create: #rt::CreateData<#c>, update: impl ::core::convert::Into<#rt::UpdateData<#c>>) -> #rt::NestedUpdate<#p> {
                super::#info.upsert(::core::option::Option::None, create, update)
            }
        });
        // Only where neither side is required (Prisma refuses the others with P2014).
        if may_disconnect(r) {
            let d = doc(format!(
                " `{rel}: {{ disconnect: true }}`: disconnects the connected `{tname}`."
            ));
            items.push(quote! {
                #d
                pub fn disconnect() -> #rt::NestedUpdate<#p> {
                    super::#info.disconnect_one()
                }
            });
        }
        if may_delete_one(r) {
            let d = doc(format!(
                " `{rel}: {{ delete: true }}`: deletes the connected `{tname}` (P2025 when there is none)."
            ));
            items.push(quote! {
                #d
                pub fn delete() -> #rt::NestedUpdate<#p> {
                    super::#info.delete_one()
                }
            });
        }
    }

    items
}
