//! The migration engine's benchmarks, each against a baseline measured in the same run (so
//! the ratio holds whatever the machine's load). Run:
//!
//! ```text
//! REFRACT_TEST_POSTGRES_URL=postgresql://… cargo bench -p cli --bench migrate
//! ```
//!
//! One line per measurement: `name refract=… baseline=… ratio=…` (milliseconds; best of the
//! runs, the two sides alternating).
//!
//! - `diff+render` of a generated 1,000-model schema against an edited copy (columns added,
//!   dropped, made optional, retyped; indexes added and dropped; relations added and dropped;
//!   a model dropped), SQLite and PostgreSQL flavours, from the two SQL schemas to the
//!   script. Baseline: parsing and validating the two schemas, the least any tool must do to
//!   read its input; the ratio is what the diff costs on top of that.
//! - `migrate diff --from-empty --to-schema <300 models> --script` through the release
//!   binary, wall time. Baseline: `refract validate` of the same schema (process start,
//!   read, parse, validate). Prisma's CLI takes about 2 s here; the target is a tenth.
//! - `migrate deploy` of a generated 800-migration history through the release binary on the
//!   PostgreSQL server of `REFRACT_TEST_POSTGRES_URL` (skipped with a message when unset).
//!   Baseline: the same SQL run with tokio-postgres, one transaction per migration, without
//!   the `_prisma_migrations` bookkeeping. Prisma takes about 5 s for a real history of that
//!   length.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use diagnostics::SourceFiles;

const RUNS: usize = 5;

fn main() {
    diff_and_render();
    cli_diff_from_empty();
    deploy_history();
}

/// Prints one measurement line.
fn report(name: &str, refract: Duration, baseline: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name} refract={:.1}ms baseline={:.1}ms ratio={:.2}",
        ms(refract),
        ms(baseline),
        ms(refract) / ms(baseline)
    );
}

/// Best of `RUNS` for each side, alternating them.
fn best_of(
    mut refract: impl FnMut() -> Duration,
    mut baseline: impl FnMut() -> Duration,
) -> (Duration, Duration) {
    let (mut r, mut b) = (Duration::MAX, Duration::MAX);
    for _ in 0..RUNS {
        r = r.min(refract());
        b = b.min(baseline());
    }
    (r, b)
}

/// A schema of `n` models. Model `i` has scalar columns, a unique column, a relation to the
/// previous model and an index. The edited copy changes every tenth model in each of these
/// ways, in turn: a new column with an index (i % 10 == 0), a dropped unique column
/// (== 2), a column made optional (== 4), a column retyped (== 6), a new relation to model 0
/// (== 8); model 5 of every fifty loses its relation to the previous model, and the last
/// model is dropped.
fn generated_schema(provider: &str, n: usize, edited: bool) -> String {
    let mut out = format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n");
    let models = if edited { n - 1 } else { n };
    for i in 0..models {
        let kind = if edited { i % 10 } else { usize::MAX };
        let drops_relation = edited && i % 50 == 5;
        out.push_str(&format!(
            "model M{i} {{\n  id        Int      @id @default(autoincrement())\n"
        ));
        out.push_str(if kind == 4 {
            "  name      String?\n"
        } else {
            "  name      String\n"
        });
        if kind != 2 {
            out.push_str("  email     String   @unique\n");
        }
        out.push_str(if kind == 6 {
            "  score     BigInt\n"
        } else {
            "  score     Int\n"
        });
        out.push_str("  createdAt DateTime @default(now())\n");
        if kind == 0 {
            out.push_str("  extra     Int      @default(0)\n");
        }
        if i > 0 && !drops_relation {
            out.push_str(&format!(
                "  parent    M{}      @relation(\"P{i}\", fields: [parentId], references: [id])\n  parentId  Int\n",
                i - 1
            ));
        }
        let next = i + 1;
        if next < models && !(edited && next % 50 == 5) {
            out.push_str(&format!("  children  M{next}[]   @relation(\"P{next}\")\n"));
        }
        if kind == 8 {
            out.push_str(&format!(
                "  root      M0?      @relation(\"R{i}\", fields: [rootId], references: [id])\n  rootId    Int?\n"
            ));
        }
        if i == 0 && edited {
            for j in (8..models).step_by(10) {
                out.push_str(&format!("  rooted{j}  M{j}[]    @relation(\"R{j}\")\n"));
            }
        }
        if kind == 0 {
            out.push_str("  @@index([extra, createdAt])\n");
        }
        if kind != 0 {
            out.push_str("  @@index([name])\n");
        }
        out.push_str("}\n\n");
    }
    out
}

