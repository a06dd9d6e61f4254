//! Rust types and runtime descriptions of scalar fields.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::enum_type;
use crate::input::{self, ClientDefault, DatePart, Model, ScalarType};
use crate::names::{ModelNames, Names};

pub(crate) fn scalar_type(ty: &ScalarType, names: &Names, rt: &TokenStream) -> TokenStream {
    match ty {
        ScalarType::Int => quote!(i32),
        ScalarType::BigInt => quote!(i64),
        ScalarType::Float => quote!(f64),
        ScalarType::Decimal => quote!(#rt::Decimal),
        ScalarType::String => quote!(::std::string::String),
        ScalarType::Boolean => quote!(bool),
        ScalarType::DateTime => quote!(#rt::DateTimeUtc),
        ScalarType::Json => quote!(#rt::Json),
        ScalarType::Bytes => quote!(::std::vec::Vec<u8>),
        ScalarType::Enum(name) => {
            let id = enum_type(names, name);
            quote!(super::#id)
        }
    }
}

/// The field's Rust type as written at the generated module's top level (the model structs).
pub(crate) fn top_level_type(ty: &ScalarType, names: &Names, rt: &TokenStream) -> TokenStream {
    match ty {
        ScalarType::Enum(name) => {
            let id = enum_type(names, name);
            quote!(#id)
        }
        other => scalar_type(other, names, rt),
    }
}

fn scalar_kind(ty: &ScalarType, rt: &TokenStream) -> TokenStream {
    let kind = match ty {
        ScalarType::Int => "Int",
        ScalarType::BigInt => "BigInt",
        ScalarType::Float => "Float",
        ScalarType::Decimal => "Decimal",
        ScalarType::String => "String",
        ScalarType::Boolean => "Boolean",
        ScalarType::DateTime => "DateTime",
        ScalarType::Json => "Json",
        ScalarType::Bytes => "Bytes",
        ScalarType::Enum(_) => "Enum",
    };
    let kind = format_ident!("{kind}");
    quote!(#rt::ScalarKind::#kind)
}

/// The default the client fills in, `None` when it fills in none.
fn client_default(d: &ClientDefault, rt: &TokenStream) -> Option<TokenStream> {
    Some(match d {
        ClientDefault::None | ClientDefault::Database => return None,
        ClientDefault::Now => quote!(#rt::ClientDefault::Now),
        ClientDefault::UpdatedAt => quote!(#rt::ClientDefault::UpdatedAt),
        ClientDefault::Uuid => quote!(#rt::ClientDefault::Uuid),
        ClientDefault::UuidV7 => quote!(#rt::ClientDefault::UuidV7),
        ClientDefault::Cuid => quote!(#rt::ClientDefault::Cuid),
        ClientDefault::Cuid2 => quote!(#rt::ClientDefault::Cuid2),
        ClientDefault::Ulid => quote!(#rt::ClientDefault::Ulid),
        ClientDefault::Nanoid(n) => quote!(#rt::ClientDefault::Nanoid(#n)),
    })
}

/// A field's description for the runtime, one line: `FieldMeta::new(name, kind)` and only
/// what differs from a required field of that name (`.column(…)`, `.nullable()`, …).
pub(crate) fn field_meta(f: &input::Field, rt: &TokenStream) -> TokenStream {
    let (name, col) = (&f.name, f.column());
    let kind = scalar_kind(&f.ty, rt);
    if f.omitted {
        // Rare (the generator's `omit` option): every property spelled out.
        let nullable = f.optional;
        let default = client_default(&f.default, rt).unwrap_or(quote!(#rt::ClientDefault::None));
        return quote! {
            #rt::FieldMeta { name: #name, column: #col, kind: #kind, nullable: #nullable, default: #default, omitted: true }
        };
    }
    let mut meta = quote!(#rt::FieldMeta::new(#name, #kind));
    if col != name {
        meta.extend(quote!(.column(#col)));
    }
    if f.optional {
        meta.extend(quote!(.nullable()));
    }
    if let Some(default) = client_default(&f.default, rt) {
        meta.extend(quote!(.default(#default)));
    }
    meta
}

/// The type a field is read as: its Rust type, `Option` when optional (relative to the model's
/// module).
pub(crate) fn slot_type(f: &input::Field, names: &Names, rt: &TokenStream) -> TokenStream {
    let base = scalar_type(&f.ty, names, rt);
    if f.list {
        quote!(::std::vec::Vec<#base>)
    } else if f.optional {
        quote!(::core::option::Option<#base>)
    } else {
        base
    }
}

/// Makes a type written at a model module's level valid one module deeper.
pub(crate) fn one_level_deeper(t: TokenStream) -> TokenStream {
    t.to_string()
        .replace("super ::", "super :: super ::")
        .parse()
        .unwrap_or(t)
}

/// The type and constructor of field `i`'s handle (`Field` or `UniqueField`, seen from the
/// model's module): what `user::email()` returns, or `user::fields().email` holds.
pub(crate) fn field_handle(
    m: &Model,
    mn: &ModelNames,
    i: usize,
    names: &Names,
    rt: &TokenStream,
) -> (TokenStream, TokenStream) {
    let name = &mn.ty;
    let f = &m.fields[i];
    let ty = scalar_type(&f.ty, names, rt);
    let ty = if f.list {
        quote!(#rt::ScalarList<#ty>)
    } else if f.optional && f.ty == ScalarType::Json {
        // An optional Json field also takes `DbNull` (SQL NULL); a required one does not.
        quote!(#rt::NullableJson)
    } else {
        ty
    };
    let col = f.column();
    let index = proc_macro2::Literal::usize_unsuffixed(i);
    let handle = if f.unique {
        quote!(UniqueField)
    } else {
        quote!(Field)
    };
    let part = match f.date_part {
        DatePart::Whole => quote!(),
        DatePart::Date => quote!(.native_date()),
        DatePart::Time => quote!(.native_time()),
    };
    (
        quote!(#rt::#handle<super::#name, #ty>),
        quote!(#rt::#handle::new(#col, #index) #part),
    )
}
