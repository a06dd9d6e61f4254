//! Completion: what may be written at the cursor, read from the text of the line before it
//! and the block it is in (so it works while the line is still incomplete), with the names
//! of the schema's last analysis.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Position, Range, TextEdit, Uri,
};
use schema_syntax::ast::{FieldType, Top};

use crate::docs;
use crate::symbols::{self, TypeKind};
use crate::world::Analysis;

/// The values of the properties with a fixed set of them: (block, property, values).
const PROPERTY_VALUES: &[(&str, &str, &[&str])] = &[
    (
        "datasource",
        "provider",
        &[
            "postgresql",
            "mysql",
            "sqlite",
            "sqlserver",
            "mongodb",
            "cockroachdb",
        ],
    ),
    ("datasource", "relationMode", &["foreignKeys", "prisma"]),
    (
        "generator",
        "provider",
        &["refract", "prisma-client", "prisma-client-js"],
    ),
    ("generator", "engineType", &["library", "binary", "client"]),
    (
        "generator",
        "runtime",
        &[
            "nodejs",
            "deno",
            "bun",
            "workerd",
            "cloudflare",
            "vercel-edge",
            "edge-light",
            "react-native",
        ],
    ),
    ("generator", "moduleFormat", &["esm", "cjs"]),
    ("generator", "generatedFileExtension", &["ts", "mts", "cts"]),
    (
        "generator",
        "importFileExtension",
        &["ts", "mts", "cts", "js", "mjs", "cjs"],
    ),
    ("generator", "compilerBuild", &["fast", "small"]),
];

/// Arguments of attributes: (attribute as written, arguments).
const ARGUMENTS: &[(&str, &[&str])] = &[
    (
        "@relation",
        &[
            "fields",
            "references",
            "onDelete",
            "onUpdate",
            "name",
            "map",
        ],
    ),
    ("@id", &["map", "length", "sort", "clustered"]),
    ("@unique", &["map", "length", "sort", "clustered"]),
    ("@default", &["map"]),
    ("@@id", &["fields", "name", "map", "clustered"]),
    ("@@unique", &["fields", "name", "map", "clustered"]),
    ("@@index", &["fields", "name", "map", "type", "clustered"]),
    ("@@fulltext", &["fields", "map"]),
];

/// Values of named arguments: (argument, values).
const ARGUMENT_VALUES: &[(&str, &[&str])] = &[
    (
        "onDelete",
        &["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"],
    ),
    (
        "onUpdate",
        &["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"],
    ),
    ("sort", &["Asc", "Desc"]),
    ("type", &["BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"]),
    ("clustered", &["true", "false"]),
];

/// The completions at a position.
pub(crate) fn completion(
    analysis: &Analysis,
    uri: &Uri,
    position: Position,
) -> Option<CompletionResponse> {
    let file = analysis.file_of(uri)?;
    let text = analysis.text(file);
    let offset = analysis.offset(file, position);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let token_len = line
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.' | '-'))
        .map(char::len_utf8)
        .sum::<usize>();
    let token = &line[line.len() - token_len..];
    let start = Position::new(
        position.line,
        position.character - token.encode_utf16().count() as u32,
    );
    let mut out = Items {
        range: Range::new(start, position),
        token,
        items: Vec::new(),
    };
    let block = enclosing_block(text, line_start);
    collect(analysis, block, line, token, &mut out);
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items: out.items,
    }))
}

struct Items<'t> {
    range: Range,
    token: &'t str,
    items: Vec<CompletionItem>,
}

impl Items<'_> {
    fn add(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: Option<&str>,
        doc: Option<&str>,
    ) {
        self.add_with(label, label, kind, detail, doc);
    }

    /// An item whose label differs from the text it is matched against.
    fn add_filtered(
        &mut self,
        label: &str,
        insert: &str,
        filter: &str,
        kind: CompletionItemKind,
        detail: Option<&str>,
    ) {
        if !filter.starts_with(self.token) || self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: detail.map(str::to_string),
            filter_text: Some(filter.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.range,
                insert.to_string(),
            ))),
            ..Default::default()
        });
    }

    fn add_with(
        &mut self,
        label: &str,
        insert: &str,
        kind: CompletionItemKind,
        detail: Option<&str>,
        doc: Option<&str>,
    ) {
        // The token being typed is replaced; items that cannot continue it are left out.
        let bare = self.token.trim_start_matches('@');
        if !label.trim_start_matches('@').starts_with(bare) && !label.starts_with(self.token) {
            return;
        }
        if self.items.iter().any(|i| i.label == label) {
            return;
        }
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: detail.map(str::to_string),
            documentation: doc.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d.to_string(),
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.range,
                insert.to_string(),
            ))),
            ..Default::default()
        });
    }
}

