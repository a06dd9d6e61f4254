//! Generated clients compile with no warning, from rustc or clippy (`-D warnings`, no blanket
//! `allow`), for every schema we can find:
//!
//! - adversarial schemas (a property test), in the default and the compact form: every Rust keyword (strict, reserved, weak) and
//!   prelude name, the names the generated code itself uses, names differing only by case or
//!   underscores, non-ASCII names Prisma accepts, as models, enums, enum values, scalar and
//!   relation fields and compound keys; fixed ones, and random ones from a seed (printed; set
//!   `CLIENT_GEN_SEED` to replay one);
//! - the real-world schemas of the conformance data (`conformance/realworld/*/schema.prisma`)
//!   and of `tests/realworld/` (public projects, see its SOURCES.md).
//!
//! Every client is generated into a module of one crate, `generated-clients`, in the workspace's
//! target directory (`target/generated-clients`), which depends on the `client` crate by path and
//! shares the workspace's target directory and `Cargo.lock`, so only that crate is rebuilt.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Rust's keywords: strict, reserved, edition-dependent and weak.
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "union",
    "macro_rules",
    "raw",
    "safe",
];

/// Names of Rust's prelude and std, and names the generated code or the runtime uses.
const PRELUDE: &[&str] = &[
    "From",
    "Into",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "Box",
    "Default",
    "Iterator",
    "IntoIterator",
    "Send",
    "Sync",
    "Copy",
    "Clone",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Sized",
    "Unpin",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Debug",
    "Hash",
    "AsRef",
    "AsMut",
    "Extend",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "std",
    "core",
    "alloc",
    "client",
    "vec",
    "format",
    "Models",
    "Shape",
    "Full",
    "META",
    "Model",
    "Value",
    "Related",
    "Delegate",
    "Executor",
    "Exec",
    "I0",
    "I1",
    "P0",
    "E",
    "S",
    "O",
    "create",
    "create_linked",
    "update_data",
    "include",
    "select",
    "omit",
    "all",
    "data",
    "data_linked",
    "connect",
    "executor",
    "transaction",
    "into",
    "row",
    "field",
    "v",
    "name",
    "id",
    "Omitted",
    "Slot",
    "Nil",
    "Cons",
    "First",
    "Next",
    "Unique",
    "Filter",
    "Set",
    "Link",
];

/// Names Prisma accepts that need more than an ASCII lower-casing.
const UNICODE: &[&str] = &[
    "Käse",
    "käse",
    "KÄSE",
    "用户",
    "ユーザー",
    "Пользователь",
    "ñandú",
    "straße",
    "Ωmega",
    "naïve",
    "ǅemal",
    "x-y",
    "a-B",
];

/// Names differing only by case or underscores.
const LOOKALIKES: &[&str] = &[
    "createdAt",
    "created_at",
    "CreatedAt",
    "CREATED_AT",
    "created__at",
    "createdAT",
    "Created_At",
    "createdat",
    "credentialId",
    "credential_id",
    "key",
    "credentialIdKey",
    "credential_id_key",
    "userId",
    "UserID",
    "user_id",
    "ID",
    "Id",
    "iD",
    "HTTPStatus",
    "httpStatus",
    "http_status",
];

/// Prisma's scalar type names cannot name a model or enum.
const SCALARS: &[&str] = &[
    "Int",
    "BigInt",
    "Float",
    "Decimal",
    "String",
    "Boolean",
    "DateTime",
    "Json",
    "Bytes",
    "Unsupported",
];

fn pool() -> Vec<&'static str> {
    let mut out: Vec<&str> = KEYWORDS
        .iter()
        .chain(PRELUDE)
        .chain(UNICODE)
        .chain(LOOKALIKES)
        .copied()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

const HEADER: &str = "datasource db {\n  provider = \"sqlite\"\n}\n\n";

