//! `refract generate` writes the client module the points example holds (`src/prisma.rs`, itself
//! checked against the generator by the example's tests), where the schema's generator block
//! (or the default) says.

use std::path::PathBuf;
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-generate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn generates_the_points_client_to_the_default_place_for_a_prisma_js_schema() {
    let dir = scratch("default");
    // The points schema as a Prisma project writes it: the JavaScript client's generator block.
    let schema = std::fs::read_to_string(workspace().join("examples/points/prisma/schema.prisma"))
        .expect("points schema")
        .replacen(
            "provider = \"refract\"\n  output   = \"../src/prisma.rs\"",
            "provider = \"prisma-client-js\"",
            1,
        );
    assert!(
        schema.contains("prisma-client-js"),
        "generator block rewritten"
    );
    std::fs::write(dir.join("schema.prisma"), schema).expect("write schema");
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("generate")
        .current_dir(&dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Prisma's JavaScript client"));
    let generated = std::fs::read_to_string(dir.join("src/prisma.rs")).expect("written");
    let expected = std::fs::read_to_string(workspace().join("examples/points/src/prisma.rs"))
        .expect("the example's generated client");
    assert_eq!(generated, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_refract_generator_output_is_relative_to_the_schema() {
    let dir = scratch("output");
    std::fs::create_dir_all(dir.join("prisma")).expect("dir");
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n}\n\ngenerator client {\n  provider = \"refract\"\n  output   = \"../src/db\"\n}\n\nmodel A {\n  id Int @id\n}\n",
    )
    .expect("schema");
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("generate")
        .current_dir(&dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("src/db/prisma.rs"))
        .expect("written at the generator's output");
    // The record struct is its own `omit` shape, generic over its fields (`pub struct A<_P0 = …>`).
    assert!(text.contains("pub struct A<"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_invalid_schema_generates_nothing() {
    let dir = scratch("invalid");
    std::fs::write(dir.join("schema.prisma"), "model A {\n  id Nope @id\n}\n").expect("schema");
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("generate")
        .current_dir(&dir)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(!dir.join("src/prisma.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_that_collide_in_rust_are_generated_with_a_warning() {
    let dir = scratch("collide");
    std::fs::write(
        dir.join("schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n}\n\ngenerator client {\n  provider = \"refract\"\n  output   = \"client.rs\"\n}\n\nmodel User {\n  id         Int      @id\n  createdAt  DateTime\n  created_at DateTime\n}\n\nmodel Plain {\n  id Int @id\n  type String\n}\n",
    )
    .expect("write schema");
    let out = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("generate")
        .current_dir(&dir)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: field `createdAt` of model `User` is `created_at_2` in the Rust client: \
             `created_at` is taken"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("`@map`"), "{stderr}");
    // A keyword is a raw identifier, not a collision: no warning for `type`.
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    let generated = std::fs::read_to_string(dir.join("client.rs")).expect("written");
    assert!(generated.contains("created_at_2"), "the field is generated");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The compact client (decision 0038): asked for by the generator block or by `--compact`; a
/// value the option cannot take fails, naming the generator, and writes nothing.
#[test]
fn the_compact_form_from_the_generator_block_or_the_flag() {
    let dir = scratch("compact");
    let schema = |extra: &str| {
        format!(
            "datasource db {{\n  provider = \"sqlite\"\n}}\n\ngenerator client {{\n  provider = \"refract\"\n{extra}}}\n\nmodel A {{\n  id Int @id\n}}\n"
        )
    };
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_refract"))
            .arg("generate")
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("run")
    };
    let written = || std::fs::read_to_string(dir.join("src/prisma.rs")).expect("written");

    std::fs::write(dir.join("schema.prisma"), schema("  compact = true\n")).expect("schema");
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        written().contains("pub fn fields() -> Fields"),
        "{}",
        written()
    );

    std::fs::write(dir.join("schema.prisma"), schema("")).expect("schema");
    assert!(run(&[]).status.success());
    assert!(!written().contains("pub fn fields() -> Fields"));
    assert!(run(&["--compact"]).status.success());
    assert!(written().contains("pub fn fields() -> Fields"));

    std::fs::remove_file(dir.join("src/prisma.rs")).expect("remove");
    std::fs::write(dir.join("schema.prisma"), schema("  compact = 1\n")).expect("schema");
    let out = run(&[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("generator `client`: `compact` must be `true` or `false`"),
        "{stderr}"
    );
    assert!(!dir.join("src/prisma.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
