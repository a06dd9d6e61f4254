//! Our documentation of the language, shown on hover and with completions: attributes, their
//! arguments, scalar types, block keywords and configuration properties. Written for Refract.

use diagnostics::{FileId, Span};
use schema_syntax::ast::{Attribute, BlockItem, FieldType, Top};

use crate::symbols::{self, Symbol, TypeKind};
use crate::world::Analysis;

/// The hint on a model with `@@ignore`.
pub(crate) const IGNORED_MODEL: &str = "@@ignore: this model stays in migrations and `db pull`, but the generated client leaves it out.";
/// The hint on a field with `@ignore`.
pub(crate) const IGNORED_FIELD: &str = "@ignore: this field stays in migrations and `db pull`, but the generated client leaves it out.";

/// Field attributes: name (without `@`), signature, documentation.
pub(crate) const FIELD_ATTRIBUTES: &[(&str, &str, &str)] = &[
    (
        "id",
        "@id(map: String?, length: Int?, sort: SortOrder?, clustered: Boolean?)",
        "Makes this field the model's primary key. A model has one `@id` or one `@@id`.",
    ),
    (
        "unique",
        "@unique(map: String?, length: Int?, sort: SortOrder?, clustered: Boolean?)",
        "Adds a unique constraint on this field: no two records may share a value (NULLs excepted).",
    ),
    (
        "default",
        "@default(value, map: String?)",
        "The value a new record gets when none is given: a literal, an enum value, or a function such as `autoincrement()`, `now()`, `uuid()`, `cuid()`, `nanoid()` or `dbgenerated(\"…\")`.",
    ),
    (
        "relation",
        "@relation(name: String?, fields: FieldReference[]?, references: FieldReference[]?, onDelete: ReferentialAction?, onUpdate: ReferentialAction?, map: String?)",
        "Describes a relation. On the side that stores the foreign key, `fields` lists this model's scalar fields and `references` the related model's fields they point at; `name` tells apart several relations between the same models.",
    ),
    (
        "map",
        "@map(name: String)",
        "The column's name in the database, when it differs from the field's name. Renaming the field keeps the column.",
    ),
    (
        "updatedAt",
        "@updatedAt",
        "The client sets this `DateTime` field to the current time on every update.",
    ),
    (
        "ignore",
        "@ignore",
        "Leaves this field out of the generated client; migrations still keep its column.",
    ),
    (
        "db",
        "@db.Type(arguments)",
        "The column's native database type, one of the datasource provider's (`@db.VarChar(255)`).",
    ),
    (
        "shardKey",
        "@shardKey",
        "Marks the field as the shard key (PlanetScale; preview feature `shardKeys`).",
    ),
];

/// Block attributes: name (without `@@`), signature, documentation.
pub(crate) const BLOCK_ATTRIBUTES: &[(&str, &str, &str)] = &[
    (
        "id",
        "@@id(fields: FieldReference[], name: String?, map: String?, clustered: Boolean?)",
        "A primary key over several fields. `name` names the key in the client, `map` the constraint in the database.",
    ),
    (
        "unique",
        "@@unique(fields: FieldReference[], name: String?, map: String?, clustered: Boolean?)",
        "A unique constraint over several fields: no two records may share the combination.",
    ),
    (
        "index",
        "@@index(fields: FieldReference[], name: String?, map: String?, type: IndexType?, clustered: Boolean?)",
        "An index over one or more fields, for faster lookups and sorting. Index the scalar fields of a relation: most databases do not index foreign keys by themselves.",
    ),
    (
        "fulltext",
        "@@fulltext(fields: FieldReference[], map: String?)",
        "A full-text index (MySQL; MongoDB).",
    ),
    (
        "map",
        "@@map(name: String)",
        "The table's (or enum's) name in the database, when it differs from the model's name. Renaming the model keeps the table.",
    ),
    (
        "ignore",
        "@@ignore",
        "Leaves this model out of the generated client; migrations still keep its table.",
    ),
    (
        "schema",
        "@@schema(name: String)",
        "The database schema the table or enum lives in (multi-schema datasources list them in `schemas`).",
    ),
    (
        "shardKey",
        "@@shardKey(fields: FieldReference[])",
        "A shard key over several fields (PlanetScale; preview feature `shardKeys`).",
    ),
];

