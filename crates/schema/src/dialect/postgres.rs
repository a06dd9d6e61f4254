//! PostgreSQL's native types and index operator classes.

use super::NativeTypeSpec;
use crate::context::Ctx;
use crate::ir::ScalarType::{self, *};
use crate::ir::{FieldKind, Index, IndexAlgorithm, NativeType, OperatorClass, ScalarFieldType};

const fn t(
    name: &'static str,
    scalar_types: &'static [ScalarType],
    min_args: usize,
    max_args: usize,
) -> NativeTypeSpec {
    NativeTypeSpec {
        name,
        scalar_types,
        min_args,
        max_args,
    }
}

pub(crate) const NATIVE_TYPES: &[NativeTypeSpec] = &[
    t("SmallInt", &[Int], 0, 0),
    t("Integer", &[Int], 0, 0),
    t("BigInt", &[BigInt], 0, 0),
    t("Decimal", &[Decimal], 0, 2),
    t("Money", &[Decimal], 0, 0),
    t("Inet", &[String], 0, 0),
    t("Oid", &[Int], 0, 0),
    t("Citext", &[String], 0, 0),
    t("Real", &[Float], 0, 0),
    t("DoublePrecision", &[Float], 0, 0),
    t("VarChar", &[String], 0, 1),
    t("Char", &[String], 0, 1),
    t("Text", &[String], 0, 0),
    t("ByteA", &[Bytes], 0, 0),
    t("Timestamp", &[DateTime], 0, 1),
    t("Timestamptz", &[DateTime], 0, 1),
    t("Date", &[DateTime], 0, 0),
    t("Time", &[DateTime], 0, 1),
    t("Timetz", &[DateTime], 0, 1),
    t("Boolean", &[Boolean], 0, 0),
    t("Bit", &[String], 0, 1),
    t("VarBit", &[String], 0, 1),
    t("Uuid", &[String], 0, 0),
    t("Xml", &[String], 0, 0),
    t("Json", &[Json], 0, 0),
    t("JsonB", &[Json], 0, 0),
];

/// Argument ranges beyond the count (precision limits).
pub(crate) fn check_native_arguments(ctx: &mut Ctx<'_>, native: &NativeType) {
    let args: Vec<u32> = native.args.iter().filter_map(|a| a.parse().ok()).collect();
    match (native.name.as_str(), args.as_slice()) {
        ("Timestamp" | "Timestamptz" | "Time" | "Timetz", [p]) if *p > 6 => ctx.error(
            format!(
                "Argument M is out of range for native type `{}({p})` of Postgres: M can range from 0 to 6.",
                native.name
            ),
            native.span,
        ),
        ("Decimal", [p, s]) if s > p => ctx.error(
            format!(
                "Argument M is out of range for native type `Decimal({p},{s})` of Postgres: The scale must not be larger than the precision."
            ),
            native.span,
        ),
        _ => {}
    }
}

/// What an operator class needs of its column.
struct OpClass {
    name: &'static str,
    algorithm: IndexAlgorithm,
    /// The Prisma type the field must have (checked first).
    scalar: Option<ScalarType>,
    /// Native types it supports.
    natives: &'static [&'static str],
    /// Whether a native type is required (otherwise none is also fine).
    native_required: bool,
    /// Whether the field must be a list.
    list: bool,
}

const fn op(
    name: &'static str,
    algorithm: IndexAlgorithm,
    scalar: Option<ScalarType>,
    natives: &'static [&'static str],
    native_required: bool,
) -> OpClass {
    OpClass {
        name,
        algorithm,
        scalar,
        natives,
        native_required,
        list: false,
    }
}

use IndexAlgorithm::{Brin, Gin, Gist, SpGist};

