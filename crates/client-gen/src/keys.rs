//! A model's unique constraints and auto-increment field, which the runtime's `upsert` reads
//! to decide whether one `INSERT … ON CONFLICT` / `ON DUPLICATE KEY UPDATE` does exactly what
//! a read followed by a write would (docs/decisions/0019-native-upsert.md): from the IR into
//! the generator's input ([`of_model`]), then into `META` ([`meta_calls`]).

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use schema::{DefaultKind, IndexField, ModelWalker};

use crate::Error;
use crate::input::{self, Keys};

/// The keys of `m`, whose client fields are `fields` (a unique index on a field the client
/// leaves out is inexact: the runtime cannot tell what the insert writes there).
pub(crate) fn of_model(m: ModelWalker<'_>, fields: &[input::Field]) -> Keys {
    let mut keys = Keys::default();
    let name_of = |f: &IndexField| m.schema.field(f.field).name.clone();
    let known = |names: &[String]| names.iter().all(|n| fields.iter().any(|f| &f.name == n));
    let mut push = |names: Vec<String>, exact: bool| {
        let list = if exact && known(&names) {
            &mut keys.uniques
        } else {
            &mut keys.inexact
        };
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| fields.iter().any(|f| &f.name == n))
            .collect();
        if !list.contains(&names) {
            list.push(names);
        }
    };
    if let Some(pk) = m.primary_key() {
        let exact = pk.fields.iter().all(|f| f.length.is_none());
        push(pk.fields.iter().map(name_of).collect(), exact);
    }
    for index in m.unique_indexes() {
        let exact = index.predicate.is_none() && index.fields.iter().all(|f| f.length.is_none());
        push(index.fields.iter().map(name_of).collect(), exact);
    }
    keys.auto_increment = m
        .scalar_fields()
        .find(|f| {
            f.scalar()
                .default
                .as_ref()
                .is_some_and(|d| matches!(d.kind, DefaultKind::Autoincrement))
        })
        .map(|f| f.name.clone());
    keys
}

/// The builder calls that put `m`'s keys into its `META` (`.uniques(&[&[0], &[4]])`,
/// `.auto_increment(0)`, `.inexact_uniques(…)`), each left out when it has nothing to say.
pub(crate) fn meta_calls(m: &input::Model) -> Result<TokenStream, Error> {
    let index = |name: &String| {
        m.fields
            .iter()
            .position(|f| &f.name == name)
            .map(Literal::usize_unsuffixed)
            .ok_or_else(|| Error::Schema {
                model: m.name.clone(),
                message: format!("unique field `{name}` is not a scalar field of the client"),
            })
    };
    let lists = |keys: &[Vec<String>]| -> Result<Vec<Vec<Literal>>, Error> {
        keys.iter()
            .map(|k| k.iter().map(index).collect::<Result<Vec<_>, _>>())
            .collect()
    };
    let mut out = TokenStream::new();
    let uniques = lists(&m.keys.uniques)?;
    if !uniques.is_empty() {
        out.extend(quote!(.uniques(&[#(&[#(#uniques),*]),*])));
    }
    let inexact = lists(&m.keys.inexact)?;
    if !inexact.is_empty() {
        out.extend(quote!(.inexact_uniques(&[#(&[#(#inexact),*]),*])));
    }
    if let Some(field) = &m.keys.auto_increment {
        // A field the client leaves out cannot be in an insert: only a known one is named.
        if let Ok(i) = index(field) {
            out.extend(quote!(.auto_increment(#i)));
        }
    }
    Ok(out)
}
