//! PostgreSQL extensions, diffed as Prisma's differ does: an extension of the next schema
//! that the previous one lacks is created; one on both sides whose version or schema differs
//! (each compared only when both sides say it) is updated in place when either side can be
//! relocated, and dropped and created again otherwise; an extension only the previous schema
//! has is left alone (Prisma never drops one).

use crate::model::{Extension, ExtensionId, SqlSchema};
use crate::steps::{AlterExtension, MigrationStep, Pair};

/// Whether two extensions of the same name agree, an empty version or schema matching any.
fn extensions_match(a: &Extension, b: &Extension) -> bool {
    let same = |x: &str, y: &str| x == y || x.is_empty() || y.is_empty();
    a.name == b.name && same(&a.version, &b.version) && same(&a.schema, &b.schema)
}

/// Pushes the extension steps between `schemas` onto `steps`.
pub(crate) fn push_extension_steps(schemas: Pair<&SqlSchema>, steps: &mut Vec<MigrationStep>) {
    let id = |i: usize| ExtensionId(i as u32);
    for (n, next) in schemas.next.extensions.iter().enumerate() {
        let previous = schemas
            .previous
            .extensions
            .iter()
            .position(|p| p.name == next.name);
        let Some(p) = previous else {
            steps.push(MigrationStep::CreateExtension(id(n)));
            continue;
        };
        let prev = &schemas.previous.extensions[p];
        if extensions_match(prev, next) {
            continue;
        }
        if prev.relocatable || next.relocatable {
            let differs = |x: &str, y: &str| !x.is_empty() && !y.is_empty() && x != y;
            steps.push(MigrationStep::AlterExtension(AlterExtension {
                extensions: Pair::new(id(p), id(n)),
                update_version: differs(&prev.version, &next.version),
                set_schema: differs(&prev.schema, &next.schema),
            }));
        } else {
            steps.push(MigrationStep::DropExtension(id(p)));
            steps.push(MigrationStep::CreateExtension(id(n)));
        }
    }
}

impl SqlSchema {
    /// The extension with this id.
    pub fn extension(&self, id: ExtensionId) -> &Extension {
        &self.extensions[id.0 as usize]
    }

    /// The same schema without extensions (what Prisma compares when the schema does not
    /// enable `postgresqlExtensions`).
    pub fn without_extensions(mut self) -> SqlSchema {
        self.extensions.clear();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;
    use crate::differ::DifferFlavour;

    struct Pg;
    impl DifferFlavour for Pg {
        fn column_type_change(
            &self,
            _: Pair<crate::ColumnWalker<'_>>,
        ) -> Option<crate::ColumnTypeChange> {
            None
        }
    }

    fn ext(name: &str, schema: &str, version: &str, relocatable: bool) -> Extension {
        Extension {
            name: name.into(),
            schema: schema.into(),
            version: version.into(),
            relocatable,
        }
    }

    fn with(exts: Vec<Extension>) -> SqlSchema {
        SqlSchema {
            extensions: exts,
            ..SqlSchema::default()
        }
    }

    #[test]
    fn created_altered_recreated_and_never_dropped() {
        let previous = with(vec![
            ext("citext", "public", "1.6", true),
            ext("hstore", "public", "1.7", false),
            ext("plpgsql", "pg_catalog", "1.0", false),
            ext("pg_trgm", "public", "1.6", true),
        ]);
        let next = with(vec![
            ext("vector", "", "", false),
            ext("citext", "", "1.5", false),
            ext("hstore", "", "1.8", false),
            ext("pg_trgm", "", "", false),
        ]);
        let steps = diff(&previous, &next, &Pg).steps;
        assert_eq!(
            steps,
            vec![
                MigrationStep::DropExtension(ExtensionId(1)),
                MigrationStep::CreateExtension(ExtensionId(0)),
                MigrationStep::CreateExtension(ExtensionId(2)),
                MigrationStep::AlterExtension(AlterExtension {
                    extensions: Pair::new(ExtensionId(0), ExtensionId(1)),
                    update_version: true,
                    set_schema: false,
                }),
            ]
        );
        // Unchanged, or said nowhere: nothing to do.
        assert!(diff(&previous, &previous, &Pg).steps.is_empty());
        assert!(diff(&next, &SqlSchema::default(), &Pg).steps.is_empty());
    }
}