/// The block the line starting at `line_start` is in: (keyword, name).
fn enclosing_block(text: &str, line_start: usize) -> Option<(&str, &str)> {
    for line in text[..line_start].lines().rev() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.starts_with('}') {
            return None;
        }
        let mut words = line.split_whitespace();
        let keyword = words.next().unwrap_or("");
        if matches!(
            keyword,
            "model" | "view" | "enum" | "type" | "datasource" | "generator"
        ) && line.ends_with('{')
        {
            let name = words.next().unwrap_or("").trim_end_matches('{');
            return Some((keyword, name));
        }
    }
    None
}

fn collect(
    analysis: &Analysis,
    block: Option<(&str, &str)>,
    line: &str,
    token: &str,
    out: &mut Items<'_>,
) {
    let before = &line[..line.len() - token.len()];
    let Some((keyword, name)) = block else {
        if before.trim().is_empty() {
            for (k, doc) in docs::KEYWORDS {
                out.add(k, CompletionItemKind::KEYWORD, None, Some(doc));
            }
        }
        return;
    };
    if in_string(before) {
        return string_values(keyword, before, out);
    }
    match keyword {
        "datasource" | "generator" => config(keyword, before, out),
        "enum" => {
            if before.trim().is_empty() && (token.is_empty() || token.starts_with('@')) {
                for (n, signature, doc) in docs::BLOCK_ATTRIBUTES {
                    if matches!(*n, "map" | "schema") {
                        out.add(
                            &format!("@@{n}"),
                            CompletionItemKind::PROPERTY,
                            Some(signature),
                            Some(doc),
                        );
                    }
                }
            }
        }
        _ => model(analysis, keyword, name, line, before, token, out),
    }
}

/// Whether the text ends inside a string literal.
fn in_string(before: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for c in before.chars() {
        match c {
            '\\' if inside => escaped = !escaped,
            '"' if !escaped => inside = !inside,
            _ => escaped = false,
        }
    }
    inside
}

fn string_values(keyword: &str, before: &str, out: &mut Items<'_>) {
    let property = before.split('=').next().unwrap_or("").trim();
    if keyword == "generator" && property == "previewFeatures" {
        for feature in schema::preview_features::ACTIVE {
            out.add(
                feature,
                CompletionItemKind::ENUM_MEMBER,
                Some("preview feature"),
                None,
            );
        }
        return;
    }
    for (block, p, values) in PROPERTY_VALUES {
        if *block == keyword && *p == property {
            for v in *values {
                out.add(v, CompletionItemKind::ENUM_MEMBER, None, None);
            }
        }
    }
}

fn config(keyword: &str, before: &str, out: &mut Items<'_>) {
    let properties = if keyword == "datasource" {
        docs::DATASOURCE_PROPERTIES
    } else {
        docs::GENERATOR_PROPERTIES
    };
    if before.trim().is_empty() {
        for (p, doc) in properties {
            out.add(p, CompletionItemKind::PROPERTY, None, Some(doc));
        }
        if keyword == "generator" {
            out.add("compilerBuild", CompletionItemKind::PROPERTY, None, None);
        }
        return;
    }
    let Some((property, value)) = before.split_once('=') else {
        return;
    };
    let property = property.trim();
    let value = value.trim();
    if keyword == "generator" && property == "previewFeatures" && value.starts_with('[') {
        for feature in schema::preview_features::ACTIVE {
            out.add_with(
                &format!("\"{feature}\""),
                &format!("\"{feature}\""),
                CompletionItemKind::ENUM_MEMBER,
                Some("preview feature"),
                None,
            );
        }
        return;
    }
    if !value.is_empty() {
        return;
    }
    if keyword == "datasource" && matches!(property, "url" | "directUrl" | "shadowDatabaseUrl") {
        out.add_with(
            "env()",
            "env(\"DATABASE_URL\")",
            CompletionItemKind::FUNCTION,
            None,
            None,
        );
    }
    for (block, p, values) in PROPERTY_VALUES {
        if *block == keyword && *p == property {
            for v in *values {
                out.add_with(
                    &format!("\"{v}\""),
                    &format!("\"{v}\""),
                    CompletionItemKind::ENUM_MEMBER,
                    None,
                    None,
                );
            }
        }
    }
    if property == "previewFeatures" {
        out.add("[]", CompletionItemKind::VALUE, None, None);
    }
}

/// The innermost call still open on the line: the name before its `(` and the text after it.
fn open_call(line: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let head = &line[..i];
                let len = head
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.'))
                    .map(char::len_utf8)
                    .sum::<usize>();
                return Some((&head[head.len() - len..], &line[i + 1..]));
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// In the arguments of a call: the name of the argument being written (`None` for a
/// positional one) and whether the cursor is inside a `[ … ]` list.
fn current_argument(args: &str) -> (Option<&str>, bool) {
    let mut depth = 0i32;
    let mut start = 0;
    let mut list = false;
    for (i, c) in args.char_indices() {
        match c {
            '(' | '[' => {
                depth += 1;
                if c == '[' && depth == 1 {
                    list = true;
                }
            }
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    list = false;
                }
            }
            ',' if depth == 0 => start = i + 1,
            _ => {}
        }
    }
    let current = &args[start..];
    let name = current
        .split_once(':')
        .map(|(n, _)| n.trim())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    (name, list)
}

