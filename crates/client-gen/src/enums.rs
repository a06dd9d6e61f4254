//! The schema's enums: a Rust enum each, with its database names.

use proc_macro2::TokenStream;
use quote::quote;

use crate::input;
use crate::names::Names;
use crate::{docs, enum_type};

pub(crate) fn gen_enum(e: &input::Enum, names: &Names, rt: &TokenStream) -> TokenStream {
    let name = enum_type(names, &e.name);
    let doc = docs(e.docs.as_deref(), format!("The enum `{}`.", e.name));
    let schema_name = &e.name;
    let variants: Vec<proc_macro2::Ident> = names
        .enum_(&e.name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let variant_docs = e.values.iter().map(|v| format!(" `{}`", v.name));
    let db_names: Vec<_> = e
        .values
        .iter()
        .map(|v| v.db_name.clone().unwrap_or_else(|| v.name.clone()))
        .collect();
    quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #[allow(clippy::enum_variant_names, reason = "the variants are the schema's values")]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl #rt::DbEnum for #name {
            const NAME: &'static str = #schema_name;
            fn from_db_name(name: &str) -> ::core::option::Option<Self> {
                match name {
                    #(#db_names => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
            fn db_name(self) -> &'static str {
                match self {
                    #(Self::#variants => #db_names,)*
                }
            }
        }

        impl ::core::convert::From<#name> for #rt::Value {
            fn from(v: #name) -> Self {
                #rt::Value::Enum(#rt::DbEnum::db_name(v))
            }
        }
    }
}