/// Scalar types and what they hold.
pub(crate) const SCALARS: &[(&str, &str)] = &[
    (
        "String",
        "Text of any length (the provider's default text type, or `@db.*`).",
    ),
    ("Boolean", "`true` or `false`."),
    ("Int", "A 32-bit signed integer."),
    ("BigInt", "A 64-bit signed integer."),
    ("Float", "A double-precision floating-point number."),
    (
        "Decimal",
        "An exact decimal number (`Decimal(65,30)` on MySQL, `decimal(65,30)` on PostgreSQL).",
    ),
    (
        "DateTime",
        "A point in time (`timestamp(3)` on PostgreSQL, `DATETIME(3)` on MySQL).",
    ),
    (
        "Json",
        "A JSON value (`jsonb` on PostgreSQL, `JSON` on MySQL, text on SQLite).",
    ),
    (
        "Bytes",
        "Binary data (`bytea` on PostgreSQL, `LONGBLOB` on MySQL, `BLOB` on SQLite).",
    ),
];

/// Block keywords and what they declare.
pub(crate) const KEYWORDS: &[(&str, &str)] = &[
    (
        "model",
        "A model: a table in the database and a type in the client.",
    ),
    (
        "view",
        "A view: a database view the client reads (preview feature `views`).",
    ),
    (
        "enum",
        "An enum: a fixed list of values (a database enum where the provider has them).",
    ),
    (
        "type",
        "A composite type: a structure embedded in a model (MongoDB).",
    ),
    (
        "datasource",
        "The database: its `provider` and, for Prisma 6 projects, its `url`.",
    ),
    (
        "generator",
        "A generator: what `refract generate` (or `prisma generate`) writes from the schema.",
    ),
];

/// `datasource` properties: name, documentation.
pub(crate) const DATASOURCE_PROPERTIES: &[(&str, &str)] = &[
    (
        "provider",
        "The database: `\"postgresql\"`, `\"mysql\"`, `\"sqlite\"`, `\"sqlserver\"`, `\"mongodb\"` or `\"cockroachdb\"`.",
    ),
    (
        "url",
        "The connection URL, usually `env(\"DATABASE_URL\")` (Prisma 7 projects set it in prisma.config.ts instead).",
    ),
    (
        "directUrl",
        "A URL that bypasses a connection pooler, for migrations.",
    ),
    (
        "shadowDatabaseUrl",
        "The shadow database `migrate dev` replays migrations on.",
    ),
    (
        "relationMode",
        "`\"foreignKeys\"` (the default) or `\"prisma\"` (relations emulated without foreign keys).",
    ),
    (
        "extensions",
        "PostgreSQL extensions the schema needs (preview feature `postgresqlExtensions`).",
    ),
    (
        "schemas",
        "The database schemas of a multi-schema datasource.",
    ),
];

/// `generator` properties: name, documentation.
pub(crate) const GENERATOR_PROPERTIES: &[(&str, &str)] = &[
    (
        "provider",
        "What generates: `\"refract\"` for the Rust client, `\"prisma-client\"` or `\"prisma-client-js\"` for Prisma's.",
    ),
    ("output", "Where the generated code is written."),
    (
        "previewFeatures",
        "Preview features to turn on, as a list of strings.",
    ),
    (
        "binaryTargets",
        "Prisma's engine binaries to download (Prisma's JavaScript clients).",
    ),
    (
        "engineType",
        "`\"library\"`, `\"binary\"` or `\"client\"` (Prisma's JavaScript clients).",
    ),
    (
        "moduleFormat",
        "`\"esm\"` or `\"cjs\"` (generator `prisma-client`).",
    ),
    (
        "runtime",
        "The JavaScript runtime the client targets (generator `prisma-client`).",
    ),
    (
        "generatedFileExtension",
        "The extension of generated files (generator `prisma-client`).",
    ),
    (
        "importFileExtension",
        "The extension written in generated imports (generator `prisma-client`).",
    ),
];

fn code(text: &str) -> String {
    format!("```prisma\n{text}\n```")
}

/// The hover of a declared or referenced name.
pub(crate) fn symbol_hover(analysis: &Analysis, symbol: &Symbol) -> Option<String> {
    match symbol {
        Symbol::Type(name) => {
            let kind = symbols::type_kind(analysis, name)?;
            let docs = type_documentation(analysis, name);
            let mut out = code(&format!("{} {name}", kind.keyword()));
            if let Some(docs) = docs {
                out.push_str("\n___\n");
                out.push_str(&docs);
            }
            Some(out)
        }
        Symbol::Field(owner, name) => {
            let field = symbols::fields_of(analysis, owner)
                .into_iter()
                .find(|f| f.name.name == *name)?;
            let mut out = code(analysis.files.slice(field.span));
            out.push_str(&format!("\n\nField of `{owner}`."));
            if let Some(docs) = field.documentation.text() {
                out.push_str("\n___\n");
                out.push_str(&docs);
            }
            Some(out)
        }
        Symbol::EnumValue(owner, name) => {
            let value = enum_value(analysis, owner, name)?;
            let mut out = code(analysis.files.slice(value.span));
            out.push_str(&format!("\n\nValue of the enum `{owner}`."));
            if let Some(docs) = value.documentation.text() {
                out.push_str("\n___\n");
                out.push_str(&docs);
            }
            Some(out)
        }
    }
}

