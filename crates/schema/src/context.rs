//! The validation context: the state the passes share ([`Ctx`]: the files and their ASTs, the
//! IR being built, the provider, the diagnostics), and where each diagnostic goes in Prisma's
//! order of checks ([`OrderKey`] and its phases). Its own module so that both the passes and
//! the dialect modules (which report native type and index errors) use it without naming
//! each other.

use std::collections::{HashMap, HashSet};

use diagnostics::{Diagnostic, Diagnostics, SourceFiles, Span};
use schema_syntax::ast;

use crate::ValidatedSchema;
use crate::ids::{CompositeTypeId, EnumId, FieldId, ModelId};
use crate::provider::Provider;

/// The kinds of error found in the attribute pass that Prisma reports with validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deferred {
    /// `@default(unknown())`, reported before the models are validated.
    UnknownFunction,
    /// A default value that does not parse for its field, reported with the field.
    DefaultValue,
}

/// Position of a validation diagnostic in Prisma's order of checks: phase, then (within
/// the model phase) model, part of the model, item (field or index) and check.
pub(crate) type OrderKey = (u32, u32, u32, u32, u32);

/// Before any check.
pub(crate) const ORDER_START: OrderKey = (0, 0, 0, 0, 0);
/// Composite types.
pub(crate) const PHASE_COMPOSITE_TYPES: u32 = 1;
/// Table names used twice.
pub(crate) const PHASE_DATABASE_NAMES: u32 = 2;
/// Unknown functions in `@default`.
pub(crate) const PHASE_DEFAULT_FUNCTIONS: u32 = 3;
/// Each model in turn.
pub(crate) const PHASE_MODELS: u32 = 4;
/// Enums.
pub(crate) const PHASE_ENUMS: u32 = 5;
/// `@@schema` of models, then enums.
pub(crate) const PHASE_SCHEMAS: u32 = 6;
/// Each relation in turn (by its referencing field).
pub(crate) const PHASE_RELATIONS: u32 = 7;

/// Last component of a relation check's key that Prisma only runs when no error was found
/// before it.
pub(crate) const CLEAN_ONLY: u32 = u32::MAX;

/// Within a model: the model's own checks (unique criteria, primary key).
pub(crate) const MODEL_OWN: u32 = 0;
/// Within a model: `autoincrement()`.
pub(crate) const MODEL_AUTOINCREMENT: u32 = 1;
/// Within a model: each scalar field.
pub(crate) const MODEL_SCALAR_FIELDS: u32 = 2;
/// Within a model: each relation field.
pub(crate) const MODEL_RELATION_FIELDS: u32 = 3;
/// Within a model: each index.
pub(crate) const MODEL_INDEXES: u32 = 4;

/// A top-level name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopId {
    Model(ModelId),
    Enum(EnumId),
    CompositeType(CompositeTypeId),
    /// A `type X = Y` alias (rejected).
    Alias,
}

