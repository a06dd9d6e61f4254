//! TypedSQL (`refract generate --sql`, Prisma's `typedSql`): one typed Rust function per `.sql`
//! file, from what the database said of the statement (its parameter and column types) and the
//! file's `-- @param {Type} $N:alias description` annotations.
//!
//! The CLI reads the files and asks the database; this module checks the names, reads the
//! annotations, decides each Rust type ([`resolve`]) and renders the module ([`generate`]):
//! per file `name.sql`, a function `name(args…) -> Name`, the arguments struct `Name`, the row
//! struct `NameRow`, and the runtime's `TypedSql` trait implemented for `Name`, so that
//! `client.query_typed(sql::name(args…))` returns `Vec<NameRow>` (docs/typed-sql.md).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::names::{camel_case, snake_case};
use crate::{Error, Options, runtime_path};

/// The scalar types and the described types are the driver's, which describes the
/// statements: one enum for both (`-- @param {Type}` accepts [`ScalarType::NAMES`]).
pub use driver::describe::{ScalarType, SqlType};

/// A parameter as the database described it.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribedParam {
    /// Its name in the SQL (SQLite's `:minAge`, `$1`, `?2`), if it has one.
    pub name: Option<String>,
    /// Its type, when the database tells it.
    pub ty: Option<SqlType>,
}

/// A result column: its name, its type (`None`: one the database does not tell, read as the
/// runtime's dynamic `Value`), and whether it can be NULL.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name in the result.
    pub name: String,
    /// Its type.
    pub ty: Option<SqlType>,
    /// Whether it can be NULL (an `Option` in the row struct).
    pub nullable: bool,
}

/// One `-- @param {Type} $N:alias? description` line.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The `N` of `$N` (1-based).
    pub position: usize,
    /// The type.
    pub scalar: ScalarType,
    /// The alias: the parameter's name in Rust (in snake case).
    pub alias: Option<String>,
    /// Whether the alias ends in `?`: the parameter takes an `Option`.
    pub nullable: bool,
    /// The description after the alias.
    pub doc: Option<String>,
    /// The 1-based line of the annotation.
    pub line: usize,
}

/// A parameter of a resolved query.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its Rust name (snake case).
    pub name: String,
    /// Its type.
    pub ty: SqlType,
    /// Whether it takes an `Option`.
    pub nullable: bool,
    /// Its description.
    pub doc: Option<String>,
}

/// One `.sql` file, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The file's stem (`getUsersByAge`): a Rust identifier.
    pub name: String,
    /// The SQL, sent as written.
    pub source: String,
    /// The parameters, in binding order.
    pub params: Vec<Param>,
    /// The result columns.
    pub columns: Vec<Column>,
}

/// What is wrong with one file: a message with the fix, and the line it is about.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SqlError {
    /// The 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
}

fn error(line: Option<usize>, message: String) -> SqlError {
    SqlError { line, message }
}

/// Checks a file's stem: the function is named after it, so it must be an identifier (ASCII
/// letters, digits and `_`, not starting with a digit), and not a Rust keyword once in snake
/// case.
pub fn check_name(stem: &str) -> Result<(), SqlError> {
    let valid = stem
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && stem.chars().any(|c| c.is_ascii_alphanumeric());
    if !valid {
        return Err(error(
            None,
            format!(
                "`{stem}` is not a valid name for a query: the file name (without `.sql`) \
                 becomes a Rust function, so it must start with a letter and have only ASCII \
                 letters, digits and `_` (rename the file, e.g. to `{}.sql`)",
                suggest(stem)
            ),
        ));
    }
    let function = snake_case(stem);
    if syn::parse_str::<Ident>(&function).is_err() {
        return Err(error(
            None,
            format!(
                "`{stem}` is not a valid name for a query: its function `{function}` would be a \
                 Rust keyword (rename the file, e.g. to `{stem}Query.sql`)"
            ),
        ));
    }
    Ok(())
}

fn suggest(stem: &str) -> String {
    let mut out: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'q');
    }
    out
}