fn model(
    analysis: &Analysis,
    keyword: &str,
    owner: &str,
    line: &str,
    before: &str,
    token: &str,
    out: &mut Items<'_>,
) {
    let words: Vec<&str> = before.split_whitespace().collect();
    // The field's type, when the line declares a field.
    let field_type = (!line.trim_start().starts_with('@'))
        .then(|| {
            words
                .get(1)
                .map(|t| t.trim_end_matches(['?', '!']).trim_end_matches("[]"))
        })
        .flatten();
    if let Some((call, args)) = open_call(before) {
        return arguments(analysis, owner, field_type, call, args, token, out);
    }
    let block_attributes = || {
        docs::BLOCK_ATTRIBUTES.iter().filter(|(n, _, _)| {
            keyword != "type" || !matches!(*n, "map" | "ignore" | "schema" | "shardKey" | "id")
        })
    };
    if words.is_empty() {
        if token.is_empty() || token.starts_with('@') {
            for (n, signature, doc) in block_attributes() {
                out.add(
                    &format!("@@{n}"),
                    CompletionItemKind::PROPERTY,
                    Some(signature),
                    Some(doc),
                );
            }
        }
        return;
    }
    if words.len() == 1 {
        // The type of a field.
        for (s, doc) in docs::SCALARS {
            out.add(s, CompletionItemKind::TYPE_PARAMETER, None, Some(doc));
        }
        out.add_with(
            "Unsupported",
            "Unsupported(\"\")",
            CompletionItemKind::TYPE_PARAMETER,
            None,
            None,
        );
        for (name, kind, _) in symbols::declared_types(analysis) {
            if keyword == "type" && matches!(kind, TypeKind::Model | TypeKind::View) {
                continue;
            }
            let item_kind = match kind {
                TypeKind::Enum => CompletionItemKind::ENUM,
                TypeKind::Composite => CompletionItemKind::STRUCT,
                _ => CompletionItemKind::CLASS,
            };
            out.add(name, item_kind, Some(kind.keyword()), None);
        }
        return;
    }
    // After the type: field attributes.
    if !(token.is_empty() || token.starts_with('@')) {
        return;
    }
    let scalar = field_type.and_then(scalar_type);
    if !token.starts_with("@db.") {
        let relation = field_type.is_some_and(|t| {
            matches!(
                symbols::type_kind(analysis, t),
                Some(TypeKind::Model | TypeKind::View)
            )
        });
        for (n, signature, doc) in docs::FIELD_ATTRIBUTES {
            let fits = match *n {
                "db" => false,
                "relation" => relation,
                "updatedAt" => scalar == Some(schema::ScalarType::DateTime),
                "id" | "unique" | "default" | "map" => !relation,
                _ => true,
            };
            if fits {
                out.add(
                    &format!("@{n}"),
                    CompletionItemKind::PROPERTY,
                    Some(signature),
                    Some(doc),
                );
            }
        }
    }
    let Some(provider) = analysis.provider else {
        return;
    };
    let natives = schema::native_types(provider);
    if !natives.is_empty() && !token.starts_with("@db.") {
        out.add_with(
            "@db",
            "@db.",
            CompletionItemKind::MODULE,
            Some(provider.as_str()),
            None,
        );
    }
    for native in natives {
        if scalar.is_none_or(|s| native.scalar_types.contains(&s)) {
            let written = format!("@db.{}", native.name);
            let parens = if native.max_args > 0 { "()" } else { "" };
            let insert = format!("{written}{parens}");
            // After `@db.` the label is the type alone, as Prisma's server shows it.
            let label = if token.starts_with("@db.") {
                format!("{}{parens}", native.name)
            } else {
                written.clone()
            };
            out.add_filtered(
                &label,
                &insert,
                &written,
                CompletionItemKind::TYPE_PARAMETER,
                Some(provider.as_str()),
            );
        }
    }
}

fn scalar_type(name: &str) -> Option<schema::ScalarType> {
    use schema::ScalarType::*;
    Some(match name {
        "String" => String,
        "Boolean" => Boolean,
        "Int" => Int,
        "BigInt" => BigInt,
        "Float" => Float,
        "Decimal" => Decimal,
        "DateTime" => DateTime,
        "Json" => Json,
        "Bytes" => Bytes,
        _ => return None,
    })
}

