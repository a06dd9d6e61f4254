//! Completion of relations, as `prisma format` does it: missing back-relation fields, missing
//! forward relation fields, missing `@relation(fields, references)` attributes and arguments,
//! and the scalar fields those arguments name.
//!
//! This is a small, self-contained relation analysis over the AST (the names, types, primary
//! keys, unique constraints and relation fields of the models), run only when the schema reads
//! without errors at that level, as in Prisma. It produces text insertions; the layout step
//! then formats the completed text.

use std::collections::HashMap;

use cruet::Inflector;

use crate::gate::{self, TypeClass};
use diagnostics::{Diagnostics, FileId, SourceFiles};
use schema_syntax::ast::{
    Attribute, Expression, Field, FieldArity, FieldType, Model, SchemaAst, Top,
};

/// For each file, its text with the missing relation bits inserted, or `None` when nothing is
/// missing. `parsed` holds each file's syntax tree and diagnostics, in file order.
pub(crate) fn complete(
    files: &SourceFiles,
    parsed: &[(SchemaAst, Diagnostics)],
) -> Vec<Option<String>> {
    let mut bits = missing(files, parsed);
    files
        .iter()
        .map(|(id, file)| match bits.get_mut(&id) {
            Some(list) if !list.is_empty() => {
                list.sort_by_key(|b| b.position);
                Some(insert(&file.text, list))
            }
            _ => None,
        })
        .collect()
}

/// The insertions of every file, by file (empty when the schema does not read without errors).
pub(crate) fn missing(
    files: &SourceFiles,
    parsed: &[(SchemaAst, Diagnostics)],
) -> HashMap<FileId, Vec<Insertion>> {
    let mut bits: HashMap<FileId, Vec<Insertion>> = HashMap::new();
    if parsed.iter().any(|(_, d)| d.has_errors()) {
        return bits;
    }
    let Some(schema) = Schema::read(parsed.iter().map(|(ast, _)| ast), files) else {
        return bits;
    };
    schema.missing_bits(&mut bits);
    bits
}

/// Text to insert at a byte offset of a file.
pub(crate) struct Insertion {
    pub(crate) position: usize,
    pub(crate) content: String,
}

fn insert(text: &str, bits: &[Insertion]) -> String {
    let mut out =
        String::with_capacity(text.len() + bits.iter().map(|b| b.content.len()).sum::<usize>());
    let mut last = 0;
    for bit in bits {
        let position = bit.position.min(text.len()).max(last);
        if !text.is_char_boundary(position) {
            continue;
        }
        out.push_str(&text[last..position]);
        out.push_str(&bit.content);
        last = position;
    }
    out.push_str(&text[last..]);
    out
}

pub(crate) const SCALARS: [&str; 9] = [
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
];

/// What a field's type resolved to.
#[derive(Clone, Copy, PartialEq)]
enum Resolved {
    Scalar(&'static str),
    Relation(usize),
    /// Enum, composite type or `Unsupported`: a scalar Prisma will not copy into a new field.
    Other,
}

struct ModelInfo<'a> {
    model: &'a Model,
    file: FileId,
    source: &'a str,
    fields: Vec<&'a Field>,
    types: Vec<Resolved>,
    ignored: bool,
    /// Primary key fields.
    primary_key: Option<Vec<usize>>,
    /// Unique constraints (field-level first, then block-level), as field indexes.
    uniques: Vec<Vec<usize>>,
}

struct RelationField<'a> {
    model: usize,
    field: usize,
    target: usize,
    name: Option<String>,
    fields: Option<Vec<usize>>,
    references: Option<Vec<usize>>,
    attribute: Option<&'a Attribute>,
}

/// An inline (1:1 or 1:n) relation: model A holds the foreign key.
struct Relation {
    model_a: usize,
    model_b: usize,
    one_to_one: bool,
    /// The relation field on model A, when written.
    forward: Option<usize>,
    /// Whether the relation field on model B is written.
    has_back: bool,
}

struct Schema<'a> {
    models: Vec<ModelInfo<'a>>,
    relation_fields: Vec<RelationField<'a>>,
    /// Datasource names, for recognising native type attributes (`@db.VarChar`).
    datasources: Vec<&'a str>,
}

fn field_names(expr: &Expression) -> Option<Vec<&str>> {
    match expr {
        Expression::Array(items, _) => items
            .iter()
            .map(|i| match i {
                Expression::Constant(n, _) => Some(n.as_str()),
                Expression::Function(n, _, _) => Some(n.as_str()),
                _ => None,
            })
            .collect(),
        Expression::Constant(n, _) => Some(vec![n.as_str()]),
        _ => None,
    }
}