/// Every pool name as a model (every fourth with a relation to the next), and every pool name
/// as an enum (one of them with the whole pool as values).
fn names_as_types() -> Vec<(String, String)> {
    let names: Vec<&str> = pool()
        .into_iter()
        .filter(|n| !SCALARS.contains(n) && *n != "PrismaClient")
        .collect();
    let mut models = HEADER.to_owned();
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(models, "model {n} {{\n  id Int @id");
        if i % 4 == 0 && i + 1 < names.len() {
            let _ = writeln!(
                models,
                "  nextId Int?\n  next {} @relation(\"r{i}\", fields: [nextId], references: [id])",
                format_args!("{}?", names[i + 1])
            );
        }
        if i % 4 == 1 {
            let _ = writeln!(
                models,
                "  prev {}[] @relation(\"r{}\")",
                names[i - 1],
                i - 1
            );
        }
        models.push_str("}\n\n");
    }
    let mut enums = HEADER.to_owned();
    let _ = write!(
        enums,
        "enum AllValues {{\n  {}\n}}\n\n",
        pool().join("\n  ")
    );
    for n in names.iter().filter(|n| **n != "AllValues") {
        let _ = write!(enums, "enum {n} {{\n  A\n  b\n}}\n\n");
    }
    // Models of at most 60 fields: the `omit` machinery's type-level lists overflow rustc's
    // default recursion limit at about 120.
    for (c, chunk) in names.chunks(60).enumerate() {
        let _ = writeln!(enums, "model Holder{c} {{\n  id Int @id");
        for (i, n) in chunk.iter().enumerate() {
            let _ = writeln!(enums, "  e{i} {n}");
        }
        enums.push_str("}\n\n");
    }
    vec![
        ("names_as_models".to_owned(), models),
        ("names_as_enums".to_owned(), enums),
    ]
}

/// Every pool name as a scalar field (required ones are `create` parameters), as a to-one
/// relation field and as a list relation field, and compound keys over them.
fn names_as_fields() -> (String, String) {
    let names = pool();
    let mut s = HEADER.to_owned();
    // Models of at most 60 fields (see `names_as_types`).
    for (c, chunk) in names.chunks(60).enumerate() {
        let _ = writeln!(s, "model Holder{c} {{\n  pk Int @id");
        for (i, n) in chunk.iter().enumerate() {
            let ty = if i % 2 == 0 { "String" } else { "Int?" };
            let _ = writeln!(s, "  {n} {ty}");
            if i % 2 == 0 {
                let _ = writeln!(s, "  back{i} Rel{c}[] @relation(\"r{i}\")");
            }
        }
        for pair in chunk.chunks(2).filter(|p| p.len() == 2) {
            let _ = writeln!(s, "  @@unique([{}, {}])", pair[0], pair[1]);
        }
        for (a, b) in [
            ("createdAt", "created_at"),
            ("credentialId", "credential_id"),
        ] {
            if chunk.contains(&a) && chunk.contains(&b) && chunk.contains(&"key") {
                let _ = writeln!(s, "  @@unique([{a}, key])\n  @@unique([{b}, key])");
            }
        }
        let _ = writeln!(s, "}}\n\nmodel Rel{c} {{\n  pk Int @id");
        for (i, n) in chunk.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
            let opt = if i % 3 == 0 { "" } else { "?" };
            let _ = writeln!(
                s,
                "  {n} Holder{c}{opt} @relation(\"r{i}\", fields: [fk{i}], references: [pk])\n  fk{i} Int{opt}"
            );
        }
        s.push_str("}\n\n");
    }
    s.push_str(
        "model Keys {\n  pk Int @id\n  createdAt Int\n  created_at Int\n  credentialId Int\n  credential_id Int\n  key Int\n  credential_id_key Int\n  createdAtKey Int\n\
         @@unique([createdAt, key])\n  @@unique([created_at, key])\n  @@unique([credentialId, key])\n  @@unique([credential_id, key])\n  @@unique([key, createdAt])\n}\n",
    );
    ("names_as_fields".to_owned(), s)
}

use test_support::Rng;