const OP_CLASSES: &[OpClass] = &[
    op("InetOps", Gist, None, &["Inet"], true),
    OpClass {
        name: "ArrayOps",
        algorithm: Gin,
        scalar: None,
        natives: &[],
        native_required: false,
        list: true,
    },
    op("JsonbOps", Gin, Some(Json), &["JsonB"], false),
    op("JsonbPathOps", Gin, Some(Json), &["JsonB"], false),
    op("InetOps", SpGist, None, &["Inet"], true),
    op(
        "TextOps",
        SpGist,
        Some(String),
        &["Text", "VarChar", "Char"],
        false,
    ),
    op("BitMinMaxOps", Brin, None, &["Bit"], true),
    op("VarBitMinMaxOps", Brin, None, &["VarBit"], true),
    op("BpcharBloomOps", Brin, None, &["Char"], true),
    op("BpcharMinMaxOps", Brin, None, &["Char"], true),
    op("ByteaBloomOps", Brin, Some(Bytes), &["ByteA"], false),
    op("ByteaMinMaxOps", Brin, Some(Bytes), &["ByteA"], false),
    op("DateBloomOps", Brin, None, &["Date"], true),
    op("DateMinMaxOps", Brin, None, &["Date"], true),
    op("DateMinMaxMultiOps", Brin, None, &["Date"], true),
    op("Float4BloomOps", Brin, None, &["Real"], true),
    op("Float4MinMaxOps", Brin, None, &["Real"], true),
    op("Float4MinMaxMultiOps", Brin, None, &["Real"], true),
    op(
        "Float8BloomOps",
        Brin,
        Some(Float),
        &["DoublePrecision"],
        false,
    ),
    op(
        "Float8MinMaxOps",
        Brin,
        Some(Float),
        &["DoublePrecision"],
        false,
    ),
    op(
        "Float8MinMaxMultiOps",
        Brin,
        Some(Float),
        &["DoublePrecision"],
        false,
    ),
    op("InetBloomOps", Brin, None, &["Inet"], true),
    op("InetInclusionOps", Brin, None, &["Inet"], true),
    op("InetMinMaxOps", Brin, None, &["Inet"], true),
    op("InetMinMaxMultiOps", Brin, None, &["Inet"], true),
    op("Int2BloomOps", Brin, None, &["SmallInt"], true),
    op("Int2MinMaxOps", Brin, None, &["SmallInt"], true),
    op("Int2MinMaxMultiOps", Brin, None, &["SmallInt"], true),
    op("Int4BloomOps", Brin, Some(Int), &["Integer"], false),
    op("Int4MinMaxOps", Brin, Some(Int), &["Integer"], false),
    op("Int4MinMaxMultiOps", Brin, Some(Int), &["Integer"], false),
    op("Int8BloomOps", Brin, Some(BigInt), &["BigInt"], false),
    op("Int8MinMaxOps", Brin, Some(BigInt), &["BigInt"], false),
    op("Int8MinMaxMultiOps", Brin, Some(BigInt), &["BigInt"], false),
    op("NumericBloomOps", Brin, Some(Decimal), &["Decimal"], false),
    op("NumericMinMaxOps", Brin, Some(Decimal), &["Decimal"], false),
    op(
        "NumericMinMaxMultiOps",
        Brin,
        Some(Decimal),
        &["Decimal"],
        false,
    ),
    op("OidBloomOps", Brin, None, &["Oid"], true),
    op("OidMinMaxOps", Brin, None, &["Oid"], true),
    op("OidMinMaxMultiOps", Brin, None, &["Oid"], true),
    op(
        "TextBloomOps",
        Brin,
        Some(String),
        &["Text", "VarChar"],
        false,
    ),
    op(
        "TextMinMaxOps",
        Brin,
        Some(String),
        &["Text", "VarChar"],
        false,
    ),
    op(
        "TimestampBloomOps",
        Brin,
        Some(DateTime),
        &["Timestamp"],
        false,
    ),
    op(
        "TimestampMinMaxOps",
        Brin,
        Some(DateTime),
        &["Timestamp"],
        false,
    ),
    op(
        "TimestampMinMaxMultiOps",
        Brin,
        Some(DateTime),
        &["Timestamp"],
        false,
    ),
    op("TimestampTzBloomOps", Brin, None, &["Timestamptz"], true),
    op("TimestampTzMinMaxOps", Brin, None, &["Timestamptz"], true),
    op(
        "TimestampTzMinMaxMultiOps",
        Brin,
        None,
        &["Timestamptz"],
        true,
    ),
    op("TimeBloomOps", Brin, None, &["Time"], true),
    op("TimeMinMaxOps", Brin, None, &["Time"], true),
    op("TimeMinMaxMultiOps", Brin, None, &["Time"], true),
    op("TimeTzBloomOps", Brin, None, &["Timetz"], true),
    op("TimeTzMinMaxOps", Brin, None, &["Timetz"], true),
    op("TimeTzMinMaxMultiOps", Brin, None, &["Timetz"], true),
    op("UuidBloomOps", Brin, None, &["Uuid"], true),
    op("UuidMinMaxOps", Brin, None, &["Uuid"], true),
    op("UuidMinMaxMultiOps", Brin, None, &["Uuid"], true),
];