fn arguments(
    analysis: &Analysis,
    owner: &str,
    field_type: Option<&str>,
    call: &str,
    args: &str,
    token: &str,
    out: &mut Items<'_>,
) {
    let (argument, in_list) = current_argument(args);
    let field_names = |model: &str, out: &mut Items<'_>| {
        for field in symbols::fields_of(analysis, model) {
            let is_relation = matches!(&field.field_type, FieldType::Named(id)
                if matches!(symbols::type_kind(analysis, &id.name), Some(TypeKind::Model | TypeKind::View)));
            if !is_relation {
                let ty = analysis.files.slice(field.field_type.span());
                out.add(&field.name.name, CompletionItemKind::FIELD, Some(ty), None);
            }
        }
    };
    let takes_fields = matches!(
        call,
        "@@id" | "@@unique" | "@@index" | "@@fulltext" | "@@shardKey"
    );
    if in_list {
        match (call, argument) {
            ("@relation", Some("fields")) => field_names(owner, out),
            ("@relation", Some("references")) => {
                if let Some(related) = field_type {
                    field_names(related, out);
                }
            }
            (_, None | Some("fields")) if takes_fields => field_names(owner, out),
            _ => {}
        }
        return;
    }
    if let Some(argument) = argument {
        // The value of a named argument.
        let value_start = args.rfind(':').map_or("", |i| &args[i + 1..]);
        if value_start.trim().len() > token.len() {
            return;
        }
        if matches!(argument, "fields" | "references") {
            out.add("[]", CompletionItemKind::VALUE, None, None);
        }
        for (a, values) in ARGUMENT_VALUES {
            if *a == argument {
                for v in *values {
                    out.add(v, CompletionItemKind::ENUM_MEMBER, None, None);
                }
            }
        }
        return;
    }
    // A new argument.
    let written: Vec<&str> = args
        .split(',')
        .filter_map(|a| a.split_once(':').map(|(n, _)| n.trim()))
        .collect();
    // `@default`'s value comes first.
    let value_first = call == "@default" && !args.contains(',');
    if let Some((_, names)) = ARGUMENTS.iter().find(|(c, _)| *c == call && !value_first) {
        for name in *names {
            if !written.contains(name) {
                out.add_with(
                    name,
                    &format!("{name}: "),
                    CompletionItemKind::PROPERTY,
                    None,
                    None,
                );
            }
        }
    }
    if call == "@relation" && !args.contains('"') {
        out.add_with(
            "\"\"",
            "\"\"",
            CompletionItemKind::VALUE,
            Some("the relation's name"),
            None,
        );
    }
    if takes_fields && !args.contains('[') {
        out.add("[]", CompletionItemKind::VALUE, None, None);
    }
    if call == "@default" && args.trim().len() == token.len() {
        default_values(analysis, field_type, out);
    }
}

fn default_values(analysis: &Analysis, field_type: Option<&str>, out: &mut Items<'_>) {
    let Some(field_type) = field_type else { return };
    let function = |out: &mut Items<'_>, name: &str, insert: &str, doc: &str| {
        out.add_with(name, insert, CompletionItemKind::FUNCTION, None, Some(doc));
    };
    match field_type {
        "Int" | "BigInt" => {
            function(
                out,
                "autoincrement()",
                "autoincrement()",
                "The next number of the database's sequence.",
            );
            if analysis
                .provider
                .is_some_and(|p| p.as_str() == "cockroachdb")
            {
                function(out, "sequence()", "sequence()", "A CockroachDB sequence.");
            }
        }
        "String" => {
            function(
                out,
                "uuid()",
                "uuid()",
                "A UUID (version 4; `uuid(7)` for version 7), made by the client.",
            );
            function(
                out,
                "cuid()",
                "cuid()",
                "A CUID (version 1; `cuid(2)` for version 2), made by the client.",
            );
            function(
                out,
                "nanoid()",
                "nanoid()",
                "A Nano ID, made by the client.",
            );
            function(out, "ulid()", "ulid()", "A ULID, made by the client.");
            out.add("\"\"", CompletionItemKind::VALUE, None, None);
        }
        "DateTime" => function(out, "now()", "now()", "The time the record is created."),
        "Boolean" => {
            out.add("true", CompletionItemKind::VALUE, None, None);
            out.add("false", CompletionItemKind::VALUE, None, None);
        }
        other => {
            for ast in &analysis.asts {
                for top in &ast.tops {
                    if let Top::Enum(e) = top
                        && e.name.name == other
                    {
                        for v in e.values() {
                            out.add(
                                &v.name.name,
                                CompletionItemKind::ENUM_MEMBER,
                                Some(other),
                                None,
                            );
                        }
                    }
                }
            }
        }
    }
    function(
        out,
        "dbgenerated(\"\")",
        "dbgenerated(\"\")",
        "A default the database computes, as SQL.",
    );
}
