//! The random schema generator of the migrate crate's property tests (`random_migrations`,
//! `down`): a random spec of models (scalar fields, optional relations, unique and indexed
//! fields), a random edit of it, and the Prisma schema or calculated SQL schema of a spec.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use diagnostics::SourceFiles;
use migrate::SqlSchema;
use schema::Provider;

use test_support::Rng;

#[derive(Clone, Copy, PartialEq)]
pub enum Type {
    String,
    Int,
    Boolean,
    DateTime,
    Float,
}

pub const TYPES: [Type; 5] = [
    Type::String,
    Type::Int,
    Type::Boolean,
    Type::DateTime,
    Type::Float,
];

#[derive(Clone)]
pub struct Field {
    pub name: String,
    pub tpe: Type,
    pub optional: bool,
    pub with_default: bool,
    pub unique: bool,
    pub indexed: bool,
}

#[derive(Clone)]
pub struct Relation {
    pub target: usize,
    pub on_delete: &'static str,
}

#[derive(Clone)]
pub struct Model {
    pub id: usize,
    pub fields: Vec<Field>,
    pub relations: Vec<Relation>,
}

#[derive(Clone)]
pub struct Spec {
    pub models: Vec<Model>,
    pub next_id: usize,
    pub next_field: usize,
}

pub fn random_field(rng: &mut Rng, n: usize) -> Field {
    let optional = rng.chance(50);
    Field {
        name: format!("f{n}"),
        tpe: TYPES[rng.below(TYPES.len())],
        optional,
        // Required fields always have a default, so rows can be migrated.
        with_default: !optional || rng.chance(30),
        unique: rng.chance(15),
        indexed: rng.chance(15),
    }
}

pub fn random_model(rng: &mut Rng, spec: &mut Spec) -> Model {
    let id = spec.next_id;
    spec.next_id += 1;
    let mut fields = Vec::new();
    for _ in 0..1 + rng.below(4) {
        fields.push(random_field(rng, spec.next_field));
        spec.next_field += 1;
    }
    Model {
        id,
        fields,
        relations: Vec::new(),
    }
}

pub const ACTIONS: [&str; 4] = ["Cascade", "SetNull", "Restrict", "NoAction"];

pub fn random_spec(rng: &mut Rng) -> Spec {
    let mut spec = Spec {
        models: Vec::new(),
        next_id: 0,
        next_field: 0,
    };
    for _ in 0..2 + rng.below(3) {
        let mut model = random_model(rng, &mut spec);
        let existing: Vec<usize> = spec.models.iter().map(|m| m.id).collect();
        if !existing.is_empty() && rng.chance(60) {
            model.relations.push(Relation {
                target: existing[rng.below(existing.len())],
                on_delete: ACTIONS[rng.below(ACTIONS.len())],
            });
        }
        spec.models.push(model);
    }
    spec
}

pub fn edit(rng: &mut Rng, spec: &Spec) -> Spec {
    let mut spec = spec.clone();
    for _ in 0..1 + rng.below(3) {
        let m = rng.below(spec.models.len());
        match rng.below(9) {
            0 => {
                let field = random_field(rng, spec.next_field);
                spec.next_field += 1;
                spec.models[m].fields.push(field);
            }
            1 if spec.models[m].fields.len() > 1 => {
                let f = rng.below(spec.models[m].fields.len());
                spec.models[m].fields.remove(f);
            }
            2 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.optional = !field.optional;
                field.with_default = true;
            }
            3 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.unique = !field.unique;
            }
            4 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.indexed = !field.indexed;
            }
            5 => {
                let f = rng.below(spec.models[m].fields.len());
                let field = &mut spec.models[m].fields[f];
                field.tpe = [Type::String, Type::Int, Type::Boolean][rng.below(3)];
            }
            6 => {
                let model = random_model(rng, &mut spec);
                spec.models.push(model);
            }
            7 if spec.models.len() > 2 => {
                let dropped = spec.models.remove(m).id;
                for model in &mut spec.models {
                    model.relations.retain(|r| r.target != dropped);
                }
            }
            _ => {
                let earlier: Vec<usize> = spec.models[..m].iter().map(|x| x.id).collect();
                let model = &mut spec.models[m];
                if let Some(r) = model.relations.first_mut() {
                    r.on_delete = ACTIONS[rng.below(ACTIONS.len())];
                } else if !earlier.is_empty() {
                    model.relations.push(Relation {
                        target: earlier[rng.below(earlier.len())],
                        on_delete: ACTIONS[rng.below(ACTIONS.len())],
                    });
                }
            }
        }
    }
    spec
}

pub fn type_name(t: Type) -> &'static str {
    match t {
        Type::String => "String",
        Type::Int => "Int",
        Type::Boolean => "Boolean",
        Type::DateTime => "DateTime",
        Type::Float => "Float",
    }
}

pub fn default_of(t: Type) -> &'static str {
    match t {
        Type::String => "@default(\"x\")",
        Type::Int => "@default(1)",
        Type::Boolean => "@default(false)",
        Type::DateTime => "@default(now())",
        Type::Float => "@default(1.5)",
    }
}

pub fn render(spec: &Spec, provider: &str) -> String {
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n");
    for model in &spec.models {
        out.push_str(&format!(
            "model M{} {{\n  id Int @id @default(autoincrement())\n",
            model.id
        ));
        for f in &model.fields {
            out.push_str(&format!(
                "  {} {}{}{}{}\n",
                f.name,
                type_name(f.tpe),
                if f.optional { "?" } else { "" },
                if f.with_default {
                    format!(" {}", default_of(f.tpe))
                } else {
                    String::new()
                },
                if f.unique { " @unique" } else { "" }
            ));
        }
        for r in &model.relations {
            out.push_str(&format!(
                "  to{t} M{t}? @relation(\"R{m}_{t}\", fields: [to{t}Id], references: [id], onDelete: {})\n  to{t}Id Int?\n",
                r.on_delete,
                t = r.target,
                m = model.id
            ));
        }
        for other in &spec.models {
            // At most one relation per model: one back-relation field per referencing model.
            if other.relations.iter().any(|r| r.target == model.id) {
                out.push_str(&format!(
                    "  from{o} M{o}[] @relation(\"R{o}_{t}\")\n",
                    o = other.id,
                    t = model.id
                ));
            }
        }
        for f in model.fields.iter().filter(|f| f.indexed) {
            out.push_str(&format!("  @@index([{}])\n", f.name));
        }
        out.push_str("}\n\n");
    }
    out
}

pub fn calculated(spec: &Spec, provider: &str) -> SqlSchema {
    let text = render(spec, provider);
    let (schema, diagnostics) =
        schema::validate(&SourceFiles::single("schema.prisma", text.clone()));
    let errors: Vec<&str> = diagnostics.errors().map(|e| e.message.as_str()).collect();
    assert!(
        errors.is_empty(),
        "generated schema is invalid: {errors:?}\n{text}"
    );
    let dialect = migrate::for_provider(Provider::from_name(provider).expect("provider"));
    migrate::calculate(&schema, dialect)
}
