//! Scale checks: diff + render of a 1,000-model schema against an edited copy, and
//! `from_empty` of a 300-model schema, must stay fast (milliseconds in release; the bounds
//! here are generous for debug builds on a loaded machine, and catch quadratic blow-ups).

use std::time::{Duration, Instant};

use diagnostics::SourceFiles;
use schema::Provider;

/// A schema of `n` models, each related to the previous one; `edited` changes every 10th
/// model (new column, optional column, new index) and drops the last model.
fn generated_schema(provider: &str, n: usize, edited: bool) -> String {
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n");
    let models = if edited { n - 1 } else { n };
    for i in 0..models {
        let changed = edited && i % 10 == 0;
        out.push_str(&format!(
            "model M{i} {{\n  id Int @id @default(autoincrement())\n"
        ));
        out.push_str(if changed {
            "  name String?\n"
        } else {
            "  name String\n"
        });
        out.push_str("  email String @unique\n  createdAt DateTime @default(now())\n");
        if changed {
            out.push_str("  extra Int @default(0)\n");
        }
        if i > 0 {
            out.push_str(&format!(
                "  parent M{} @relation(\"P{i}\", fields: [parentId], references: [id])\n  parentId Int\n",
                i - 1
            ));
        }
        if i + 1 < models {
            out.push_str(&format!(
                "  children M{}[] @relation(\"P{}\")\n",
                i + 1,
                i + 1
            ));
        }
        if changed {
            out.push_str("  @@index([name, createdAt])\n");
        }
        out.push_str("}\n\n");
    }
    out
}

fn validated(text: String) -> schema::ValidatedSchema {
    let (schema, diagnostics) = schema::validate(&SourceFiles::single("schema.prisma", text));
    let errors: Vec<&str> = diagnostics
        .errors()
        .map(|e| e.message.as_str())
        .take(3)
        .collect();
    assert!(errors.is_empty(), "generated schema is invalid: {errors:?}");
    schema
}

fn limit() -> Duration {
    // Debug builds are ~10-30x slower than release; the machine is shared.
    Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 1 })
}

#[test]
fn diff_and_render_of_a_thousand_models_against_an_edited_copy() {
    for provider in ["sqlite", "postgresql"] {
        let dialect = migrate::for_provider(Provider::from_name(provider).expect("provider"));
        let before =
            migrate::calculate(&validated(generated_schema(provider, 1000, false)), dialect);
        let after = migrate::calculate(&validated(generated_schema(provider, 1000, true)), dialect);
        let start = Instant::now();
        let script = migrate::diff_to_script(&before, &after, dialect);
        let elapsed = start.elapsed();
        println!(
            "{provider}: diff + render of 1000 models: {elapsed:?} ({} bytes)",
            script.len()
        );
        assert!(
            script.contains("M999"),
            "the dropped model is in the script"
        );
        assert!(
            elapsed < limit(),
            "{provider}: diff + render took {elapsed:?}"
        );
    }
}

#[test]
fn from_empty_of_three_hundred_models() {
    for provider in ["sqlite", "postgresql"] {
        let text = generated_schema(provider, 300, false);
        let validation = Instant::now();
        let schema = validated(text);
        let validation = validation.elapsed();
        let start = Instant::now();
        let script = migrate::from_empty(&schema).expect("supported provider");
        let elapsed = start.elapsed();
        println!(
            "{provider}: from-empty of 300 models: {elapsed:?} after {validation:?} of validation ({} bytes)",
            script.len()
        );
        assert_eq!(script.matches("-- CreateTable").count(), 300);
        assert!(elapsed < limit(), "{provider}: from-empty took {elapsed:?}");
    }
}
