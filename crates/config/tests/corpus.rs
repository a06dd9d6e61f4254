//! The config corpus: every file under `tests/corpus/accepted/` is read with a fixed
//! environment (working directory: that folder, whose `.env` the dotenv cases load) and its
//! settings compared with `NAME.expected` beside it; every file under `tests/corpus/refused/`
//! must fail with the message in its `NAME.expected`. `UPDATE_EXPECT=1` rewrites the expected
//! files (review the diff).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn environment() -> HashMap<String, String> {
    [
        ("DATABASE_URL", "postgresql://app:secret@localhost:5432/app"),
        ("DB_PASSWORD", "pa55"),
        ("CI", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn cases(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(folder);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                ["ts", "mts", "cts", "js", "mjs", "cjs"]
                    .iter()
                    .any(|x| e == *x)
            })
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no cases in {}", dir.display());
    out
}

fn check(case: &Path, actual: &str, failures: &mut Vec<String>) {
    let expected_path = case.with_extension("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, actual).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            case.display()
        ));
    }
}

fn context(dir: &Path) -> config::Context {
    config::Context {
        vars: environment(),
        cwd: dir.to_path_buf(),
    }
}

#[test]
fn accepted_configs_give_their_settings() {
    let mut failures = Vec::new();
    for case in cases("accepted") {
        let dir = case.parent().expect("folder").to_path_buf();
        let source = std::fs::read_to_string(&case).expect("read case");
        let actual = match config::read(&source, &case, &context(&dir)) {
            Ok(settings) => settings.describe(&dir),
            Err(e) => format!("unexpected error: {}\n", e.render("prisma.config.ts")),
        };
        check(&case, &actual, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn refused_configs_say_where_and_what_to_write() {
    let mut failures = Vec::new();
    for case in cases("refused") {
        let dir = case.parent().expect("folder").to_path_buf();
        let source = std::fs::read_to_string(&case).expect("read case");
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let actual = match config::read(&source, &case, &context(&dir)) {
            Ok(settings) => format!("unexpectedly accepted:\n{}", settings.describe(&dir)),
            Err(e) => format!("{}\n", e.render(&name)),
        };
        check(&case, &actual, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn found_where_prisma_looks() {
    let dir = tempfile_dir();
    assert_eq!(config::find(&dir), None);
    std::fs::create_dir_all(dir.join(".config")).expect("mkdir");
    std::fs::write(dir.join(".config/prisma.ts"), "export default {}").expect("write");
    assert_eq!(config::find(&dir), Some(dir.join(".config/prisma.ts")));
    std::fs::write(dir.join("prisma.config.mts"), "export default {}").expect("write");
    assert_eq!(config::find(&dir), Some(dir.join("prisma.config.mts")));
    std::fs::write(dir.join("prisma.config.ts"), "export default {}").expect("write");
    assert_eq!(config::find(&dir), Some(dir.join("prisma.config.ts")));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("refract-config-find-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

#[test]
fn dotenv_never_overrides_a_set_variable() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/accepted");
    let case = dir.join("prisma-init-7.ts");
    let source = std::fs::read_to_string(&case).expect("read");
    let settings = config::read(&source, &case, &context(&dir)).expect("reads");
    // DATABASE_URL is set in the environment and in .env: the environment wins.
    assert_eq!(
        settings.url.expect("set").expect("resolved"),
        "postgresql://app:secret@localhost:5432/app"
    );
    // Variables only .env sets are added.
    assert!(settings.vars.contains_key("DOTENV_ONLY_URL"));
}

/// Whatever the input, the reader returns (a result or an error): deep nesting, truncated
/// files and stray bytes never panic or overflow the stack.
#[test]
fn hostile_input_is_an_error_never_a_crash() {
    let file = Path::new("prisma.config.ts");
    let context = context(Path::new("."));
    let deep_parens = format!(
        "export default {}1{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let deep_arrays = format!("export default {}", "[".repeat(100_000));
    let deep_templates = format!("export default {}", "`${".repeat(10_000));
    let long_chain = format!(
        "export default {{ schema: {}'a' }}",
        "'a' + ".repeat(100_000)
    );
    let long_chain_ok = format!("export default {{ schema: {}'a' }}", "'a' + ".repeat(40));
    assert!(config::read(&long_chain_ok, file, &context).is_ok());
    let chain: String = (0..60)
        .map(|i| format!("const c{i} = c{}{};\n", i + 1, " + 'a'".repeat(60)))
        .collect();
    let const_chain = format!("{chain}const c60 = 'end';\nexport default {{ schema: c0 }}");
    let cycle = "const a = b;\nconst b = a;\nexport default { schema: a }".to_owned();
    for source in [
        deep_parens,
        deep_arrays,
        deep_templates,
        long_chain,
        const_chain,
        cycle,
    ] {
        assert!(config::read(&source, file, &context).is_err());
    }
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/accepted/fallbacks.ts"),
    )
    .expect("read");
    // Every prefix of a real config, and the config with each byte replaced by a stray one.
    for end in (0..=base.len()).filter(|i| base.is_char_boundary(*i)) {
        let _ = config::read(&base[..end], file, &context);
    }
    for i in (0..base.len()).filter(|i| base.is_char_boundary(*i) && base.is_char_boundary(i + 1)) {
        for stray in ["`", "{", "}", "(", "\"", "$", "\\", "/*"] {
            let mut mutated = base.clone();
            mutated.replace_range(i..i + 1, stray);
            let _ = config::read(&mutated, file, &context);
        }
    }
}
