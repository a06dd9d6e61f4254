//! What Studio knows of the schema: every model and view, described once for the client
//! runtime ([`client::dynamic::ModelMeta`], [`client::dynamic::RelationMeta`]) and with what the pages need
//! (types for the inputs, enum values, native types, what a delete cascades to).
//!
//! The descriptions are built once when Studio starts and live as long as the process (they
//! are leaked, as the generated client's are `static`s).

use client::dynamic::{ClientDefault, FieldMeta, JoinTable, ModelMeta, RelationMeta, ScalarKind};
use schema::{DefaultKind, FieldKind, ReferentialAction, ScalarFieldType, ValidatedSchema};

/// Every model and view of the schema.
#[derive(Debug)]
pub struct Catalog {
    /// Models, then views, in source order.
    pub models: Vec<Model>,
}

/// A model or view.
#[derive(Debug)]
pub struct Model {
    /// Its name in the schema.
    pub name: String,
    /// A view (shown, never written).
    pub is_view: bool,
    /// The runtime's description.
    pub meta: &'static ModelMeta,
    /// One per scalar field, in `meta.fields` order.
    pub fields: Vec<Field>,
    /// The relation fields.
    pub relations: Vec<Relation>,
    /// Scalar lists and `Unsupported` fields: not in `meta` (the runtime reads neither as a
    /// scalar), read by [`crate::extras`].
    pub extras: Vec<Extra>,
}

/// A scalar list (`String[]`, `Role[]`; PostgreSQL) or an `Unsupported("…")` field.
#[derive(Debug)]
pub struct Extra {
    /// Its name.
    pub name: String,
    /// Its column.
    pub column: &'static str,
    /// A list: its elements' type (as a field, for parsing and inputs). `None`: `Unsupported`.
    pub element: Option<Field>,
    /// `Unsupported("tsvector")`'s type, as written.
    pub unsupported: Option<String>,
    /// Optional (an `Unsupported` field may be).
    pub nullable: bool,
    /// Has a default.
    pub has_default: bool,
}

impl Extra {
    /// `String[]`, `Role[]`, `Unsupported("tsvector")?`.
    pub fn type_label(&self) -> String {
        match (&self.element, &self.unsupported) {
            (Some(e), _) => {
                let mut s = format!("{}[]", e.type_name);
                if let Some(n) = &e.native_type {
                    s.push_str(" @db.");
                    s.push_str(n);
                }
                s
            }
            (None, u) => format!(
                "Unsupported(\"{}\"){}",
                u.as_deref().unwrap_or(""),
                if self.nullable { "?" } else { "" }
            ),
        }
    }
}

/// A scalar field.
#[derive(Debug)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// `String`, `Int`, the enum's name…
    pub type_name: String,
    /// The runtime's kind.
    pub kind: ScalarKind,
    /// `@db.*`, as written (`VarChar(255)`), when given.
    pub native_type: Option<String>,
    /// Optional (`?`).
    pub nullable: bool,
    /// The enum's values, by database name, for an enum field.
    pub enum_values: Vec<String>,
    /// Has a default (the client's or the database's): may be left out on create.
    pub has_default: bool,
    /// `@updatedAt`.
    pub updated_at: bool,
    /// Part of the primary key.
    pub is_id: bool,
}

/// A relation field.
#[derive(Debug)]
pub struct Relation {
    /// Its name.
    pub name: String,
    /// The runtime's description.
    pub meta: &'static RelationMeta,
    /// The related model's index in [`Catalog::models`].
    pub target: usize,
    /// The relation field on the other side, when there is one.
    pub back: Option<String>,
    /// For the side that holds the foreign key: what deleting the referenced record does to
    /// this one (`onDelete`).
    pub on_delete: Option<ReferentialAction>,
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Vec::leak(v)
}

fn leak_str(s: &str) -> &'static str {
    String::leak(s.to_owned())
}

fn kind_of(ty: &ScalarFieldType) -> Option<ScalarKind> {
    use schema::ScalarType as S;
    Some(match ty {
        ScalarFieldType::Builtin(b) => match b {
            S::Int => ScalarKind::Int,
            S::BigInt => ScalarKind::BigInt,
            S::Float => ScalarKind::Float,
            S::Decimal => ScalarKind::Decimal,
            S::String => ScalarKind::String,
            S::Boolean => ScalarKind::Boolean,
            S::DateTime => ScalarKind::DateTime,
            S::Json => ScalarKind::Json,
            S::Bytes => ScalarKind::Bytes,
        },
        ScalarFieldType::Enum(_) => ScalarKind::Enum,
        ScalarFieldType::CompositeType(_) | ScalarFieldType::Unsupported(_) => return None,
    })
}