/// The state shared by the passes.
pub(crate) struct Ctx<'a> {
    pub files: &'a SourceFiles,
    pub asts: &'a [ast::SchemaAst],
    pub diagnostics: Diagnostics,
    pub schema: ValidatedSchema,
    /// The provider, when the datasource names a known one.
    pub provider: Option<Provider>,
    /// The datasource's name (prefix of native type attributes).
    pub datasource_name: Option<String>,
    /// The `datasource` block's AST.
    pub datasource_ast: Option<&'a ast::ConfigBlock>,
    /// Enabled preview features.
    pub preview_features: HashSet<String>,
    /// Top-level names.
    pub tops: HashMap<&'a str, TopId>,
    /// The AST of each model, by id.
    pub model_asts: Vec<&'a ast::Model>,
    /// The AST of each field, by id.
    pub field_asts: Vec<&'a ast::Field>,
    /// The AST of each enum, by id.
    pub enum_asts: Vec<&'a ast::Enum>,
    /// The AST of each composite type, by id.
    pub composite_asts: Vec<&'a ast::CompositeType>,
    /// Models and enums in source order (attributes are read in this order).
    pub top_order: Vec<TopId>,
    /// The datasource names a provider Refract does not support yet.
    pub unsupported_provider: bool,
    /// While set, errors go to `deferred` instead of `diagnostics`: Prisma finds them with
    /// the validation of this field's default value.
    pub defer_errors: Option<(FieldId, Deferred)>,
    /// Fields whose type did not resolve (the attributes pass skips them).
    pub unresolved: Vec<bool>,
    /// Errors Prisma reports later than the pass that finds them (default values).
    pub deferred: Vec<(FieldId, Deferred, Diagnostic)>,
    /// Where the next validation diagnostic goes in Prisma's order; `None` before the
    /// validation phase (diagnostics are then reported as they are found).
    pub order: Option<OrderKey>,
    /// Validation diagnostics with their position.
    pub ordered: Vec<(OrderKey, Diagnostic)>,
    /// Position of an ambiguous relation: Prisma reports nothing after it.
    pub stop_after: Option<OrderKey>,
    /// The field whose `@default` is being read.
    pub default_field: Option<FieldId>,

    /// Problems of the configuration blocks that Prisma finds with the names (duplicate
    /// block names and keys).
    pub config_name_diagnostics: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(files: &'a SourceFiles, asts: &'a [ast::SchemaAst]) -> Self {
        Ctx {
            files,
            asts,
            diagnostics: Diagnostics::new(),
            schema: ValidatedSchema::default(),
            provider: None,
            datasource_name: None,
            datasource_ast: None,
            preview_features: HashSet::new(),
            tops: HashMap::new(),
            model_asts: Vec::new(),
            field_asts: Vec::new(),
            enum_asts: Vec::new(),
            composite_asts: Vec::new(),
            top_order: Vec::new(),
            unsupported_provider: false,
            defer_errors: None,
            deferred: Vec::new(),
            order: None,
            ordered: Vec::new(),
            stop_after: None,
            default_field: None,
            unresolved: Vec::new(),

            config_name_diagnostics: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }

    pub fn error(&mut self, message: impl Into<String>, span: Span) {
        let d = Diagnostic::error(message, span);
        if let Some((field, kind)) = self.defer_errors {
            self.deferred.push((field, kind, d));
        } else {
            self.push(d);
        }
    }

    pub fn warning(&mut self, message: impl Into<String>, span: Span) {
        self.push(Diagnostic::warning(message, span));
    }

    fn push(&mut self, d: Diagnostic) {
        match self.order {
            Some(key) => self.ordered.push((key, d)),
            None => self.diagnostics.push(d),
        }
    }

    /// Places the next diagnostics at this position of Prisma's validation order.
    pub fn at(&mut self, key: OrderKey) {
        self.order = Some(key);
    }

    /// `Error parsing attribute "@name": message`.
    pub fn attribute_error(&mut self, attribute: &str, message: impl AsRef<str>, span: Span) {
        self.error(
            format!(
                "Error parsing attribute \"@{attribute}\": {}",
                message.as_ref()
            ),
            span,
        );
    }

    /// `Error validating model "Name": message` (or view).
    pub fn model_error(&mut self, model: ModelId, message: impl AsRef<str>, span: Span) {
        let m = &self.schema.models[model.index()];
        let kind = if m.is_view { "view" } else { "model" };
        let text = format!(
            "Error validating {kind} \"{}\": {}",
            m.name,
            message.as_ref()
        );
        self.error(text, span);
    }

    /// ``Error validating field `f` in model `M`: message``.
    pub fn field_error(&mut self, field: FieldId, message: impl AsRef<str>, span: Span) {
        let f = &self.schema.fields[field.index()];
        let m = &self.schema.models[f.model.index()];
        let kind = if m.is_view { "view" } else { "model" };
        let text = format!(
            "Error validating field `{}` in {kind} `{}`: {}",
            f.name,
            m.name,
            message.as_ref()
        );
        self.error(text, span);
    }

    /// `Error validating: message`.
    pub fn validation_error(&mut self, message: impl AsRef<str>, span: Span) {
        self.error(format!("Error validating: {}", message.as_ref()), span);
    }

    /// The source text under a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.files.slice(span)
    }

    /// Whether a preview feature is enabled.
    pub fn has_feature(&self, name: &str) -> bool {
        self.preview_features.contains(name)
    }

    /// A field attribute's span with the blanks after it, as Prisma's attribute spans are.
    pub fn with_trailing_blanks(&self, span: Span) -> Span {
        let bytes = self.files.get(span.file).text.as_bytes();
        let mut end = span.end as usize;
        while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
            end += 1;
        }
        Span::new(span.file, span.start as usize, end)
    }

    /// The span of a field including the rest of its line and the line break, as Prisma's
    /// field spans are (so that excerpts show the line after the field).
    pub fn field_line_span(&self, span: Span) -> Span {
        let text = &self.files.get(span.file).text;
        let mut end = span.end as usize;
        let bytes = text.as_bytes();
        while end < bytes.len() && bytes[end] != b'\n' {
            end += 1;
        }
        if end < bytes.len() {
            end += 1;
        }
        Span::new(span.file, span.start as usize, end)
    }
}
