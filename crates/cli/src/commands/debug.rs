//! `refract debug`: the paths and settings in effect, as `prisma debug` shows Prisma's: the
//! config file found, the schema, the migrations folder, the database (its credentials never
//! printed), the environment variables Refract reads and whether the terminal is interactive.
//! Nothing here fails: what cannot be found is shown as such.

use crate::exit;
use crate::paths::display_path;
use crate::project::{Project, is_interactive};
use crate::schema_location::SchemaArg;

/// Arguments of `refract debug`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
}

/// The environment variables shown, in groups, as Prisma's `debug` lists its own.
const VARIABLES: &[(&str, &[&str])] = &[
    (
        "For general debugging",
        &[
            "CI",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "TERM",
            "RUST_LOG",
            "RUST_BACKTRACE",
        ],
    ),
    (
        "For the database URL",
        &["DATABASE_URL", "DIRECT_URL", "SHADOW_DATABASE_URL"],
    ),
    ("For Prisma Migrate", &["PRISMA_MIGRATE_SKIP_GENERATE"]),
    (
        "For Refract's tests",
        &["REFRACT_TEST_POSTGRES_URL", "REFRACT_TEST_MYSQL_URL"],
    ),
    (
        "Prisma's own, which `prisma debug` lists and Refract does not read",
        &[
            "DEBUG",
            "NODE_ENV",
            "NO_PROXY",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "PRISMA_HIDE_UPDATE_MESSAGE",
            "PRISMA_SCHEMA_DISABLE_ADVISORY_LOCK",
            "PRISMA_ENGINES_MIRROR",
        ],
    ),
];

/// A URL with its password replaced by `****` (the user info's and a `password=` parameter's).
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?', '#'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let from = rest_start + colon + 1;
                out.replace_range(from..rest_start + at, "****");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (base, query) = out.split_at(q + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=****"),
                _ => pair.to_owned(),
            })
            .collect();
        out = format!("{base}{}", query.join("&"));
    }
    out
}

/// A variable's value as shown: URLs redacted.
fn shown_value(value: &str) -> String {
    if value.contains("://") {
        redact_url(value)
    } else {
        value.to_owned()
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut out = String::new();
    out.push_str("-- Prisma config --\n");
    let prisma_config = args.schema.prisma_config();
    match &prisma_config {
        Ok(Some(c)) => out.push_str(&format!("Path: {}\n", display_path(&c.file))),
        Ok(None) => out.push_str(
            "Path: none found (Prisma 6 behaviour: the URL comes from the schema's datasource)\n",
        ),
        Err(e) => out.push_str(&format!("Path: {e:#}\n")),
    }
    let config = prisma_config.as_ref().ok().and_then(Option::as_ref);
    out.push_str("\n-- Prisma schema --\n");
    match args.schema.locate_with(config) {
        Ok(path) => out.push_str(&format!("Path: {}\n", display_path(&path))),
        Err(e) => out.push_str(&format!("Path: {e:#}\n")),
    }
    out.push_str("\n-- Database --\n");
    match Project::load(&args.schema, None) {
        Ok(project) => {
            out.push_str(&format!(
                "Datasource \"{}\": {}\n",
                project.datasource_name,
                project.url.describe()
            ));
            if let Some(shadow) = &project.shadow_url {
                out.push_str(&format!("Shadow database: {}\n", shadow.describe()));
            }
            for file in &project.env_files {
                out.push_str(&format!(
                    "Environment variables loaded from {}\n",
                    display_path(file)
                ));
            }
            out.push_str(&format!(
                "Migrations: {}\n",
                display_path(project.migrations().path())
            ));
        }
        Err(e) => out.push_str(&format!("{e:#}\n")),
    }
    out.push_str("\n-- Environment variables --\n");
    out.push_str("When not set, the line shows no value; URLs are shown without their password.\n");
    for (group, names) in VARIABLES {
        out.push_str(&format!("\n{group}\n"));
        for name in *names {
            match std::env::var(name) {
                Ok(value) => out.push_str(&format!("- {name}: `{}`\n", shown_value(&value))),
                Err(_) => out.push_str(&format!("- {name}:\n")),
            }
        }
    }
    out.push_str(&format!(
        "\n-- Terminal is interactive? --\n{}\n\n-- CI detected? --\n{}\n",
        is_interactive(),
        std::env::var_os("CI").is_some()
    ));
    print!("{out}");
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_replaced() {
        assert_eq!(
            redact_url("postgresql://u:secret@h:5432/db?schema=x"),
            "postgresql://u:****@h:5432/db?schema=x"
        );
        assert_eq!(
            redact_url("mysql://u:p%40ss@h/db?password=x&ssl=true"),
            "mysql://u:****@h/db?password=****&ssl=true"
        );
        assert_eq!(redact_url("file:./dev.db"), "file:./dev.db");
        assert_eq!(redact_url("postgresql://u@h/db"), "postgresql://u@h/db");
    }
}
