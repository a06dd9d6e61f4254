//! Prisma's introspection warnings: the same groups, messages and item spellings, in the
//! same order, printed as one `*** WARNING ***` block.

use std::fmt;

/// The warnings of one pull, by group. Items are already spelled as Prisma lists them
/// (`"User"`, `Model: "User", field: "email"`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Fields commented out because their names sanitise to nothing: `(model, column)`.
    pub fields_with_empty_names: Vec<(String, String)>,
    /// Fields whose `@map` came from the previous schema.
    pub remapped_fields: Vec<String>,
    /// Enum values commented out because their names sanitise to nothing.
    pub enum_values_with_empty_names: Vec<String>,
    /// Models commented out because they have no columns.
    pub models_without_columns: Vec<String>,
    /// Models ignored for lack of a unique criterion.
    pub models_without_identifiers: Vec<String>,
    /// Models whose compound id name came from the previous schema.
    pub reintrospected_id_names: Vec<String>,
    /// Fields of types Prisma does not support.
    pub unsupported_types: Vec<String>,
    /// Models whose `@@map` came from the previous schema.
    pub remapped_models: Vec<String>,
    /// Enum values whose `@map` came from the previous schema.
    pub remapped_values: Vec<String>,
    /// Enums whose `@@map` came from the previous schema.
    pub remapped_enums: Vec<String>,
    /// Relations copied from the previous schema (`relationMode = "prisma"`), by related model.
    pub reintrospected_relations: Vec<String>,
    /// Models and enums renamed because their names repeat across namespaces.
    pub duplicate_names: Vec<String>,
    /// Partitioned tables.
    pub partition_tables: Vec<String>,
    /// Tables with row level security.
    pub row_level_security: Vec<String>,
    /// Check constraints.
    pub check_constraints: Vec<String>,
    /// Exclusion constraints.
    pub exclusion_constraints: Vec<String>,
    /// Constraints with non-default deferring.
    pub non_default_deferring: Vec<String>,
    /// Models and fields with database comments.
    pub objects_with_comments: Vec<String>,
    /// Expression indexes.
    pub expression_indexes: Vec<String>,
}

impl Warnings {
    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        *self == Warnings::default()
    }

    fn groups(&self) -> [(&'static str, &[String]); 18] {
        [
            (
                "These fields were enriched with `@map` information taken from the previous Prisma schema:",
                &self.remapped_fields,
            ),
            (
                "These enum values were commented out because their names are currently not supported by Prisma. Please provide valid ones that match [a-zA-Z][a-zA-Z0-9_]* using the `@map` attribute:",
                &self.enum_values_with_empty_names,
            ),
            (
                "The following models were commented out as we could not retrieve columns for them. Please check your privileges:",
                &self.models_without_columns,
            ),
            (
                "The following models were ignored as they do not have a valid unique identifier or id. This is currently not supported by Prisma Client:",
                &self.models_without_identifiers,
            ),
            (
                "These models were enriched with custom compound id names taken from the previous Prisma schema:",
                &self.reintrospected_id_names,
            ),
            (
                "These fields are not supported by Prisma Client, because Prisma currently does not support their types:",
                &self.unsupported_types,
            ),
            (
                "These models were enriched with `@@map` information taken from the previous Prisma schema:",
                &self.remapped_models,
            ),
            (
                "These enum values were enriched with `@map` information taken from the previous Prisma schema:",
                &self.remapped_values,
            ),
            (
                "These enums were enriched with `@@map` information taken from the previous Prisma schema:",
                &self.remapped_enums,
            ),
            (
                "Relations were copied from the previous data model due to not using foreign keys in the database. If any of the relation columns changed in the database, the relations might not be correct anymore:",
                &self.reintrospected_relations,
            ),
            (
                "These items were renamed due to their names being duplicates in the Prisma Schema Language:",
                &self.duplicate_names,
            ),
            (
                "These tables are partition tables, which are not yet fully supported:",
                &self.partition_tables,
            ),
            (
                "These tables contain row level security, which is not yet fully supported. Read more: https://pris.ly/d/row-level-security",
                &self.row_level_security,
            ),
            (
                "These constraints are not supported by Prisma Client, because Prisma currently does not fully support check constraints. Read more: https://pris.ly/d/check-constraints",
                &self.check_constraints,
            ),
            (
                "These constraints are not supported by Prisma Client, because Prisma currently does not fully support exclusion constraints. Read more: https://pris.ly/d/exclusion-constraints",
                &self.exclusion_constraints,
            ),
            (
                "These primary key, foreign key or unique constraints are using non-default deferring in the database, which is not yet fully supported. Read more: https://pris.ly/d/constraint-deferring",
                &self.non_default_deferring,
            ),
            (
                "These objects have comments defined in the database, which is not yet fully supported. Read more: https://pris.ly/d/database-comments",
                &self.objects_with_comments,
            ),
            (
                "These indexes are not supported by Prisma Client, because Prisma currently does not fully support expression indexes. Read more: https://pris.ly/d/expression-indexes",
                &self.expression_indexes,
            ),
        ]
    }
}

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** WARNING ***\n")?;
        if !self.fields_with_empty_names.is_empty() {
            // Grouped by model: `- Model: "A", field(s): ["1", "2"]`.
            writeln!(f)?;
            writeln!(
                f,
                "These fields were commented out because their names are currently not supported by Prisma. Please provide valid ones that match [a-zA-Z][a-zA-Z0-9_]* using the `@map` attribute:"
            )?;
            let mut sorted = self.fields_with_empty_names.clone();
            sorted.sort();
            sorted.dedup();
            let mut k = 0;
            while k < sorted.len() {
                let model = &sorted[k].0;
                let fields: Vec<String> = sorted[k..]
                    .iter()
                    .take_while(|(m, _)| m == model)
                    .map(|(_, c)| format!("\"{c}\""))
                    .collect();
                k += fields.len();
                writeln!(
                    f,
                    "  - Model: \"{model}\", field(s): [{}]",
                    fields.join(", ")
                )?;
            }
        }
        for (message, items) in self.groups() {
            if items.is_empty() {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "{message}")?;
            for item in items {
                writeln!(f, "  - {item}")?;
            }
        }
        Ok(())
    }
}

/// `"User"`.
pub(crate) fn model(name: &str) -> String {
    format!("\"{name}\"")
}

/// `Model: "User", field: "email"`.
pub(crate) fn model_field(model: &str, field: &str) -> String {
    format!("Model: \"{model}\", field: \"{field}\"")
}

/// `Model: "User", constraint: "User_email_key"`.
pub(crate) fn model_constraint(model: &str, constraint: &str) -> String {
    format!("Model: \"{model}\", constraint: \"{constraint}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_prisma() {
        let w = Warnings {
            models_without_identifiers: vec![model("Log")],
            unsupported_types: vec![format!(
                "{}, original data type: \"tsvector\"",
                model_field("Doc", "search")
            )],
            ..Warnings::default()
        };
        assert_eq!(
            w.to_string(),
            "*** WARNING ***\n\nThe following models were ignored as they do not have a valid unique identifier or id. This is currently not supported by Prisma Client:\n  - \"Log\"\n\nThese fields are not supported by Prisma Client, because Prisma currently does not support their types:\n  - Model: \"Doc\", field: \"search\", original data type: \"tsvector\"\n"
        );
        assert!(Warnings::default().is_empty());
    }
}
