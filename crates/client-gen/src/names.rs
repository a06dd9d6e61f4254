//! Rust names for schema names: the rule of docs/client.md, "Generated names".
//!
//! Every name the generated code declares is computed here, once per schema ([`Names::new`]),
//! so that each is idiomatic (UpperCamelCase types and variants, snake_case functions, fields
//! and modules), a valid identifier (raw where a keyword allows it), and unique in its scope,
//! including against the names the generated code itself declares there.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, Span};

use crate::input::{Model, Schema};

/// Keywords that are valid as raw identifiers (`r#type`): strict, reserved, and the 2018/2024
/// edition keywords.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: a trailing underscore makes them usable.
const PATH_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Method names a model accessor (`client.user()`) must not take: the methods of the runtime's
/// `Executor` trait and of `Client` and `Transaction`, and of the std traits they implement
/// (a second `clone` in scope would make `client.clone()` ambiguous).
const ACCESSOR_RESERVED: &[&str] = &[
    "batch",
    "batch_with",
    "begin",
    "clone",
    "clone_from",
    "clone_into",
    "commit",
    "connect",
    "connect_with",
    "dialect",
    "execute_raw",
    "execute_script",
    "executor",
    "into",
    "query_raw",
    "returning",
    "rollback",
    "to_owned",
    "to_string",
    "transaction",
    "transaction_with",
    "try_into",
];

/// What a model's module declares beside the per-field and per-relation items: the field,
/// relation and compound-key functions share the value namespace with `create`,
/// `create_linked` and `update_data`, and the relation modules share the type namespace with
/// `include`, `select` and `omit`; `select` holds `all` and `omit` beside the field picks.
const MEMBER_RESERVED: &[&str] = &[
    "all",
    "create",
    "create_linked",
    "include",
    "omit",
    "select",
    "update_data",
];

/// What a compact model module (decision 0038) declares beside them: the `fields` and `write`
/// constants (a parameter of `create` named so would be read as the constant).
const COMPACT_RESERVED: &[&str] = &["fields", "write"];

/// Non-ASCII letters kept in Rust names: Latin-1 letters whose case maps one to one. Others are
/// written as `u` and their hexadecimal code point (rustc warns about many non-ASCII
/// identifiers, confusable ones and uncommon code points, by lints a module cannot allow, and
/// it NFC-normalises identifiers, which could merge two schema names).
fn kept_non_ascii(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{FE}') && !matches!(c, '\u{D7}' | '\u{DF}' | '\u{F7}')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || kept_non_ascii(c)
}

/// The words of a schema name: split at `_` and `-`, at a lower-case letter or digit followed
/// by an upper-case letter (`createdAt`), and before the last capital of a run followed by a
/// lower-case letter (`HTTPStatus` → `HTTP`, `Status`). A character Rust names do not keep is
/// a word of its own, `u` and its code point in hexadecimal (`u7528`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !is_word_char(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if c != '_' && c != '-' {
                out.push(format!("u{:04x}", c as u32));
            }
            continue;
        }
        if !word.is_empty() && c.is_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut word));
            }
        }
        word.push(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether rustc's `non_snake_case` accepts `name` as it is (and it has only kept characters).
fn is_snake(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c == '_' || (is_word_char(c) && !c.is_uppercase()))
        && !name.contains("__")
}

/// Whether `name` is UpperCamelCase as rustc's `non_camel_case_types` and clippy's
/// `upper_case_acronyms` want it (and it has only kept characters).
fn is_camel(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    let Some(first) = chars.first() else {
        return false;
    };
    first.is_uppercase()
        && chars.iter().all(|&c| c == '_' || is_word_char(c))
        && !name.contains("__")
        && !name.ends_with('_')
        && !chars
            .windows(2)
            .any(|w| (w[0] == '_' && has_case(w[1])) || (w[1] == '_' && has_case(w[0])))
        && (chars.len() <= 2 || chars.iter().any(|c| !c.is_ascii_uppercase()))
}