/// A random variant of a name: as it is, or differing by case or underscores.
fn variant(rng: &mut Rng, name: &str) -> String {
    match rng.below(6) {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => {
            let mut c = name.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        3 if name.chars().count() > 2 => {
            let mut c = name.chars();
            let first = c.next().unwrap_or('x');
            format!("{first}_{}", c.as_str())
        }
        _ => name.to_owned(),
    }
}

fn is_identifier(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_alphabetic)
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// A random schema: models, enums, fields, relations and compound keys named from the pool.
fn random_schema(rng: &mut Rng) -> String {
    let pool = pool();
    let mut taken: Vec<String> = SCALARS.iter().map(|s| (*s).to_owned()).collect();
    taken.push("PrismaClient".to_owned());
    let fresh = |rng: &mut Rng, taken: &mut Vec<String>| loop {
        let name = {
            let n = rng.pick(&pool);
            variant(rng, n)
        };
        if is_identifier(&name) && !taken.contains(&name) {
            taken.push(name.clone());
            return name;
        }
    };
    let models: Vec<String> = (0..2 + rng.below(4))
        .map(|_| fresh(rng, &mut taken))
        .collect();
    let enums: Vec<String> = (0..1 + rng.below(2))
        .map(|_| fresh(rng, &mut taken))
        .collect();
    let mut s = HEADER.to_owned();
    for e in &enums {
        let mut values: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let v = {
                let n = rng.pick(&pool);
                variant(rng, n)
            };
            if is_identifier(&v) && !values.contains(&v) {
                values.push(v);
            }
        }
        if values.is_empty() {
            values.push("A".to_owned());
        }
        let _ = write!(s, "enum {e} {{\n  {}\n}}\n\n", values.join("\n  "));
    }
    // Relations: each from a model to an earlier one (or itself), with a back field.
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); models.len()];
    let mut used: Vec<Vec<String>> = vec![vec!["pk".to_owned()]; models.len()];
    let field_name = |rng: &mut Rng, used: &mut Vec<String>| loop {
        let name = {
            let n = rng.pick(&pool);
            variant(rng, n)
        };
        if is_identifier(&name) && !used.contains(&name) {
            used.push(name.clone());
            return name;
        }
    };
    let mut scalars: Vec<Vec<String>> = vec![Vec::new(); models.len()];
    for (m, model_fields) in fields.iter_mut().enumerate() {
        for _ in 0..1 + rng.below(6) {
            let name = field_name(rng, &mut used[m]);
            let ty = match rng.below(5) {
                0 => "String".to_owned(),
                1 => "Int?".to_owned(),
                2 => "DateTime @default(now())".to_owned(),
                3 => format!("{}?", enums[rng.below(enums.len())]),
                _ => "Boolean".to_owned(),
            };
            model_fields.push(format!("  {name} {ty}"));
            scalars[m].push(name);
        }
    }
    for r in 0..rng.below(4) {
        let from = rng.below(models.len());
        let to = rng.below(from + 1);
        let name = field_name(rng, &mut used[from]);
        let fk = format!("fk{r}");
        used[from].push(fk.clone());
        let back = field_name(rng, &mut used[to]);
        fields[from].push(format!(
            "  {name} {}? @relation(\"rel{r}\", fields: [{fk}], references: [pk])\n  {fk} Int?",
            models[to]
        ));
        fields[to].push(format!("  {back} {}[] @relation(\"rel{r}\")", models[from]));
    }
    for (m, name) in models.iter().enumerate() {
        let _ = write!(s, "model {name} {{\n  pk Int @id\n");
        for f in &fields[m] {
            let _ = writeln!(s, "{f}");
        }
        if scalars[m].len() >= 2 {
            let _ = writeln!(s, "  @@unique([{}, {}])", scalars[m][0], scalars[m][1]);
            let _ = writeln!(s, "  @@unique([pk, {}])", scalars[m][1]);
        }
        s.push_str("}\n\n");
    }
    s
}

