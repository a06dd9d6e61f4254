//! The datasource's `extensions = [...]` after `db pull`, as Prisma renders it (with the
//! `postgresqlExtensions` preview feature only): the database's extensions by name, each
//! written when the existing schema lists it (by its database name: `map:`, else its name),
//! with `version:` and `schema:` when the existing entry has them (the database's values), or
//! when it is one of Prisma's allow-list (`citext`, `postgis`, `pg_crypto`, `uuid-ossp`: Prisma
//! spells pgcrypto `pg_crypto` there, so pgcrypto is never added), with `schema:` only. An
//! extension the database lacks is dropped from the list; a name that is not an identifier is
//! sanitised with `map:` (`uuid_ossp(map: "uuid-ossp")`). No entry left: no property.

use crate::names::{needs_sanitation, sanitize};
use schema::{Datasource, SchemaCapabilities, ValidatedSchema};
use sql_schema::Extension;

/// Extensions Prisma adds to a pulled schema that does not list them yet.
const ALLOW_LIST: &[&str] = &["citext", "postgis", "pg_crypto", "uuid-ossp"];

/// Whether `db pull` renders the database's extensions: the provider has them and a
/// generator enables `postgresqlExtensions` (the CLI then reads them into the pulled
/// [`sql_schema::SqlSchema`]).
pub fn pulls_extensions(schema: &ValidatedSchema) -> bool {
    schema
        .preview_features()
        .any(|f| f.eq_ignore_ascii_case("postgresqlExtensions"))
        && schema.provider().is_some_and(|p| p.supports_extensions())
}

/// The value of the `extensions` property (`[citext(schema: "public"), vector]`), or `None`
/// when no extension is written.
pub(crate) fn property(previous: &Datasource, database: &[Extension]) -> Option<String> {
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut items = Vec::new();
    for ext in database {
        let mut params = Vec::new();
        let name = if needs_sanitation(&ext.name) {
            params.push(format!("map: {}", quoted(&ext.name)));
            sanitize(&ext.name)
        } else {
            ext.name.clone()
        };
        let known = previous.extensions.iter().find(|e| match &e.database_name {
            Some(db) => db == &ext.name,
            None => e.name == ext.name,
        });
        match known {
            Some(prev) => {
                if prev.version.is_some() {
                    params.push(format!("version: {}", quoted(&ext.version)));
                }
                if prev.schema.is_some() {
                    params.push(format!("schema: {}", quoted(&ext.schema)));
                }
            }
            None if ALLOW_LIST.contains(&ext.name.as_str()) => {
                params.push(format!("schema: {}", quoted(&ext.schema)));
            }
            None => continue,
        }
        if params.is_empty() {
            items.push(name);
        } else {
            items.push(format!("{name}({})", params.join(", ")));
        }
    }
    (!items.is_empty()).then(|| format!("[{}]", items.join(", ")))
}
