//! `refract db pull` through the binary on SQLite: the schema file rewritten with Prisma's
//! messages, `--print`, re-introspection keeping the schema's names and `@map`s, `--force`
//! ignoring them, warnings on stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-cli-pull-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prisma")).expect("create scratch folder");
    dir
}

fn refract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", "file:./dev.db")
        .output()
        .expect("run refract")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const SETUP: &str = "CREATE TABLE \"User\" (id INTEGER PRIMARY KEY AUTOINCREMENT, \"e-mail\" TEXT NOT NULL);
CREATE UNIQUE INDEX \"User_e-mail_key\" ON \"User\"(\"e-mail\");
CREATE TABLE \"Post\" (id INTEGER NOT NULL PRIMARY KEY, authorId INTEGER NOT NULL REFERENCES \"User\"(id) ON DELETE CASCADE);
CREATE TABLE \"Log\" (message TEXT);";

const DATASOURCE: &str =
    "datasource db {\n  provider = \"sqlite\"\n  url      = env(\"DATABASE_URL\")\n}\n";

fn setup(dir: &Path) {
    std::fs::write(dir.join("prisma/dev.db"), b"").expect("create database file");
    std::fs::write(dir.join("setup.sql"), SETUP).expect("write setup");
    std::fs::write(dir.join("prisma/schema.prisma"), DATASOURCE).expect("write schema");
    let out = refract(
        dir,
        &[
            "db",
            "execute",
            "--file",
            "setup.sql",
            "--schema",
            "prisma/schema.prisma",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const FRESH: &str = r#"datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

/// The underlying table does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.
model Log {
  message String?

  @@ignore
}

model Post {
  id       Int  @id
  authorId Int
  User     User @relation(fields: [authorId], references: [id], onDelete: Cascade, onUpdate: NoAction)
}

model User {
  id     Int    @id @default(autoincrement())
  e_mail String @unique @map("e-mail")
  Post   Post[]
}
"#;

#[test]
fn pull_writes_the_schema_then_keeps_its_names() {
    let dir = scratch("sqlite");
    setup(&dir);
    let out = refract(&dir, &["db", "pull"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.contains("Introspecting based on datasource defined in prisma/schema.prisma"),
        "{text}"
    );
    assert!(
        text.contains("✔ Introspected 3 models and wrote them into prisma/schema.prisma in "),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("*** WARNING ***\n\nThe following models were ignored as they do not have a valid unique identifier or id. This is currently not supported by Prisma Client:\n  - \"Log\"\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("schema");
    assert_eq!(written, FRESH);

    // Re-introspection keeps renamed models, fields and relation fields.
    let renamed = FRESH
        .replace("model User {", "/// People.\nmodel Person {")
        .replace("User     User", "author   Person")
        .replace("e_mail String", "email  String")
        .replace("Post   Post[]", "posts  Post[]\n\n  @@map(\"User\")");
    std::fs::write(dir.join("prisma/schema.prisma"), &renamed).expect("write");
    let out = refract(&dir, &["db", "pull", "--print"]);
    assert!(out.status.success());
    let printed = stdout(&out);
    let warned = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(warned.contains("These models were enriched with `@@map` information taken from the previous Prisma schema:\n  - \"Person\"\n"), "{warned}");
    assert!(printed.contains("/// People.\nmodel Person {"), "{printed}");
    assert!(
        printed.contains("email String @unique @map(\"e-mail\")"),
        "{printed}"
    );
    assert!(
        printed.contains("author   Person @relation(fields: [authorId]"),
        "{printed}"
    );
    assert!(printed.contains("posts Post[]"), "{printed}");
    assert!(printed.contains("@@map(\"User\")"), "{printed}");
    // --print leaves the file alone.
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("schema"),
        renamed
    );

    // --force starts from the datasource only.
    let out = refract(&dir, &["db", "pull", "--print", "--force"]);
    assert_eq!(stdout(&out), format!("{FRESH}\n\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A schema that starts with its datasource (the URL from the environment) comes back with
/// the generator first, as Prisma 7 prints it; the file is rewritten the same way.
#[test]
fn the_generator_comes_before_the_datasource() {
    let dir = scratch("order");
    setup(&dir);
    let schema = format!("{DATASOURCE}\ngenerator client {{\n  provider = \"prisma-client\"\n}}\n");
    std::fs::write(dir.join("prisma/schema.prisma"), &schema).expect("write schema");
    let out = refract(&dir, &["db", "pull", "--print"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = format!(
        "generator client {{\n  provider = \"prisma-client\"\n}}\n\n{}",
        FRESH
    );
    assert_eq!(stdout(&out), format!("{expected}\n\n"));
    let out = refract(&dir, &["db", "pull"]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("schema"),
        expected
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_database_is_prismas_p4001() {
    let dir = scratch("empty");
    std::fs::write(dir.join("prisma/dev.db"), b"").expect("create database file");
    std::fs::write(dir.join("prisma/schema.prisma"), DATASOURCE).expect("write schema");
    let out = refract(&dir, &["db", "pull"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("P4001"), "{err}");
    assert!(err.contains("The introspected database was empty"), "{err}");
    // The schema is left as it was.
    assert_eq!(
        std::fs::read_to_string(dir.join("prisma/schema.prisma")).expect("schema"),
        DATASOURCE
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `db pull --print` on MariaDB through the binary: native types, an inline enum, and a JSON
/// column written as Prisma writes it on MariaDB (`String @db.LongText`).
#[test]
fn pull_on_mysql_writes_prismas_schema() {
    let Some(base) = test_support::server_url(test_support::Server::Mysql) else {
        return;
    };
    let dir = scratch("mysql");
    let database = format!("refract_cli_pull_{}", std::process::id());
    let server = base.rsplit_once('/').map_or(base.as_str(), |(s, _)| s);
    let url = format!("{server}/{database}");
    std::fs::write(
        dir.join("prisma/schema.prisma"),
        "datasource db {\n  provider = \"mysql\"\n}\n",
    )
    .expect("write schema");
    let setup = format!(
        "DROP DATABASE IF EXISTS `{database}`;
CREATE DATABASE `{database}`;
CREATE TABLE `{database}`.`Item` (
  `id` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `name` VARCHAR(255) NOT NULL,
  `kind` ENUM('small', 'large') NOT NULL DEFAULT 'small',
  `level` TINYINT NOT NULL DEFAULT 1,
  `data` JSON NULL,
  `at` DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);"
    );
    std::fs::write(dir.join("setup.sql"), setup).expect("write setup");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_refract"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("run refract")
    };
    let out = run(&["db", "execute", "--file", "setup.sql", "--url", &base]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["db", "pull", "--print", "--url", &url]);
    let drop = format!("DROP DATABASE IF EXISTS `{database}`;");
    std::fs::write(dir.join("drop.sql"), drop).expect("write drop");
    let _ = run(&["db", "execute", "--file", "drop.sql", "--url", &base]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&out),
        "datasource db {
  provider = \"mysql\"
}

model Item {
  id    Int       @id @default(autoincrement()) @db.UnsignedInt
  name  String    @db.VarChar(255)
  kind  Item_kind @default(small)
  level Int       @default(1) @db.TinyInt
  data  String?   @db.LongText
  at    DateTime  @default(now()) @db.DateTime(0)
}

enum Item_kind {
  small
  large
}


"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