/// Reads the `-- @param` annotations of a file. A line starting with `-- @param` that is not
/// of the form `-- @param {Type} $N:alias description` is an error naming its line.
pub fn annotations(source: &str) -> Result<Vec<Annotation>, SqlError> {
    let mut out: Vec<Annotation> = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let line_no = i + 1;
        let Some(rest) = line.trim_start().strip_prefix("--") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("@param") else {
            continue;
        };
        let bad = |why: &str| {
            error(
                Some(line_no),
                format!(
                    "{why}: write `-- @param {{Type}} $N:alias description`, e.g. \
                     `-- @param {{Int}} $1:minAge The minimum age` (types: {})",
                    ScalarType::NAMES
                ),
            )
        };
        let rest = rest.trim_start();
        let Some((ty, rest)) = rest
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .map(|(t, r)| (t.trim(), r.trim_start()))
        else {
            return Err(bad("the annotation has no `{Type}`"));
        };
        let Some(scalar) = ScalarType::from_prisma_name(ty) else {
            return Err(bad(&format!("`{ty}` is not a type TypedSQL knows")));
        };
        let Some(rest) = rest.strip_prefix('$') else {
            return Err(bad("the annotation names no parameter (`$1`, `$2`, …)"));
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let position = match digits.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => return Err(bad("the parameter's number is missing or 0")),
        };
        let rest = &rest[digits.len()..];
        let (alias, nullable, doc) = match rest.strip_prefix(':') {
            Some(rest) => {
                let (alias, doc) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let (alias, nullable) = match alias.strip_suffix('?') {
                    Some(a) => (a, true),
                    None => (alias, false),
                };
                if check_name(alias).is_err() {
                    return Err(bad(&format!("the alias `{alias}` is not an identifier")));
                }
                (Some(alias.to_owned()), nullable, doc.trim())
            }
            None => (None, false, rest.trim()),
        };
        if let Some(first) = out.iter().find(|a| a.position == position) {
            return Err(error(
                Some(line_no),
                format!(
                    "`${position}` is annotated twice (also on line {}): keep one",
                    first.line
                ),
            ));
        }
        out.push(Annotation {
            position,
            scalar,
            alias,
            nullable,
            doc: (!doc.is_empty()).then(|| doc.to_owned()),
            line: line_no,
        });
    }
    Ok(out)
}