/// Checks an index's `type:` against its columns and operator classes.
pub(crate) fn check_index(ctx: &mut Ctx<'_>, index: &Index) {
    let Some(algorithm) = index.algorithm else {
        if index.fields.iter().any(|f| f.operator_class.is_some()) {
            ctx.attribute_error(
                "@index",
                "Operator classes can only be defined to fields in an index with a specific type.",
                index.span,
            );
        }
        return;
    };
    if algorithm == SpGist && index.fields.len() > 1 {
        ctx.attribute_error(
            "@index",
            "SpGist does not support multi-column indices.",
            index.span,
        );
        return;
    }
    for f in &index.fields {
        let field = &ctx.schema.fields[f.field.index()];
        let name = field.name.clone();
        let is_list = field.arity.is_list();
        let FieldKind::Scalar(s) = &field.kind else {
            continue;
        };
        let scalar = match s.field_type {
            ScalarFieldType::Builtin(t) => Some(t),
            _ => None,
        };
        let native = s.native_type.as_ref().map(|n| n.name.clone());
        let is_unsupported = matches!(s.field_type, ScalarFieldType::Unsupported(_));
        match &f.operator_class {
            Some(OperatorClass::Raw(_)) => {}
            Some(OperatorClass::Named(class)) => {
                let candidates: Vec<&OpClass> =
                    OP_CLASSES.iter().filter(|o| o.name == class).collect();
                if candidates.is_empty() {
                    ctx.attribute_error(
                        "@index",
                        format!("Unknown operator class `{class}`."),
                        index.span,
                    );
                    continue;
                }
                let Some(o) = candidates.iter().find(|o| o.algorithm == algorithm) else {
                    ctx.attribute_error(
                        "@index",
                        format!(
                            "The given operator class `{class}` is not supported with the `{}` index type.",
                            algorithm.as_str()
                        ),
                        index.span,
                    );
                    continue;
                };
                if o.list {
                    if !is_list {
                        ctx.attribute_error(
                            "@index",
                            format!("The given operator class `{class}` expects the type of the field `{name}` to be an array."),
                            index.span,
                        );
                    }
                    continue;
                }
                if let Some(required) = o.scalar
                    && scalar != Some(required)
                {
                    ctx.attribute_error(
                        "@index",
                        format!(
                            "The given operator class `{class}` points to the field `{name}` that is not of {} type.",
                            required.as_str()
                        ),
                        index.span,
                    );
                    continue;
                }
                match &native {
                    None if o.native_required => ctx.attribute_error(
                        "@index",
                        format!("The given operator class `{class}` expects the field `{name}` to define a valid native type."),
                        index.span,
                    ),
                    Some(n) if !o.natives.contains(&n.as_str()) => ctx.attribute_error(
                        "@index",
                        format!("The given operator class `{class}` does not support native type `{n}` of field `{name}`."),
                        index.span,
                    ),
                    _ => {}
                }
            }
            None => {
                let supported = match algorithm {
                    SpGist => {
                        scalar == Some(String)
                            && native
                                .as_deref()
                                .is_none_or(|n| ["Text", "VarChar", "Char", "Inet"].contains(&n))
                            || is_unsupported
                    }
                    Gin => is_list || scalar == Some(Json) || is_unsupported,
                    Gist => native.as_deref() == Some("Inet") || is_unsupported,
                    _ => true,
                };
                if !supported && algorithm == Gin && native.is_some() {
                    let type_name = native.clone().unwrap_or_default();
                    ctx.attribute_error(
                        "@index",
                        format!(
                            "The Gin index field type `{type_name}` has no default operator class."
                        ),
                        index.span,
                    );
                } else if !supported {
                    ctx.attribute_error(
                        "@index",
                        format!(
                            "The {} index type does not support the type of the field `{name}`.",
                            algorithm.as_str()
                        ),
                        index.span,
                    );
                }
            }
        }
    }
}
