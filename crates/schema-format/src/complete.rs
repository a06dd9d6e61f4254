//! Completion of relations, as `prisma format` does it: missing back-relation fields, missing
//! forward relation fields, missing `@relation(fields, references)` attributes and arguments,
//! and the scalar fields those arguments name.
//!
//! The relations come from the `schema` crate: completion runs only when its names, types and
//! attributes resolve without errors ([`schema::ValidatedSchema::resolves`], Prisma's parser
//! database stage), and reads which relation fields pair up and which side is the forward one
//! from its relation pass. This module only decides what text is missing and where it goes;
//! the layout step then formats the completed text.

use std::collections::HashMap;

use cruet::Inflector;

use diagnostics::{FileId, SourceFiles};
use schema::{FieldKind, ModelId, RelationKind, ScalarFieldType, ValidatedSchema};
use schema_syntax::ast::{Attribute, Field, FieldArity, FieldType, SchemaAst, Top};

/// For each file, its text with the missing relation bits inserted, or `None` when nothing is
/// missing.
pub(crate) fn complete(files: &SourceFiles) -> Vec<Option<String>> {
    let mut bits = missing(files);
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

/// The insertions of every file, by file (empty when the schema does not resolve).
pub(crate) fn missing(files: &SourceFiles) -> HashMap<FileId, Vec<Insertion>> {
    let mut bits: HashMap<FileId, Vec<Insertion>> = HashMap::new();
    let (validated, _, asts) = schema::validate_keeping_syntax(files);
    if !validated.resolves() {
        return bits;
    }
    if let Some(schema) = Schema::read(&validated, &asts, files) {
        schema.missing_bits(&mut bits);
    }
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

/// What a field's type resolved to.
#[derive(Clone, Copy, PartialEq)]
enum Resolved {
    Scalar(&'static str),
    Relation(usize),
    /// Enum, composite type or `Unsupported`: a scalar Prisma will not copy into a new field.
    Other,
}

struct ModelInfo<'a> {
    name: &'a str,
    file: FileId,
    source: &'a str,
    /// Where the model's closing brace is.
    end: usize,
    /// The fields' syntax (for their attributes as written), in field order.
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
    /// `fields:`, when written (resolved by the schema crate).
    fields: Option<Vec<usize>>,
    /// `references:`, when written (resolved by the schema crate).
    references: Option<Vec<usize>>,
    attribute: Option<&'a Attribute>,
    /// The paired field's relation: its kind and whether this field is the forward side
    /// (side A of a many-to-many). `None` when the field has no opposite field.
    pairing: Option<(RelationKind, bool)>,
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

/// Whether an attribute has the named argument.
fn has_argument(attribute: &Attribute, name: &str) -> bool {
    attribute
        .arguments
        .arguments
        .iter()
        .any(|a| a.name.as_ref().is_some_and(|n| n.name == name))
}

impl<'a> Schema<'a> {
    /// The formatter's view of a resolved schema: the IR's models, fields and relations, with
    /// the syntax of each field (its attributes as written). `None` if the two disagree, which
    /// a resolved schema never does.
    fn read(
        validated: &'a ValidatedSchema,
        asts: &'a [SchemaAst],
        files: &'a SourceFiles,
    ) -> Option<Schema<'a>> {
        let mut datasources = Vec::new();
        let mut syntax: HashMap<(FileId, u32), &'a schema_syntax::ast::Model> = HashMap::new();
        for ast in asts {
            for top in &ast.tops {
                match top {
                    Top::Model(m) => {
                        syntax.insert((ast.file, m.span.start), m);
                    }
                    Top::Datasource(d) => datasources.push(d.name.name.as_str()),
                    _ => {}
                }
            }
        }
        let index_of = |id: ModelId| id.index();
        let mut models = Vec::new();
        let mut relation_fields = Vec::new();
        for (mi, model) in validated.models().enumerate() {
            let ir = model.get();
            let file = ir.span.file;
            let ast = syntax.get(&(file, ir.span.start))?;
            let fields: Vec<&Field> = ast.fields().collect();
            let walkers: Vec<_> = model.fields().collect();
            if fields.len() != walkers.len() {
                return None;
            }
            let position: HashMap<schema::FieldId, usize> =
                ir.fields.iter().enumerate().map(|(i, f)| (*f, i)).collect();
            let positions = |ids: &[schema::FieldId]| -> Option<Vec<usize>> {
                ids.iter().map(|f| position.get(f).copied()).collect()
            };
            let mut types = Vec::with_capacity(fields.len());
            for (fi, walker) in walkers.iter().enumerate() {
                let resolved = match &walker.get().kind {
                    FieldKind::Scalar(s) => match &s.field_type {
                        ScalarFieldType::Builtin(t) => Resolved::Scalar(t.as_str()),
                        _ => Resolved::Other,
                    },
                    FieldKind::Relation(r) => Resolved::Relation(index_of(r.related_model)),
                };
                types.push(resolved);
                let (Some(relation), Resolved::Relation(target)) = (walker.as_relation(), resolved)
                else {
                    continue;
                };
                let attribute = fields[fi]
                    .attributes
                    .iter()
                    .find(|a| a.name.name == "relation");
                let written = |name| attribute.is_some_and(|a| has_argument(a, name));
                let rf = relation.relation_field();
                let fields_written = written("fields");
                let references_written = written("references");
                let target_positions = |ids: &[schema::FieldId]| -> Option<Vec<usize>> {
                    let target = validated.model(rf.related_model).get();
                    ids.iter()
                        .map(|f| target.fields.iter().position(|g| g == f))
                        .collect()
                };
                relation_fields.push(RelationField {
                    model: mi,
                    field: fi,
                    target,
                    fields: if fields_written {
                        Some(positions(&rf.fields)?)
                    } else {
                        None
                    },
                    references: if references_written {
                        Some(target_positions(&rf.references)?)
                    } else {
                        None
                    },
                    attribute,
                    pairing: relation
                        .relation()
                        .filter(|r| r.field_b().is_some())
                        .map(|r| (r.get().kind, r.get().field_a == relation.id())),
                });
            }
            let primary_key = match model.primary_key() {
                Some(pk) => Some(positions(
                    &pk.fields.iter().map(|f| f.field).collect::<Vec<_>>(),
                )?),
                None => None,
            };
            let mut unique_indexes: Vec<_> = model.unique_indexes().collect();
            unique_indexes.sort_by_key(|i| !i.defined_on_field);
            let mut uniques = Vec::new();
            for index in unique_indexes {
                uniques.push(positions(
                    &index.fields.iter().map(|f| f.field).collect::<Vec<_>>(),
                )?);
            }
            models.push(ModelInfo {
                name: ir.name.as_str(),
                file,
                source: files.get(file).text.as_str(),
                end: (ast.span.end as usize).saturating_sub(1),
                fields,
                types,
                ignored: ir.is_ignored,
                primary_key,
                uniques,
            });
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
        self.models[model].name
    }

    /// The relation fields of a model, in field order (they are stored model by model).
    fn relation_fields_of(&self, model: usize) -> &[RelationField<'a>] {
        let start = self.relation_fields.partition_point(|r| r.model < model);
        let end = self.relation_fields.partition_point(|r| r.model <= model);
        &self.relation_fields[start..end]
    }

    fn relation_field(&self, model: usize, field: usize) -> Option<&RelationField<'a>> {
        let fields = self.relation_fields_of(model);
        fields
            .binary_search_by_key(&field, |r| r.field)
            .ok()
            .map(|i| &fields[i])
    }

    /// The inline relations, in the order Prisma creates them: each paired relation at its
    /// forward field (as the schema crate oriented it), each field without an opposite field
    /// at that field.
    fn relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for rf in &self.relation_fields {
            let shape = match rf.pairing {
                Some((RelationKind::ImplicitManyToMany, _)) | Some((_, false)) => continue,
                Some((kind, true)) => (kind == RelationKind::OneToOne, Some(rf.field), true),
                None if self.arity(rf.model, rf.field) == FieldArity::List => (false, None, true),
                None => match &rf.fields {
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
        self.models[model].end
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