fn validated(text: &str) -> schema::ValidatedSchema {
    let (schema, diagnostics) =
        schema::validate(&SourceFiles::single("schema.prisma", text.to_owned()));
    let errors: Vec<&str> = diagnostics
        .errors()
        .map(|e| e.message.as_str())
        .take(3)
        .collect();
    assert!(errors.is_empty(), "generated schema is invalid: {errors:?}");
    schema
}

fn diff_and_render() {
    for provider in ["sqlite", "postgresql"] {
        let before_text = generated_schema(provider, 1000, false);
        let after_text = generated_schema(provider, 1000, true);
        let before_ir = validated(&before_text);
        let after_ir = validated(&after_text);
        let dialect = migrate::dialect_of(&before_ir).expect("a dialect");
        let before = migrate::calculate(&before_ir, dialect);
        let after = migrate::calculate(&after_ir, dialect);
        let script = migrate::diff_to_script(&before, &after, dialect);
        let expected: &[&str] = if provider == "sqlite" {
            // SQLite rebuilds a table to drop or retype a column or add a foreign key.
            &["\"new_M", "CREATE INDEX", "DROP TABLE"]
        } else {
            &[
                "ADD COLUMN",
                "DROP COLUMN",
                "SET DATA TYPE BIGINT",
                "DROP NOT NULL",
                "ADD CONSTRAINT",
                "DROP CONSTRAINT",
                "CREATE INDEX",
                "DROP INDEX",
                "DROP TABLE",
            ]
        };
        for statement in expected {
            assert!(
                script.contains(statement),
                "{provider}: the edit must give `{statement}`"
            );
        }
        let (refract, baseline) = best_of(
            || {
                let start = Instant::now();
                let script = migrate::diff_to_script(&before, &after, dialect);
                let took = start.elapsed();
                std::hint::black_box(script);
                took
            },
            || {
                let start = Instant::now();
                std::hint::black_box(validated(&before_text));
                std::hint::black_box(validated(&after_text));
                start.elapsed()
            },
        );
        report(
            &format!("diff+render/1000-models/{provider} (baseline: parse+validate both schemas)"),
            refract,
            baseline,
        );
    }
}

fn refract(args: &[&str], dir: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("CI", "1")
        .output()
        .expect("run refract");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "refract {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn cli_diff_from_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    for provider in ["sqlite", "postgresql"] {
        let file = format!("{provider}.prisma");
        std::fs::write(
            dir.path().join(&file),
            generated_schema(provider, 300, false),
        )
        .expect("write schema");
        let (r, b) = best_of(
            || {
                refract(
                    &[
                        "migrate",
                        "diff",
                        "--from-empty",
                        "--to-schema",
                        &file,
                        "--script",
                    ],
                    dir.path(),
                )
            },
            || refract(&["validate", "--schema", &file], dir.path()),
        );
        report(
            &format!(
                "cli/migrate-diff-from-empty/300-models/{provider} (baseline: refract validate; Prisma ~2000ms)"
            ),
            r,
            b,
        );
    }
}

