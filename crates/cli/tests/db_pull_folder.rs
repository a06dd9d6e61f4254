//! `db pull` into a schema folder, as Prisma 7 writes one (its `DbPull/schema-folder` tests):
//! every block back to the file that held it, new models to `introspected.prisma`, a file
//! whose model went away left empty; `--print` prints each file after a `// path` line;
//! `--force` writes everything into `introspected.prisma` and removes the other files.
//! SQLite (the split does not depend on the database).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "refract-cli-pull-folder-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma/schema")).unwrap();
    dir
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("CI", "1")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const CONFIG: &str = "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"sqlite\"\n  url      = \"file:../dev.db\"\n}\n";
const USER: &str = "model User {\n  id   Int     @id\n  name String?\n  Post Post[]\n}\n";
const POST: &str = "model Post {\n  id     Int   @id\n  userId Int?\n  User   User? @relation(fields: [userId], references: [id], onDelete: NoAction, onUpdate: NoAction)\n}\n";

fn project(name: &str) -> PathBuf {
    let dir = scratch(name);
    let schema = dir.join("prisma/schema");
    std::fs::write(schema.join("config.prisma"), CONFIG).unwrap();
    std::fs::write(
        schema.join("User.prisma"),
        "model User {\n  id Int @id\n}\n",
    )
    .unwrap();
    std::fs::write(
        schema.join("Blog.prisma"),
        "model Blog {\n  id Int @id\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("prisma/dev.db"), "").unwrap();
    std::fs::write(
        dir.join("setup.sql"),
        "CREATE TABLE User (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE Post (id INTEGER PRIMARY KEY, userId INTEGER REFERENCES User(id));\n",
    )
    .unwrap();
    let out = refract(
        &dir,
        &[
            "db",
            "execute",
            "--file",
            "setup.sql",
            "--schema",
            "prisma/schema",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("prisma/schema").join(file)).unwrap()
}

#[test]
fn pull_writes_each_block_back_to_its_file_and_new_models_to_introspected_prisma() {
    let dir = project("write");
    let out = refract(
        &dir,
        &["db", "pull", "--print", "--schema", "prisma/schema"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "// prisma/schema/Blog.prisma\n\n// prisma/schema/config.prisma\n{CONFIG}\n// prisma/schema/introspected.prisma\n{POST}\n// prisma/schema/User.prisma\n{USER}\n"
        )
    );
    let out = refract(&dir, &["db", "pull", "--schema", "prisma/schema"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("wrote them into prisma/schema in"),
        "{}",
        text(&out)
    );
    assert_eq!(read(&dir, "config.prisma"), CONFIG);
    assert_eq!(read(&dir, "User.prisma"), USER);
    assert_eq!(read(&dir, "Blog.prisma"), "");
    assert_eq!(read(&dir, "introspected.prisma"), POST);
    // Pulling again changes nothing: Post now lives in introspected.prisma.
    let out = refract(&dir, &["db", "pull", "--schema", "prisma/schema"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(read(&dir, "introspected.prisma"), POST);
    assert_eq!(read(&dir, "User.prisma"), USER);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pull_force_writes_one_introspected_prisma() {
    let dir = project("force");
    let out = refract(
        &dir,
        &["db", "pull", "--force", "--schema", "prisma/schema"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut files: Vec<String> = std::fs::read_dir(dir.join("prisma/schema"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["introspected.prisma"]);
    assert_eq!(
        read(&dir, "introspected.prisma"),
        format!("{CONFIG}\n{POST}\n{USER}")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