/// `@db.*` as written (`VarChar(255)`).
fn native(s: &schema::ScalarField) -> Option<String> {
    s.native_type.as_ref().map(|n| {
        if n.args.is_empty() {
            n.name.clone()
        } else {
            format!("{}({})", n.name, n.args.join(", "))
        }
    })
}

fn client_default(field: &schema::ScalarField) -> ClientDefault {
    if field.is_updated_at {
        return ClientDefault::UpdatedAt;
    }
    match field.default.as_ref().map(|d| &d.kind) {
        Some(DefaultKind::Now) => ClientDefault::Now,
        Some(DefaultKind::Uuid(7)) => ClientDefault::UuidV7,
        Some(DefaultKind::Uuid(_)) => ClientDefault::Uuid,
        Some(DefaultKind::Cuid(2)) => ClientDefault::Cuid2,
        Some(DefaultKind::Cuid(_)) => ClientDefault::Cuid,
        Some(DefaultKind::Ulid) => ClientDefault::Ulid,
        Some(DefaultKind::Nanoid(n)) => ClientDefault::Nanoid(n.map_or(21, usize::from)),
        _ => ClientDefault::None,
    }
}

impl Catalog {
    /// The catalog of a validated schema. Ignored fields and composite types are left out;
    /// scalar lists and `Unsupported` fields are [`Extra`]s.
    pub fn new(ir: &ValidatedSchema) -> Catalog {
        let mut order: Vec<schema::ModelWalker<'_>> = ir
            .models()
            .filter(|m| !m.is_ignored && !m.is_view)
            .collect();
        order.extend(ir.models().filter(|m| !m.is_ignored && m.is_view));
        let mut models = Vec::new();
        let mut pending = Vec::new();
        for m in &order {
            let mut fields = Vec::new();
            let mut metas = Vec::new();
            let pk_fields: Vec<schema::FieldId> = m
                .primary_key()
                .map(|pk| pk.fields.iter().map(|f| f.field).collect())
                .unwrap_or_default();
            let mut extras = Vec::new();
            for f in m.scalar_fields() {
                if f.is_ignored {
                    continue;
                }
                let s = f.scalar();
                let unsupported = match &s.field_type {
                    ScalarFieldType::Unsupported(u) => Some(u.clone()),
                    _ => None,
                };
                let Some(kind) =
                    kind_of(&s.field_type).or(unsupported.is_some().then_some(ScalarKind::String))
                else {
                    continue;
                };
                let (type_name, enum_values) = match f.field_enum() {
                    Some(e) => (
                        e.name.clone(),
                        e.values.iter().map(|v| v.database_name.clone()).collect(),
                    ),
                    None => (format!("{kind:?}"), Vec::new()),
                };
                if f.arity.is_list() || unsupported.is_some() {
                    let element = unsupported.is_none().then(|| Field {
                        name: f.name.clone(),
                        type_name,
                        kind,
                        native_type: native(s),
                        nullable: false,
                        enum_values,
                        has_default: false,
                        updated_at: false,
                        is_id: false,
                    });
                    extras.push(Extra {
                        name: f.name.clone(),
                        column: leak_str(&s.database_name),
                        element,
                        unsupported,
                        nullable: f.arity.is_optional(),
                        has_default: s.default.is_some(),
                    });
                    continue;
                }
                let default = client_default(s);
                metas.push(FieldMeta {
                    name: leak_str(&f.name),
                    column: leak_str(&s.database_name),
                    kind,
                    nullable: f.arity.is_optional(),
                    default,
                    omitted: false,
                });
                fields.push(Field {
                    name: f.name.clone(),
                    type_name,
                    kind,
                    native_type: native(s),
                    nullable: f.arity.is_optional(),
                    enum_values,
                    has_default: s.default.is_some() || s.is_updated_at,
                    updated_at: s.is_updated_at,
                    is_id: pk_fields.contains(&f.id()),
                });
            }
            let primary_key: Vec<usize> = pk_fields
                .iter()
                .filter_map(|id| {
                    let name = &ir.field(*id).name;
                    fields.iter().position(|f| &f.name == name)
                })
                .collect();
            let primary_key = if primary_key.len() == pk_fields.len() {
                primary_key
            } else {
                Vec::new()
            };
            let mut described = ModelMeta::new(
                leak_str(&m.name),
                leak_str(&m.database_name),
                leak(metas),
                leak(primary_key),
            );
            // `@@schema("…")` (multiSchema): statements name the table in its schema.
            if let Some(schema) = &m.get().schema {
                described = described.in_schema(leak_str(schema));
            }
            let meta: &'static ModelMeta = Box::leak(Box::new(described));
            models.push(Model {
                name: m.name.clone(),
                is_view: m.is_view,
                meta,
                fields,
                relations: Vec::new(),
                extras,
            });
            pending.push(m.id);
        }
        // Relations, once every model's description exists.
        let column_of = |id: schema::FieldId| match &ir.field(id).kind {
            FieldKind::Scalar(s) => s.database_name.clone(),
            FieldKind::Relation(_) => ir.field(id).name.clone(),
        };
        for (i, id) in pending.iter().enumerate() {
            let m = ir.model(*id);
            let mut relations = Vec::new();
            for r in m.relation_fields() {
                if r.is_ignored {
                    continue;
                }
                let Some(rel) = r.relation() else { continue };
                if rel.is_ignored {
                    continue;
                }
                let target_walker = r.related_model();
                let Some(target) = models.iter().position(|t| t.name == target_walker.name) else {
                    continue;
                };
                let this_is_a = rel.field_a == r.id();
                let pk_column = |model: schema::ModelWalker<'_>| {
                    model
                        .primary_key()
                        .and_then(|pk| pk.fields.first())
                        .map(|f| column_of(f.field))
                };
                let (from, to, join, on_delete) = if let Some(fk) = &rel.foreign_key {
                    let referencing: Vec<String> = fk
                        .referencing_fields
                        .iter()
                        .map(|f| column_of(*f))
                        .collect();
                    let referenced: Vec<String> =
                        fk.referenced_fields.iter().map(|f| column_of(*f)).collect();
                    if this_is_a {
                        (referencing, referenced, None, Some(fk.on_delete))
                    } else {
                        (referenced, referencing, None, None)
                    }
                } else if let Some(jt) = &rel.join_table {
                    let (Some(this), Some(other)) = (pk_column(m), pk_column(target_walker)) else {
                        continue;
                    };
                    let (this_column, other_column) =
                        if this_is_a { ("A", "B") } else { ("B", "A") };
                    let join = JoinTable {
                        table: leak_str(&jt.table_name),
                        // Where Prisma Migrate creates it: the first model's schema.
                        schema: ir.model(jt.model_a).get().schema.as_deref().map(leak_str),
                        this_column,
                        other_column,
                    };
                    (vec![this], vec![other], Some(join), None)
                } else {
                    continue;
                };
                let holds_foreign_key = rel.foreign_key.is_some() && this_is_a;
                let meta: &'static RelationMeta = Box::leak(Box::new(RelationMeta {
                    name: leak_str(&r.name),
                    target: models[target].meta,
                    from_columns: leak(from.iter().map(|c| leak_str(c)).collect()),
                    to_columns: leak(to.iter().map(|c| leak_str(c)).collect()),
                    list: r.arity.is_list(),
                    join,
                    holds_foreign_key,
                    emulated: None,
                }));
                relations.push(Relation {
                    name: r.name.clone(),
                    meta,
                    target,
                    back: r.opposite_field().map(|b| b.name.clone()),
                    on_delete,
                });
            }
            models[i].relations = relations;
        }
        Catalog { models }
    }

    /// The model or view with this name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }
}

impl Model {
    /// The scalar field with this name, and its index.
    pub fn field(&self, name: &str) -> Option<(usize, &Field)> {
        self.fields.iter().enumerate().find(|(_, f)| f.name == name)
    }

    /// The index of the scalar field stored in `column`.
    pub fn field_of_column(&self, column: &str) -> Option<usize> {
        self.meta.fields.iter().position(|f| f.column == column)
    }

    /// The list or `Unsupported` field with this name.
    pub fn extra(&self, name: &str) -> Option<&Extra> {
        self.extras.iter().find(|e| e.name == name)
    }

    /// The relation field with this name.
    pub fn relation(&self, name: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// Whether rows can be written: a model (not a view) with a primary key.
    pub fn writable(&self) -> bool {
        !self.is_view && !self.meta.primary_key.is_empty()
    }
}