/// The declaration of the value `name` of the enum `owner`.
fn enum_value<'a>(
    analysis: &'a Analysis,
    owner: &str,
    name: &str,
) -> Option<&'a schema_syntax::ast::EnumValue> {
    analysis
        .asts
        .iter()
        .flat_map(|ast| &ast.tops)
        .find_map(|top| match top {
            Top::Enum(e) if e.name.name == owner => e.values().find(|v| v.name.name == name),
            _ => None,
        })
}

/// The string argument of `@map("…")` among `attributes`.
fn map_argument(attributes: &[Attribute]) -> Option<String> {
    attributes
        .iter()
        .find(|a| a.name.name == "map")
        .and_then(|a| a.arguments.arguments.first())
        .and_then(|arg| match &arg.value {
            schema_syntax::ast::Expression::String(s, _) => Some(s.clone()),
            _ => None,
        })
}

fn type_documentation(analysis: &Analysis, name: &str) -> Option<String> {
    for ast in &analysis.asts {
        for top in &ast.tops {
            let docs = match top {
                Top::Model(m) if m.name.name == name => &m.documentation,
                Top::Enum(e) if e.name.name == name => &e.documentation,
                Top::CompositeType(c) if c.name.name == name => &c.documentation,
                _ => continue,
            };
            return docs.text();
        }
    }
    None
}