/// The client for a schema; panics (naming the schema) when it is invalid, when the generator
/// leaves any of it out (#13: the real-world schemas, and the adversarial ones, have a client
/// for every field), or when it fails.
fn generate(label: &str, text: &str, compact: bool) -> String {
    let files = diagnostics::SourceFiles::single("schema.prisma", text);
    let (ir, diagnostics) = schema::validate(&files);
    assert!(
        !diagnostics.has_errors(),
        "{label}: the test schema is invalid: {diagnostics:?}\n{text}"
    );
    let (input, skipped) = client_gen::from_validated(&ir);
    let left_out: Vec<String> = skipped
        .iter()
        .map(|s| format!("{} ({})", s.item, s.reason))
        .collect();
    assert!(
        left_out.is_empty(),
        "{label}: the generator left out {}\n{text}",
        left_out.join(", ")
    );
    let options = client_gen::Options {
        compact,
        ..client_gen::Options::default()
    };
    client_gen::generate(&input, &options).unwrap_or_else(|e| panic!("{label}: {e}\n{text}"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The target directory this test was built in (`…/target/debug/deps/compile-…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| workspace().join("target"))
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn module_name(label: &str) -> String {
    let mut out: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    out.insert_str(0, "m_");
    out
}

fn real_world_schemas() -> Vec<(String, String)> {
    let root = workspace();
    let mut out = Vec::new();
    for (dir, prefix) in [
        (root.join("conformance/realworld"), "conformance_"),
        (root.join("crates/client-gen/tests/realworld"), "realworld_"),
    ] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path().join("schema.prisma"))
            .filter(|p| p.exists())
            .collect();
        entries.sort();
        for path in entries {
            let project = path
                .parent()
                .and_then(Path::file_name)
                .and_then(|n| n.to_str())
                .expect("project folder");
            let text = std::fs::read_to_string(&path).expect("schema readable");
            out.push((format!("{prefix}{project}"), text));
        }
    }
    out
}

fn cargo(crate_dir: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // What `cargo test` sets for this test is not the nested build's (build scripts watch some
    // of it, and would rerun).
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if (key.starts_with("CARGO_") && key != "CARGO_HOME") || key == "OUT_DIR" {
            command.env_remove(key.as_ref());
        }
    }
    command
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("run cargo")
}

#[test]
fn generated_clients_compile_without_warnings() {
    let seed: u64 = std::env::var("CLIENT_GEN_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("adversarial schemas from CLIENT_GEN_SEED={seed}");
    let mut schemas = names_as_types();
    schemas.push(names_as_fields());
    let mut rng = Rng(seed);
    for i in 0..12 {
        schemas.push((format!("random_{i}"), random_schema(&mut rng)));
    }
    let adversarial = schemas.len();
    schemas.extend(real_world_schemas());
    assert!(
        schemas.len() - adversarial >= 9 + 20,
        "the real-world schemas are all there"
    );

    let crate_dir = target_dir().join("generated-clients");
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).expect("create the crate");
    let client = workspace().join("crates/client");
    write_if_changed(
        &crate_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"generated-clients\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nclient = {{ path = {:?} }}\n\n[workspace]\n",
            client.display().to_string()
        ),
    );
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).expect("Cargo.lock");
    if !crate_dir.join("Cargo.lock").exists() {
        write_if_changed(&crate_dir.join("Cargo.lock"), &lock);
    }
    let mut lib = String::from(
        "//! Every client `client-gen`'s compile test generates, one module each.\n#![deny(warnings)]\n\n\
         // The generated code names `::refract::__private`, the runtime's module for it.\n\
         extern crate client as refract;\n\n",
    );
    let mut texts = Vec::new();
    // The adversarial schemas in the compact form too (decision 0038): its names share scopes
    // differently (`fields()`, `write()`, the `Handles` struct).
    let compact = schemas[..adversarial]
        .iter()
        .map(|(label, text)| (format!("{label}_compact"), text.clone(), true));
    let all: Vec<(String, String, bool)> = schemas
        .iter()
        .map(|(label, text)| (label.clone(), text.clone(), false))
        .chain(compact)
        .collect();
    for (label, text, compact) in &all {
        let module = module_name(label);
        let code = generate(label, text, *compact);
        write_if_changed(&src.join(format!("{module}.rs")), &code);
        write_if_changed(&src.join(format!("{module}.prisma")), text);
        let _ = writeln!(lib, "/// The client of `{label}`.\npub mod {module};");
        texts.push(module);
    }
    write_if_changed(&src.join("lib.rs"), &lib);

    let check = cargo(&crate_dir, &["clippy", "--offline", "--", "-D", "warnings"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    if !check.status.success() && stderr.contains("no such command") {
        // Without clippy, rustc's own lints still apply (`#![deny(warnings)]`).
        let build = cargo(&crate_dir, &["check", "--offline"]);
        assert!(
            build.status.success(),
            "generated clients do not compile (seed {seed}; modules in {}):\n{}",
            src.display(),
            String::from_utf8_lossy(&build.stderr)
        );
        test_support::skip("clippy is not installed: only rustc's lints were checked");
        return;
    }
    assert!(
        check.status.success(),
        "generated clients do not pass clippy -D warnings (seed {seed}; modules in {}):\n{stderr}",
        src.display()
    );
}
