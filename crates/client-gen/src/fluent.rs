//! The fluent API of a model (Prisma's `prisma.user.findUnique({ where }).posts()`): a trait
//! `Fluent` in the model's module with one method per relation, implemented for every query
//! of one record of the model (`find_unique`, `find_first`, a to-one step). The work is the
//! runtime's (`client::fluent`); each method is one call.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::input::Model;
use crate::model_names;
use crate::names::{ModelNames, Names};

/// The `Fluent` trait of model `m` (nothing for a model without relations).
pub(crate) fn gen_fluent(
    m: &Model,
    mn: &ModelNames,
    targets: &[&Model],
    names: &Names,
    rt: &TokenStream,
) -> Result<TokenStream, Error> {
    if m.relations.is_empty() {
        return Ok(TokenStream::new());
    }
    let name = &mn.ty;
    let mut methods = Vec::new();
    for (ri, r) in m.relations.iter().enumerate() {
        let target = &model_names(names, &targets[ri].name)?.ty;
        let (id, relation) = (&mn.relations[ri], &mn.relation_statics[ri].0);
        let target_name = &targets[ri].name;
        let (doc, step) = if r.list {
            let doc = format!(
                " `{}`: the `{target_name}` records of the record found.",
                r.name
            );
            (doc, quote!(FluentMany))
        } else {
            let doc = format!(
                " `{}`: the `{target_name}` record of the record found.",
                r.name
            );
            (doc, quote!(FluentOne))
        };
        methods.push(quote! {
            #[doc = #doc]
            fn #id(self) -> #rt::#step<'a, super::#target> { #rt::#step::new(self, &#relation) }
        });
    }
    // Clippy expects `as_…`, `from_…`, `to_…` and `is_…` methods not to take `self` by value.
    let convention = if mn.relations.iter().any(|id| {
        let id = id.to_string();
        ["as_", "from_", "to_", "is_"]
            .iter()
            .any(|p| id.trim_start_matches("r#").starts_with(p))
    }) {
        quote!(#[allow(clippy::wrong_self_convention, reason = "named after the schema")])
    } else {
        quote!()
    };
    let doc = format!(
        " The fluent API: `client.{module}().find_unique(…).relation()`, the records of a \
         relation of the `{model}` found (`use prisma::{module}::Fluent as _;`).",
        module = mn.module,
        model = m.name,
    );
    Ok(quote! {
        #[doc = #doc]
        #convention
        pub trait Fluent<'a>: #rt::FluentParent<'a, super::#name> {
            #(#methods)*
        }
        impl<'a, Q: #rt::FluentParent<'a, super::#name>> Fluent<'a> for Q {}
    })
}