/// The hover of what is not a symbol: an attribute, a scalar type, a block keyword, a
/// configuration property.
pub(crate) fn hover_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<(String, Span)> {
    let inside = |span: Span| span.start as usize <= offset && offset <= span.end as usize;
    let attribute = |a: &Attribute, block: bool| -> Option<(String, Span)> {
        let name_span = Span::new(file, a.span.start as usize, a.name.span.end as usize);
        if !inside(name_span) {
            return None;
        }
        if let Some(native) = a.name.name.strip_prefix("db.") {
            let provider = analysis.provider.map_or("the datasource", |p| p.as_str());
            return Some((
                format!(
                    "{}\n\nThe native type `{native}` of {provider}: the column is created with this type instead of the scalar type's default.",
                    code(&format!("@db.{native}"))
                ),
                name_span,
            ));
        }
        let list = if block {
            BLOCK_ATTRIBUTES
        } else {
            FIELD_ATTRIBUTES
        };
        let (_, signature, text) = list.iter().find(|(n, _, _)| *n == a.name.name)?;
        Some((format!("{}\n\n{text}", code(signature)), name_span))
    };
    for top in &analysis.ast(file).tops {
        let (span, keyword, items): (Span, &str, Vec<&BlockItem<_>>) = match top {
            Top::Model(m) => (
                m.span,
                if m.is_view { "view" } else { "model" },
                m.items.iter().collect(),
            ),
            Top::CompositeType(c) => (c.span, "type", c.items.iter().collect()),
            Top::Enum(e) => {
                if inside(e.span) {
                    for a in e.attributes() {
                        if let Some(found) = attribute(a, true) {
                            return Some(found);
                        }
                    }
                    return keyword_hover(file, e.span, "enum", offset);
                }
                continue;
            }
            Top::Datasource(b) | Top::Generator(b) => {
                if !inside(b.span) {
                    continue;
                }
                let datasource = matches!(top, Top::Datasource(_));
                let list = if datasource {
                    DATASOURCE_PROPERTIES
                } else {
                    GENERATOR_PROPERTIES
                };
                for p in b.properties() {
                    if inside(p.name.span)
                        && let Some((_, text)) = list.iter().find(|(n, _)| *n == p.name.name)
                    {
                        return Some((format!("{}\n\n{text}", code(&p.name.name)), p.name.span));
                    }
                }
                let keyword = if datasource {
                    "datasource"
                } else {
                    "generator"
                };
                return keyword_hover(file, b.span, keyword, offset);
            }
            _ => continue,
        };
        if !inside(span) {
            continue;
        }
        for item in items {
            match item {
                BlockItem::Member(f) => {
                    if let FieldType::Named(id) = &f.field_type
                        && inside(id.span)
                        && let Some((_, text)) = SCALARS.iter().find(|(n, _)| *n == id.name)
                    {
                        return Some((format!("{}\n\n{text}", code(&id.name)), id.span));
                    }
                    for a in &f.attributes {
                        if let Some(found) = attribute(a, false) {
                            return Some(found);
                        }
                    }
                }
                BlockItem::Attribute(a) => {
                    if let Some(found) = attribute(a, true) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        return keyword_hover(file, span, keyword, offset);
    }
    None
}

fn keyword_hover(
    file: FileId,
    block: Span,
    keyword: &str,
    offset: usize,
) -> Option<(String, Span)> {
    // A block starts with its keyword.
    let span = Span::new(
        file,
        block.start as usize,
        block.start as usize + keyword.len(),
    );
    if !(span.start as usize <= offset && offset <= span.end as usize) {
        return None;
    }
    let (_, text) = KEYWORDS.iter().find(|(k, _)| *k == keyword)?;
    Some((format!("{}\n\n{text}", code(keyword)), span))
}

/// What a rename does to the database name, when it matters.
pub(crate) fn rename_note(analysis: &Analysis, symbol: &Symbol, new_name: &str) -> Option<String> {
    match symbol {
        Symbol::Type(name) => {
            let kind = symbols::type_kind(analysis, name)?;
            let (thing, attribute) = match kind {
                TypeKind::Model => ("table", "@@map"),
                TypeKind::View => ("view", "@@map"),
                TypeKind::Enum => ("enum", "@@map"),
                TypeKind::Composite => return None,
            };
            let mapped = block_map(analysis, name);
            Some(match mapped {
                Some(db) => format!(
                    "Renamed `{name}` to `{new_name}`: `{attribute}(\"{db}\")` keeps the {thing} `{db}` in the database."
                ),
                None => format!(
                    "Renamed `{name}` to `{new_name}`: the next migration renames the {thing} `{name}` in the database too. Add `{attribute}(\"{name}\")` to `{new_name}` to keep it."
                ),
            })
        }
        Symbol::Field(owner, name) => {
            if symbols::type_kind(analysis, owner) == Some(TypeKind::Composite) {
                return None;
            }
            let field = symbols::fields_of(analysis, owner)
                .into_iter()
                .find(|f| f.name.name == *name)?;
            // A relation field has no column.
            if let FieldType::Named(id) = &field.field_type
                && matches!(
                    symbols::type_kind(analysis, &id.name),
                    Some(TypeKind::Model | TypeKind::View)
                )
            {
                return None;
            }
            let mapped = field
                .attributes
                .iter()
                .find(|a| a.name.name == "map")
                .and_then(|a| {
                    a.arguments
                        .arguments
                        .first()
                        .and_then(|arg| match &arg.value {
                            schema_syntax::ast::Expression::String(s, _) => Some(s.clone()),
                            _ => None,
                        })
                });
            Some(match mapped {
                Some(db) => format!(
                    "Renamed `{owner}.{name}` to `{new_name}`: `@map(\"{db}\")` keeps the column `{db}` in the database."
                ),
                None => format!(
                    "Renamed `{owner}.{name}` to `{new_name}`: the next migration renames the column `{name}` in the database too. Add `@map(\"{name}\")` to keep it."
                ),
            })
        }
        Symbol::EnumValue(owner, name) => {
            let value = enum_value(analysis, owner, name)?;
            Some(match map_argument(&value.attributes) {
                Some(db) => format!(
                    "Renamed `{owner}.{name}` to `{new_name}`: `@map(\"{db}\")` keeps the value `{db}` in the database."
                ),
                None => format!(
                    "Renamed `{owner}.{name}` to `{new_name}`: the next migration replaces the value `{name}` by `{new_name}` in the database too, and fails while rows still hold `{name}`. Add `@map(\"{name}\")` to keep it."
                ),
            })
        }
    }
}

/// The `@@map` name of a model or enum.
fn block_map(analysis: &Analysis, name: &str) -> Option<String> {
    for ast in &analysis.asts {
        for top in &ast.tops {
            let attributes: Vec<&Attribute> = match top {
                Top::Model(m) if m.name.name == name => m.attributes().collect(),
                Top::Enum(e) if e.name.name == name => e.attributes().collect(),
                _ => continue,
            };
            return attributes
                .into_iter()
                .find(|a| a.name.name == "map")
                .and_then(|a| a.arguments.arguments.first())
                .and_then(|arg| match &arg.value {
                    schema_syntax::ast::Expression::String(s, _) => Some(s.clone()),
                    _ => None,
                });
        }
    }
    None
}