/// Migration `i` of the generated history: a table, its unique index, and from the second on
/// a foreign key to the previous table.
fn migration_sql(i: usize) -> String {
    let mut sql = format!(
        "-- CreateTable\nCREATE TABLE \"Model{i}\" (\n    \"id\" SERIAL NOT NULL,\n    \"name\" TEXT NOT NULL,\n    \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    \"parentId\" INTEGER,\n\n    CONSTRAINT \"Model{i}_pkey\" PRIMARY KEY (\"id\")\n);\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"Model{i}_name_key\" ON \"Model{i}\"(\"name\");\n"
    );
    if i > 0 {
        sql.push_str(&format!(
            "\n-- AddForeignKey\nALTER TABLE \"Model{i}\" ADD CONSTRAINT \"Model{i}_parentId_fkey\" FOREIGN KEY (\"parentId\") REFERENCES \"Model{}\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE;\n",
            i - 1
        ));
    }
    sql
}

fn deploy_history() {
    const MIGRATIONS: usize = 800;
    let Ok(base) = std::env::var("REFRACT_TEST_POSTGRES_URL") else {
        println!("deploy/800-migrations/postgresql skipped: REFRACT_TEST_POSTGRES_URL not set");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let prisma = dir.path().join("prisma");
    let migrations = prisma.join("migrations");
    std::fs::create_dir_all(&migrations).expect("migrations dir");
    std::fs::write(
        prisma.join("schema.prisma"),
        "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n",
    )
    .expect("schema");
    std::fs::write(
        migrations.join("migration_lock.toml"),
        "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = \"postgresql\"\n",
    )
    .expect("lock file");
    let scripts: Vec<String> = (0..MIGRATIONS).map(migration_sql).collect();
    for (i, script) in scripts.iter().enumerate() {
        let folder = migrations.join(format!("2024{i:010}_model_{i}"));
        std::fs::create_dir_all(&folder).expect("migration dir");
        std::fs::write(folder.join("migration.sql"), script).expect("migration");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let database = |side: &str| format!("refract_bench_deploy_{side}_{}", std::process::id());
    let url_of = |db: &str| {
        let (prefix, rest) = base.rsplit_once('/').expect("a URL with a database");
        let query = rest
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        format!("{prefix}/{db}{query}")
    };
    let admin = |statement: String| {
        runtime.block_on(async {
            let (client, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
                .await
                .expect("connect to REFRACT_TEST_POSTGRES_URL");
            let task = tokio::spawn(conn);
            client
                .batch_execute(&statement)
                .await
                .expect("admin statement");
            drop(client);
            let _ = task.await;
        });
    };
    let fresh = |db: &str| {
        admin(format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
        admin(format!("CREATE DATABASE \"{db}\""));
    };
    let refract_db = database("refract");
    let baseline_db = database("baseline");
    let (r, b) = best_of(
        || {
            fresh(&refract_db);
            let start = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_refract"))
                .args(["migrate", "deploy"])
                .current_dir(dir.path())
                .env("DATABASE_URL", url_of(&refract_db))
                .env("CI", "1")
                .output()
                .expect("run refract");
            let took = start.elapsed();
            assert!(
                out.status.success(),
                "migrate deploy: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            took
        },
        || {
            fresh(&baseline_db);
            let url = url_of(&baseline_db);
            let start = Instant::now();
            runtime.block_on(async {
                let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                    .await
                    .expect("connect");
                let task = tokio::spawn(conn);
                for script in &scripts {
                    client
                        .batch_execute(&format!("BEGIN;\n{script}\nCOMMIT;"))
                        .await
                        .expect("migration");
                }
                drop(client);
                let _ = task.await;
            });
            start.elapsed()
        },
    );
    admin(format!(
        "DROP DATABASE IF EXISTS \"{refract_db}\" WITH (FORCE)"
    ));
    admin(format!(
        "DROP DATABASE IF EXISTS \"{baseline_db}\" WITH (FORCE)"
    ));
    report(
        "deploy/800-migrations/postgresql (baseline: the same SQL on tokio-postgres, one transaction each, no bookkeeping; Prisma ~5000ms)",
        r,
        b,
    );
}