/// Decides the Rust form of one file from the database's description and its annotations: an
/// annotation's type and alias win over what the database says; a parameter whose type nobody
/// tells (SQLite, MariaDB) is an error asking for its annotation.
pub fn resolve(
    stem: &str,
    source: &str,
    params: &[DescribedParam],
    columns: Vec<Column>,
) -> Result<Query, SqlError> {
    check_name(stem)?;
    let annotations = annotations(source)?;
    if let Some(a) = annotations.iter().find(|a| a.position > params.len()) {
        return Err(error(
            Some(a.line),
            format!(
                "`${}` is annotated, but the statement has {} parameter{}: remove the annotation \
                 or fix its number",
                a.position,
                params.len(),
                if params.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    let mut resolved = Vec::with_capacity(params.len());
    for (i, p) in params.iter().enumerate() {
        // `$N` annotates the parameter SQLite names `$N` or `?N`, else the Nth one.
        let numbered = |n: usize| {
            p.name.as_deref().is_some_and(|name| {
                name.strip_prefix(['$', '?'])
                    .is_some_and(|d| d.parse() == Ok(n))
            })
        };
        let annotation = annotations
            .iter()
            .find(|a| numbered(a.position))
            .or_else(|| {
                let named_elsewhere = params.iter().any(|q| {
                    q.name
                        .as_deref()
                        .is_some_and(|n| n.starts_with(['$', '?']) && n.len() > 1)
                });
                if named_elsewhere && p.name.is_some() {
                    None
                } else {
                    annotations.iter().find(|a| a.position == i + 1)
                }
            });
        let sql_name = p
            .name
            .as_deref()
            .map(|n| n.trim_start_matches([':', '@', '$', '?']))
            .filter(|n| !n.is_empty() && !n.chars().all(|c| c.is_ascii_digit()));
        let name = annotation
            .and_then(|a| a.alias.as_deref())
            .or(sql_name)
            .map(snake_case)
            .unwrap_or_else(|| format!("p{}", i + 1));
        let ty = match (annotation, p.ty) {
            (Some(a), described) => SqlType {
                scalar: a.scalar,
                list: described.is_some_and(|d| d.list),
            },
            (None, Some(ty)) => ty,
            (None, None) => {
                return Err(error(
                    Some(1),
                    format!(
                        "the database does not tell the type of parameter {} ({}): annotate it \
                         at the top of the file, e.g. `-- @param {{String}} ${}:{}` (types: {})",
                        i + 1,
                        p.name.as_deref().unwrap_or("`?`"),
                        i + 1,
                        sql_name.unwrap_or("name"),
                        ScalarType::NAMES
                    ),
                ));
            }
        };
        resolved.push(Param {
            name,
            ty,
            nullable: annotation.is_some_and(|a| a.nullable),
            doc: annotation.and_then(|a| a.doc.clone()),
        });
    }
    for (i, p) in resolved.iter().enumerate() {
        if resolved[..i].iter().any(|q| q.name == p.name) {
            return Err(error(
                None,
                format!(
                    "two parameters are named `{}`: give them different aliases \
                     (`-- @param {{Type}} $N:alias`)",
                    p.name
                ),
            ));
        }
    }
    let fields: Vec<String> = columns.iter().map(|c| field_name(&c.name)).collect();
    for (i, f) in fields.iter().enumerate() {
        if let Some(j) = fields[..i].iter().position(|g| g == f) {
            return Err(error(
                None,
                format!(
                    "the columns `{}` and `{}` would both be the field `{f}` of the row: give one \
                     an alias (`… AS other_name`)",
                    columns[j].name, columns[i].name
                ),
            ));
        }
    }
    Ok(Query {
        name: stem.to_owned(),
        source: source.to_owned(),
        params: resolved,
        columns,
    })
}

/// A column's field name: snake case, other characters as `_` (`COUNT(*)` → `count`).
fn field_name(column: &str) -> String {
    let cleaned: String = column
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let cleaned: Vec<&str> = cleaned.split('_').filter(|s| !s.is_empty()).collect();
    let mut name = snake_case(&cleaned.join("_"));
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "c_");
    }
    name
}

fn ident(name: &str) -> Ident {
    syn::parse_str::<Ident>(name).unwrap_or_else(|_| {
        if matches!(name, "self" | "Self" | "super" | "crate") {
            Ident::new(&format!("{name}_"), Span::call_site())
        } else {
            Ident::new_raw(name, Span::call_site())
        }
    })
}

fn scalar_type(scalar: ScalarType, rt: &TokenStream) -> TokenStream {
    match scalar {
        ScalarType::Int => quote!(i32),
        ScalarType::BigInt => quote!(i64),
        ScalarType::Float => quote!(f64),
        ScalarType::Decimal => quote!(#rt::Decimal),
        ScalarType::String => quote!(::std::string::String),
        ScalarType::Boolean => quote!(bool),
        ScalarType::DateTime => quote!(#rt::DateTimeUtc),
        ScalarType::Json => quote!(#rt::Json),
        ScalarType::Bytes => quote!(::std::vec::Vec<u8>),
    }
}

fn rust_type(ty: Option<SqlType>, nullable: bool, rt: &TokenStream) -> TokenStream {
    let base = match ty {
        None => return quote!(#rt::Value),
        Some(SqlType {
            scalar,
            list: false,
        }) => scalar_type(scalar, rt),
        Some(SqlType { scalar, list: true }) => {
            let s = scalar_type(scalar, rt);
            quote!(::std::vec::Vec<#s>)
        }
    };
    if nullable {
        quote!(::std::option::Option<#base>)
    } else {
        base
    }
}

/// The module's source text: one function, arguments struct and row struct per query, in the
/// order given (the CLI sorts by file name).
pub fn generate(queries: &[Query], options: &Options) -> Result<String, Error> {
    let runtime = runtime_path(options)?;
    let rt = quote!(__rt);
    let items = queries.iter().map(|q| gen_query(q, &rt));
    let tokens = quote! {
        use #runtime as __rt;
        #(#items)*
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| Error::Syntax(e.to_string()))?;
    crate::allow_unused(&mut file);
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "// The typed SQL queries of prisma/sql, generated by `refract generate --sql`: do not edit.\n// Include it as a module (`mod sql;`); run a query with `client.query_typed(sql::name(…))`.\n\n{body}"
    ))
}

fn gen_query(q: &Query, rt: &TokenStream) -> TokenStream {
    let function = ident(&snake_case(&q.name));
    let args = format_ident!("{}", camel_case(&q.name));
    let row = format_ident!("{}Row", camel_case(&q.name));
    let file = format!("{}.sql", q.name);
    let source = &q.source;
    let param_names: Vec<Ident> = q.params.iter().map(|p| ident(&p.name)).collect();
    let param_types: Vec<TokenStream> = q
        .params
        .iter()
        .map(|p| rust_type(Some(p.ty), p.nullable, rt))
        .collect();
    let param_docs = q.params.iter().map(|p| {
        let doc = format!(
            " {}",
            p.doc
                .clone()
                .unwrap_or_else(|| format!("Parameter `{}`.", p.name))
        );
        quote!(#[doc = #doc])
    });
    let binds = q
        .params
        .iter()
        .zip(&param_names)
        .map(|(p, name)| match (p.ty.list, p.nullable) {
            (false, _) => quote!(#rt::Value::from(self.#name)),
            (true, false) => {
                quote!(#rt::Value::List(self.#name.into_iter().map(#rt::Value::from).collect()))
            }
            (true, true) => quote!(self.#name.map_or(#rt::Value::Null, |list| {
                #rt::Value::List(list.into_iter().map(#rt::Value::from).collect())
            })),
        });
    let field_names: Vec<Ident> = q
        .columns
        .iter()
        .map(|c| ident(&field_name(&c.name)))
        .collect();
    let field_types = q.columns.iter().map(|c| rust_type(c.ty, c.nullable, rt));
    let field_docs = q.columns.iter().map(|c| {
        let doc = format!(" Column `{}`.", c.name);
        quote!(#[doc = #doc])
    });
    let fn_doc = format!(
        " `{file}`: runs with `client.query_typed({}(…))`, returning its rows as [`{row}`].",
        snake_case(&q.name)
    );
    let reader = if q.columns.is_empty() {
        quote!(_reader)
    } else {
        quote!(reader)
    };
    let args_doc = format!(" The arguments of `{file}`.");
    let row_doc = format!(" A row of `{file}`.");
    quote! {
        #[doc = #fn_doc]
        pub fn #function(#(#param_names: #param_types),*) -> #args {
            #args { #(#param_names),* }
        }

        #[doc = #args_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #args {
            #(#param_docs pub #param_names: #param_types,)*
        }

        #[doc = #row_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #row {
            #(#field_docs pub #field_names: #field_types,)*
        }

        impl #rt::TypedSql for #args {
            type Row = #row;
            const SQL: &'static str = #source;
            fn params(self) -> ::std::vec::Vec<#rt::Value> {
                ::std::vec![#(#binds),*]
            }
            fn row(#reader: &mut #rt::RowReader<'_>) -> #rt::Result<#row> {
                ::std::result::Result::Ok(#row { #(#field_names: reader.read()?),* })
            }
        }
    }
}

/// Generates the module into `path`, writing only when the text changed. Returns whether the
/// file was written.
pub fn write_if_changed(
    queries: &[Query],
    options: &Options,
    path: &std::path::Path,
) -> Result<bool, crate::WriteError> {
    let text = generate(queries, options)?;
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| crate::WriteError::Io(dir.display().to_string(), e))?;
    }
    std::fs::write(path, text).map_err(|e| crate::WriteError::Io(path.display().to_string(), e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_read() {
        let a = annotations(
            "-- @param {Int} $1:minAge The minimum age\n-- @param {String} $2:name?\nSELECT 1",
        )
        .unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].alias.as_deref(), Some("minAge"));
        assert_eq!(a[0].doc.as_deref(), Some("The minimum age"));
        assert!(a[1].nullable);
        let e = annotations("\n-- @param {Integer} $1:x\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("`Integer` is not a type"), "{e}");
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("getUsersByAge").is_ok());
        assert!(
            check_name("get-users")
                .unwrap_err()
                .message
                .contains("get_users.sql")
        );
        assert!(check_name("1st").is_err());
        assert!(check_name("self").is_err());
        assert!(check_name("type").unwrap_err().message.contains("keyword"));
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("COUNT(*)"), "count");
        assert_eq!(field_name("postCount"), "post_count");
        assert_eq!(field_name("1"), "c_1");
    }
}