fn argument<'e>(
    attribute: &'e Attribute,
    name: &str,
    position: Option<usize>,
) -> Option<&'e Expression> {
    let args = &attribute.arguments.arguments;
    if let Some(a) = args
        .iter()
        .find(|a| a.name.as_ref().is_some_and(|n| n.name == name))
    {
        return Some(&a.value);
    }
    let index = position?;
    args.iter()
        .filter(|a| a.name.is_none())
        .nth(index)
        .map(|a| &a.value)
}

impl<'a> Schema<'a> {
    /// Reads names, types and the attributes relations depend on. `None` when something there
    /// is wrong (Prisma then formats without completing relations).
    fn read(
        asts: impl Iterator<Item = &'a SchemaAst>,
        files: &'a SourceFiles,
    ) -> Option<Schema<'a>> {
        let mut names: HashMap<&str, Option<usize>> = HashMap::new();
        let mut enums: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut models = Vec::new();
        let mut datasources = Vec::new();
        let mut composites = Vec::new();
        for ast in asts {
            let source = files.get(ast.file).text.as_str();
            for top in &ast.tops {
                let name = match top {
                    Top::Model(m) => {
                        let index = models.len();
                        models.push(ModelInfo {
                            model: m,
                            file: ast.file,
                            source,
                            fields: m.fields().collect(),
                            types: Vec::new(),
                            ignored: m.attributes().any(|a| a.name.name == "ignore"),
                            primary_key: None,
                            uniques: Vec::new(),
                        });
                        Some((m.name.name.as_str(), Some(index)))
                    }
                    Top::Enum(e) => {
                        enums.insert(
                            e.name.name.as_str(),
                            e.values().map(|v| v.name.name.as_str()).collect(),
                        );
                        Some((e.name.name.as_str(), None))
                    }
                    Top::CompositeType(c) => {
                        composites.push(c);
                        Some((c.name.name.as_str(), None))
                    }
                    Top::Datasource(d) => {
                        datasources.push(d.name.name.as_str());
                        None
                    }
                    _ => None,
                };
                if let Some((name, index)) = name
                    && names.insert(name, index).is_some()
                {
                    return None;
                }
            }
        }
        // A composite type's fields must be scalars, enums or composite types.
        for composite in composites {
            for field in composite.fields() {
                if let FieldType::Named(id) = &field.field_type
                    && !SCALARS.contains(&id.name.as_str())
                    && !matches!(names.get(id.name.as_str()), Some(None))
                {
                    return None;
                }
            }
        }
        let mut relation_fields = Vec::new();
        for (mi, info) in models.iter_mut().enumerate() {
            let mut seen = HashMap::new();
            for (fi, field) in info.fields.iter().enumerate() {
                if seen.insert(field.name.name.as_str(), fi).is_some() {
                    return None;
                }
                let resolved = match &field.field_type {
                    FieldType::Unsupported { .. } => Resolved::Other,
                    FieldType::Named(id) => match SCALARS.iter().find(|s| **s == id.name) {
                        Some(s) => Resolved::Scalar(s),
                        None => match names.get(id.name.as_str())? {
                            Some(target) => Resolved::Relation(*target),
                            None => Resolved::Other,
                        },
                    },
                };
                let class = match (&field.field_type, resolved) {
                    (_, Resolved::Scalar(s)) => TypeClass::Scalar(s),
                    (_, Resolved::Relation(_)) => TypeClass::Relation,
                    (FieldType::Named(id), Resolved::Other) => match enums.get(id.name.as_str()) {
                        Some(values) => TypeClass::Enum(values),
                        None => TypeClass::Composite,
                    },
                    (FieldType::Unsupported { .. }, Resolved::Other) => TypeClass::Unsupported,
                };
                if !gate::field_is_valid(field, class) {
                    return None;
                }
                info.types.push(resolved);
            }
            if !gate::block_attributes_are_valid(info.model.attributes()) {
                return None;
            }
            let field_ids = info
                .fields
                .iter()
                .filter(|f| f.attributes.iter().any(|a| a.name.name == "id"))
                .count();
            let block_ids = info
                .model
                .attributes()
                .filter(|a| a.name.name == "id")
                .count();
            if field_ids + block_ids > 1 {
                return None;
            }
            let index_of = |name: &str| seen.get(name).copied();
            let fields_of = |expr: Option<&Expression>| -> Option<Option<Vec<usize>>> {
                match expr {
                    None => Some(None),
                    Some(e) => {
                        let names = field_names(e)?;
                        names
                            .into_iter()
                            .map(index_of)
                            .collect::<Option<Vec<_>>>()
                            .map(Some)
                    }
                }
            };
            // Field attributes first, then block attributes, as Prisma resolves them.
            for (fi, field) in info.fields.iter().enumerate() {
                for attribute in &field.attributes {
                    match attribute.name.name.as_str() {
                        "id" => info.primary_key = Some(vec![fi]),
                        "unique" => info.uniques.push(vec![fi]),
                        _ => {}
                    }
                }
            }
            for attribute in info.model.attributes() {
                match attribute.name.name.as_str() {
                    "id" => info.primary_key = fields_of(argument(attribute, "fields", Some(0)))?,
                    "unique" => {
                        if let Some(fields) = fields_of(argument(attribute, "fields", Some(0)))? {
                            info.uniques.push(fields);
                        }
                    }
                    "index" | "fulltext" => {
                        fields_of(argument(attribute, "fields", Some(0)))?;
                    }
                    _ => {}
                }
            }
            for (fi, field) in info.fields.iter().enumerate() {
                let Resolved::Relation(target) = info.types[fi] else {
                    continue;
                };
                let attribute = field.attributes.iter().find(|a| a.name.name == "relation");
                let mut rf = RelationField {
                    model: mi,
                    field: fi,
                    target,
                    name: None,
                    fields: None,
                    references: None,
                    attribute,
                };
                if let Some(attribute) = attribute {
                    rf.name = match argument(attribute, "name", Some(0)) {
                        Some(Expression::String(s, _)) => Some(s.clone()),
                        Some(_) => return None,
                        None => None,
                    };
                    rf.fields = fields_of(argument(attribute, "fields", None))?;
                    // `references` name fields of the target model: resolved below.
                    if let Some(e) = argument(attribute, "references", None) {
                        field_names(e)?;
                    }
                }
                relation_fields.push(rf);
            }
        }
        // Resolve `references` against the referenced models.
        for rf in &mut relation_fields {
            let Some(attribute) = rf.attribute else {
                continue;
            };
            let Some(expr) = argument(attribute, "references", None) else {
                continue;
            };
            let target = &models[rf.target];
            let mut resolved = Vec::new();
            for name in field_names(expr)? {
                resolved.push(target.fields.iter().position(|f| f.name.name == name)?);
            }
            rf.references = Some(resolved);
        }
        Some(Schema {
            models,
            relation_fields,
            datasources,
        })
    }

    fn arity(&self, model: usize, field: usize) -> FieldArity {
        self.models[model].fields[field].arity
    }

    fn field_name(&self, model: usize, field: usize) -> &str {
        &self.models[model].fields[field].name.name
    }

    fn model_name(&self, model: usize) -> &str {
        &self.models[model].model.name.name
    }

    /// The relation fields of a model, in field order (they are stored model by model).
    fn relation_fields_of(&self, model: usize) -> (usize, &[RelationField<'a>]) {
        let start = self.relation_fields.partition_point(|r| r.model < model);
        let end = self.relation_fields.partition_point(|r| r.model <= model);
        (start, &self.relation_fields[start..end])
    }

    fn relation_field(&self, model: usize, field: usize) -> Option<&RelationField<'a>> {
        let (_, fields) = self.relation_fields_of(model);
        fields
            .binary_search_by_key(&field, |r| r.field)
            .ok()
            .map(|i| &fields[i])
    }

    /// The inline relations, in the order Prisma creates them.
    fn relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (ri, rf) in self.relation_fields.iter().enumerate() {
            let is_self = rf.model == rf.target;
            let (offset, candidates) = self.relation_fields_of(rf.target);
            let opposite = candidates.iter().enumerate().find(|(oi, o)| {
                o.target == rf.model && (!is_self || offset + *oi != ri) && o.name == rf.name
            });
            let arity = self.arity(rf.model, rf.field);
            let key = |m: usize, f: usize| (self.model_name(m), self.field_name(m, f));
            let shape = match (arity, opposite) {
                (FieldArity::List, Some((_, o)))
                    if self.arity(o.model, o.field) == FieldArity::List =>
                {
                    // Many-to-many: nothing for the formatter to complete.
                    continue;
                }
                (FieldArity::Required, Some((_, o)))
                    if self.arity(o.model, o.field) == FieldArity::Optional =>
                {
                    (true, Some(rf.field), true)
                }
                (FieldArity::Required, Some((_, o)))
                    if self.arity(o.model, o.field) == FieldArity::Required =>
                {
                    if key(rf.model, rf.field) > key(o.model, o.field) {
                        continue;
                    }
                    (true, Some(rf.field), true)
                }
                (FieldArity::Optional, Some((_, o)))
                    if self.arity(o.model, o.field) == FieldArity::Required =>
                {
                    continue;
                }
                (FieldArity::Optional, Some((_, o)))
                    if self.arity(o.model, o.field) == FieldArity::Optional =>
                {
                    if rf.fields.is_some() {
                        (true, Some(rf.field), true)
                    } else if o.fields.is_none() {
                        if key(rf.model, rf.field) > key(o.model, o.field) {
                            continue;
                        }
                        (true, Some(rf.field), true)
                    } else {
                        continue;
                    }
                }
                (FieldArity::List, Some(_)) => continue,
                (FieldArity::List, None) => (false, None, true),
                (_, Some(_)) => (false, Some(rf.field), true),
                (_, None) => match &rf.fields {
                    Some(fields) if self.models[rf.model].uniques.iter().any(|u| u == fields) => {
                        (true, Some(rf.field), false)
                    }
                    _ => (false, Some(rf.field), false),
                },
            };
            let (one_to_one, forward, has_back) = shape;
            let (model_a, model_b) = if forward.is_none() {
                (rf.target, rf.model)
            } else {
                (rf.model, rf.target)
            };
            out.push(Relation {
                model_a,
                model_b,
                one_to_one,
                forward,
                has_back,
            });
        }
        out
    }

    fn forward(&self, r: &Relation) -> Option<&RelationField<'a>> {
        r.forward.and_then(|a| self.relation_field(r.model_a, a))
    }

    /// Unique criteria of a model: the primary key, then the unique constraints.
    fn unique_criteria(&self, model: usize) -> impl Iterator<Item = &Vec<usize>> {
        let info = &self.models[model];
        info.primary_key.iter().chain(info.uniques.iter())
    }

    /// The scalar fields the `fields` argument should name, inferred from the referenced
    /// model's first unique criterion.
    fn inferred_fields(&self, r: &Relation) -> Vec<Inferred> {
        let Some(criterion) = self.unique_criteria(r.model_b).next() else {
            return Vec::new();
        };
        let referencing = &self.models[r.model_a];
        let forward_arity = self
            .forward(r)
            .map(|f| self.arity(f.model, f.field))
            .unwrap_or(FieldArity::Optional);
        criterion
            .iter()
            .map(|&fi| {
                let name = format!(
                    "{}{}",
                    lower_first(self.model_name(r.model_b)),
                    upper_first(self.field_name(r.model_b, fi))
                );
                let existing = referencing
                    .fields
                    .iter()
                    .position(|f| f.name.name == name)
                    .filter(|&i| !matches!(referencing.types[i], Resolved::Relation(_)));
                match existing {
                    Some(i) => Inferred {
                        name,
                        arity: referencing.fields[i].arity,
                        scalar: referencing.types[i],
                        blueprint: (r.model_b, fi),
                    },
                    None => Inferred {
                        name,
                        arity: forward_arity,
                        scalar: self.models[r.model_b].types[fi],
                        blueprint: (r.model_b, fi),
                    },
                }
            })
            .collect()
    }

    fn fields_argument(&self, r: &Relation) -> String {
        let names: Vec<String> = self
            .inferred_fields(r)
            .into_iter()
            .map(|f| f.name)
            .collect();
        format!("fields: [{}]", names.join(", "))
    }

    fn references_argument(&self, r: &Relation) -> String {
        let fields: Vec<usize> = match self.forward(r).and_then(|f| f.references.clone()) {
            Some(fields) => fields,
            None => self
                .unique_criteria(r.model_b)
                .find(|c| {
                    c.iter().all(|&fi| {
                        self.arity(r.model_b, fi) == FieldArity::Required
                            && !matches!(
                                self.models[r.model_b].fields[fi].field_type,
                                FieldType::Unsupported { .. }
                            )
                    })
                })
                .cloned()
                .unwrap_or_default(),
        };
        let names: Vec<&str> = fields
            .iter()
            .map(|&f| self.field_name(r.model_b, f))
            .collect();
        format!("references: [{}]", names.join(", "))
    }

    fn push(
        &self,
        bits: &mut HashMap<FileId, Vec<Insertion>>,
        model: usize,
        position: usize,
        content: String,
    ) {
        bits.entry(self.models[model].file)
            .or_default()
            .push(Insertion { position, content });
    }

    fn model_end(&self, model: usize) -> usize {
        (self.models[model].model.span.end as usize).saturating_sub(1)
    }

    fn missing_bits(&self, bits: &mut HashMap<FileId, Vec<Insertion>>) {
        let relations = self.relations();
        // Missing fields: relation fields, then the scalar fields they need.
        for r in &relations {
            if !r.has_back {
                let referencing = self.model_name(r.model_a);
                let ignore = if self.models[r.model_a].ignored {
                    "@ignore"
                } else {
                    ""
                };
                let (arity, name) = if r.one_to_one {
                    ("?", referencing.to_camel_case())
                } else {
                    ("[]", referencing.to_camel_case().to_plural())
                };
                let content = format!("{name} {referencing}{arity} {ignore}\n");
                self.push(bits, r.model_b, self.model_end(r.model_b), content);
            }
            if self.forward(r).is_none() {
                let referenced = self.model_name(r.model_b);
                let arity = if self
                    .inferred_fields(r)
                    .iter()
                    .any(|f| f.arity == FieldArity::Optional)
                {
                    "?"
                } else {
                    ""
                };
                let name = referenced.to_camel_case();
                let content = format!(
                    "{name} {referenced}{arity} @relation({}, {})\n",
                    self.fields_argument(r),
                    self.references_argument(r)
                );
                self.push(bits, r.model_a, self.model_end(r.model_a), content);
            }
            if self.forward(r).is_some_and(|f| f.fields.is_some()) {
                continue;
            }
            let referencing = &self.models[r.model_a];
            for inferred in self.inferred_fields(r) {
                let exists = referencing.fields.iter().enumerate().any(|(i, f)| {
                    f.name.name == inferred.name
                        && !matches!(referencing.types[i], Resolved::Relation(_))
                });
                if exists {
                    continue;
                }
                let Resolved::Scalar(scalar) = inferred.scalar else {
                    break;
                };
                let arity = match inferred.arity {
                    FieldArity::Required => "",
                    FieldArity::Optional => "?",
                    FieldArity::List => "[]",
                };
                let native = self.native_type(inferred.blueprint).unwrap_or("");
                let content = format!("{} {scalar}{arity} {native}\n", inferred.name);
                self.push(bits, r.model_a, self.model_end(r.model_a), content);
            }
        }
        // Missing `@relation` attributes on forward fields.
        for r in &relations {
            let Some(forward) = self.forward(r) else {
                continue;
            };
            if forward.attribute.is_some() {
                continue;
            }
            let info = &self.models[forward.model];
            let field = info.fields[forward.field];
            let content = format!(
                " @relation({}, {})",
                self.fields_argument(r),
                self.references_argument(r)
            );
            let position = after_type(field.field_type.span().end as usize, info.source);
            self.push(bits, forward.model, position, content);
        }
        // Missing arguments of existing `@relation` attributes.
        for r in &relations {
            let Some(forward) = self.forward(r) else {
                continue;
            };
            let Some(attribute) = forward.attribute else {
                continue;
            };
            let mut extra = Vec::new();
            if forward.fields.is_none() {
                extra.push(self.fields_argument(r));
            }
            if forward.references.is_none() {
                extra.push(self.references_argument(r));
            }
            let extra = extra.join(", ");
            let end = attribute.span.end as usize;
            let (content, position) = if attribute.arguments.arguments.is_empty() {
                (format!("({extra})"), end)
            } else {
                (format!(", {extra}"), end.saturating_sub(1))
            };
            self.push(bits, forward.model, position, content);
        }
    }

    /// The native type attribute (`@db.VarChar(255)`) of a field, as written.
    fn native_type(&self, (model, field): (usize, usize)) -> Option<&str> {
        let info = &self.models[model];
        info.fields[field]
            .attributes
            .iter()
            .find(|a| {
                a.name
                    .name
                    .split_once('.')
                    .is_some_and(|(ds, _)| self.datasources.contains(&ds))
            })
            .map(|a| &info.source[a.span.range()])
    }
}

struct Inferred {
    name: String,
    arity: FieldArity,
    scalar: Resolved,
    blueprint: (usize, usize),
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The position right after a field's type and its `[]`, `?` or `!`.
fn after_type(type_end: usize, source: &str) -> usize {
    let rest = source.get(type_end..).unwrap_or("");
    type_end
        + rest
            .char_indices()
            .find(|(_, c)| !matches!(c, '[' | ']' | '?' | '!'))
            .map_or(rest.len(), |(i, _)| i)
}