fn has_case(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// `createdAt` → `created_at`, `HTTPStatus` → `http_status`; a name already in snake case is
/// kept as it is.
pub fn snake_case(name: &str) -> String {
    if is_snake(name) {
        return name.to_owned();
    }
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `session_state` → `SessionState`, `ADMIN` → `Admin`, `IN_PROGRESS` → `InProgress`; a name
/// already in UpperCamelCase is kept as it is.
pub fn camel_case(name: &str) -> String {
    if is_camel(name) {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    for word in words(name) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if first.is_ascii_digit() && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.extend(first.to_uppercase());
        out.extend(chars.flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        out.push('X');
    }
    out
}

/// The identifier for a chosen name: raw for a keyword that can be raw.
fn ident(name: &str) -> Ident {
    if RAW_KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Snake,
    Camel,
}

/// The names taken in one scope.
#[derive(Default)]
struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    fn reserving(names: &[&str]) -> Scope {
        Scope {
            taken: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    /// Names for `schema_names`, in this scope: each converted to `case`; those that the
    /// conversion leaves unchanged choose first, then the others in order. A name taken (by an
    /// earlier one, or by the generated code) gets the first free `_2`, `_3`… (snake case) or
    /// `2`, `3`… (camel case; `_2` after a digit); a keyword that cannot be raw gets a trailing
    /// underscore first.
    fn assign(&mut self, schema_names: &[String], case: Case) -> Vec<String> {
        let converted: Vec<String> = schema_names
            .iter()
            .map(|n| match case {
                Case::Snake => snake_case(n),
                Case::Camel => camel_case(n),
            })
            .collect();
        let mut order: Vec<usize> = (0..schema_names.len()).collect();
        order.sort_by_key(|&i| converted[i] != schema_names[i]);
        let mut out = vec![String::new(); schema_names.len()];
        for i in order {
            out[i] = self.take(&converted[i], case);
        }
        out
    }

    /// [`Scope::assign`], also listing the names that a collision (not a keyword) changed:
    /// `(index, the Rust name it wanted)`.
    fn assign_noting(
        &mut self,
        schema_names: &[String],
        case: Case,
    ) -> (Vec<String>, Vec<(usize, String)>) {
        let out = self.assign(schema_names, case);
        let collided = out
            .iter()
            .enumerate()
            .filter_map(|(i, chosen)| {
                let wanted = match case {
                    Case::Snake => snake_case(&schema_names[i]),
                    Case::Camel => camel_case(&schema_names[i]),
                };
                let keyword = format!("{wanted}_");
                (*chosen != wanted && *chosen != keyword).then_some((i, wanted))
            })
            .collect();
        (out, collided)
    }

    fn take(&mut self, base: &str, case: Case) -> String {
        let base = if PATH_KEYWORDS.contains(&base) {
            format!("{base}_")
        } else {
            base.to_owned()
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = match case {
                Case::Snake => format!("{}_{n}", base.trim_end_matches('_')),
                Case::Camel if base.ends_with(|c: char| c.is_ascii_digit()) => {
                    format!("{base}_{n}")
                }
                Case::Camel => format!("{}{n}", base.trim_end_matches('_')),
            };
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// The Rust names of one model.
pub struct ModelNames {
    /// The struct (top level).
    pub ty: Ident,
    /// Its module (top level) and accessor (`client.user()`).
    pub module: Ident,
    /// Per scalar field: the struct field, handle, pick and parameter name.
    pub fields: Vec<Ident>,
    /// Per relation field: the struct field, handle, include/select function and module.
    pub relations: Vec<Ident>,
    /// Per relation: its statics (`POSTS_RELATION`, `POSTS_NESTED`).
    pub relation_statics: Vec<(Ident, Ident)>,
    /// Per scalar field: its `omit` marker.
    pub markers: Vec<Ident>,
    /// Per compound unique (deduplicated, in order): its field names and function.
    pub compounds: Vec<(Vec<String>, Ident)>,
}

/// A schema name whose Rust name took a suffix because another name of the same scope
/// converts to the same Rust name (or the generated code uses it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    /// What the schema calls it: ``field `createdAt` of model `User` ``.
    pub item: String,
    /// The Rust name it got (`created_at_2`).
    pub rust: String,
    /// The Rust name it would have had (`created_at`).
    pub wanted: String,
}

/// The Rust names of a schema.
pub struct Names {
    models: HashMap<String, ModelNames>,
    enums: HashMap<String, (Ident, Vec<Ident>)>,
    /// The names that a collision changed, in schema order.
    pub renamed: Vec<Renamed>,
}

impl Names {
    /// Chooses every name the generated code declares for `schema`.
    pub fn new(schema: &Schema, compact: bool) -> Names {
        // Top level: the types (models, then enums), the model modules, and the `Models` trait.
        let mut types = Scope::reserving(&["Models"]);
        let type_names: Vec<String> = schema
            .models
            .iter()
            .map(|m| m.name.clone())
            .chain(schema.enums.iter().map(|e| e.name.clone()))
            .collect();
        let mut renamed = Vec::new();
        let (type_idents, collided) = types.assign_noting(&type_names, Case::Camel);
        for (i, wanted) in collided {
            let kind = if i < schema.models.len() {
                "model"
            } else {
                "enum"
            };
            renamed.push(Renamed {
                item: format!("{kind} `{}`", type_names[i]),
                rust: type_idents[i].clone(),
                wanted,
            });
        }
        let mut modules = Scope::reserving(ACCESSOR_RESERVED);
        modules.taken.extend(type_idents.iter().cloned());
        modules.taken.insert("Models".to_owned());
        let model_names: Vec<String> = schema.models.iter().map(|m| m.name.clone()).collect();
        let (module_idents, collided) = modules.assign_noting(&model_names, Case::Snake);
        for (i, wanted) in collided {
            renamed.push(Renamed {
                item: format!("the accessor and module of model `{}`", model_names[i]),
                rust: module_idents[i].clone(),
                wanted,
            });
        }

        let mut models = HashMap::new();
        for (i, m) in schema.models.iter().enumerate() {
            models.insert(
                m.name.clone(),
                model_names_of(
                    m,
                    ident(&type_idents[i]),
                    ident(&module_idents[i]),
                    compact,
                    &mut renamed,
                ),
            );
        }
        let mut enums = HashMap::new();
        for (i, e) in schema.enums.iter().enumerate() {
            let values: Vec<String> = e.values.iter().map(|v| v.name.clone()).collect();
            let (variants, collided) = Scope::default().assign_noting(&values, Case::Camel);
            for (i, wanted) in collided {
                renamed.push(Renamed {
                    item: format!("value `{}` of enum `{}`", values[i], e.name),
                    rust: variants[i].clone(),
                    wanted,
                });
            }
            enums.insert(
                e.name.clone(),
                (
                    ident(&type_idents[schema.models.len() + i]),
                    variants.iter().map(|v| ident(v)).collect(),
                ),
            );
        }
        Names {
            models,
            enums,
            renamed,
        }
    }

    /// The names of a model of the schema.
    pub fn model(&self, name: &str) -> Option<&ModelNames> {
        self.models.get(name)
    }

    /// The type of an enum of the schema, and its variants.
    pub fn enum_(&self, name: &str) -> Option<&(Ident, Vec<Ident>)> {
        self.enums.get(name)
    }
}

fn model_names_of(
    m: &Model,
    ty: Ident,
    module: Ident,
    compact: bool,
    renamed: &mut Vec<Renamed>,
) -> ModelNames {
    // Fields and relations share the struct and the module; compound-key functions come after.
    let mut members = Scope::reserving(MEMBER_RESERVED);
    if compact {
        members
            .taken
            .extend(COMPACT_RESERVED.iter().map(|n| (*n).to_owned()));
    }
    let member_names: Vec<String> = m
        .fields
        .iter()
        .map(|f| f.name.clone())
        .chain(m.relations.iter().map(|r| r.name.clone()))
        .collect();
    let (member_idents, collided) = members.assign_noting(&member_names, Case::Snake);
    for (i, wanted) in collided {
        renamed.push(Renamed {
            item: format!("field `{}` of model `{}`", member_names[i], m.name),
            rust: member_idents[i].clone(),
            wanted,
        });
    }
    let (field_names, relation_names) = member_idents.split_at(m.fields.len());

    let mut seen: Vec<&Vec<String>> = Vec::new();
    for fields in &m.compound_uniques {
        if !seen.contains(&fields) {
            seen.push(fields);
        }
    }
    let compound_names: Vec<String> = seen
        .iter()
        .map(|fields| {
            fields
                .iter()
                .map(|f| snake_case(f))
                .collect::<Vec<_>>()
                .join("_")
        })
        .collect();
    // Joined names are never unchanged schema names: they choose after the members, in order.
    let compound_idents: Vec<String> = compound_names
        .iter()
        .map(|n| members.take(n, Case::Snake))
        .collect();
    for (i, (wanted, chosen)) in compound_names.iter().zip(&compound_idents).enumerate() {
        if wanted != chosen && *chosen != format!("{wanted}_") {
            renamed.push(Renamed {
                item: format!(
                    "the compound key ({}) of model `{}`",
                    seen[i].join(", "),
                    m.name
                ),
                rust: chosen.clone(),
                wanted: wanted.clone(),
            });
        }
    }

    // The `omit` module holds the index aliases `I0`… beside the markers.
    let index_aliases: Vec<String> = (0..m.fields.len()).map(|i| format!("I{i}")).collect();
    let mut markers = Scope {
        taken: index_aliases.into_iter().collect(),
    };
    let field_schema_names: Vec<String> = m.fields.iter().map(|f| f.name.clone()).collect();
    let marker_idents = markers.assign(&field_schema_names, Case::Camel);

    ModelNames {
        ty,
        module,
        fields: field_names.iter().map(|n| ident(n)).collect(),
        relations: relation_names.iter().map(|n| ident(n)).collect(),
        relation_statics: relation_names
            .iter()
            .map(|n| {
                let upper = n.to_uppercase();
                (
                    Ident::new(&format!("{upper}_RELATION"), Span::call_site()),
                    Ident::new(&format!("{upper}_NESTED"), Span::call_site()),
                )
            })
            .collect(),
        markers: marker_idents.iter().map(|n| ident(n)).collect(),
        compounds: seen
            .into_iter()
            .cloned()
            .zip(compound_idents.iter().map(|n| ident(n)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(snake_case("createdAt"), "created_at");
        assert_eq!(snake_case("HTTPStatus"), "http_status");
        assert_eq!(snake_case("created_at"), "created_at");
        assert_eq!(snake_case("site_DMCA_form"), "site_dmca_form");
        assert_eq!(snake_case("a__b"), "a_b");
        assert_eq!(snake_case("kebab-name"), "kebab_name");
        assert_eq!(snake_case("用户"), "u7528_u6237");
        assert_eq!(snake_case("größe"), "grö_u00df_e");
        assert_eq!(snake_case("Käse"), "käse");
        assert_eq!(camel_case("Id_token"), "IdToken");
        assert_eq!(camel_case("session_state"), "SessionState");
        assert_eq!(camel_case("ADMIN"), "Admin");
        assert_eq!(camel_case("IN_PROGRESS"), "InProgress");
        assert_eq!(camel_case("DBRoleType"), "DBRoleType");
        assert_eq!(camel_case("AB"), "AB");
        assert_eq!(camel_case("Model_1_2"), "Model1_2");
        assert_eq!(camel_case("用户"), "U7528U6237");
    }

    #[test]
    fn collisions_take_suffixes() {
        let mut scope = Scope::reserving(MEMBER_RESERVED);
        let names = ["createdAt", "created_at", "create", "self", "type"].map(String::from);
        assert_eq!(
            scope.assign(&names, Case::Snake),
            ["created_at_2", "created_at", "create_2", "self_", "type"]
        );
        assert_eq!(ident("type").to_string(), "r#type");
    }

    #[test]
    fn collisions_are_noted_and_keywords_are_not() {
        let mut scope = Scope::reserving(MEMBER_RESERVED);
        let names = ["createdAt", "created_at", "self", "type"].map(String::from);
        let (_, collided) = scope.assign_noting(&names, Case::Snake);
        assert_eq!(collided, [(0, "created_at".to_owned())]);
    }
}
