//! Which database a command talks to: `--url`, else the schema's datasource `url` (a string
//! or `env("NAME")`), else `DATABASE_URL`. Environment variables come from the process
//! environment first, then a `.env` file beside the schema, then one in the working
//! directory, as Prisma loads them. A relative SQLite path in the schema is resolved against
//! the schema's folder; one given with `--url` against the working directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use driver::DatabaseUrl;
use schema_syntax::ast::{Expression, Top};

use crate::schema_location::LoadedSchema;

/// The datasource block's settings that migrate commands need.
#[derive(Debug, Clone, Default)]
pub struct DatasourceConfig {
    /// The block's name (`db`).
    pub name: String,
    /// `provider`.
    pub provider: Option<String>,
    /// `url`, when set.
    pub url: Option<UrlSource>,
    /// `shadowDatabaseUrl`, when set.
    pub shadow_database_url: Option<UrlSource>,
}

/// How the schema gives a URL.
#[derive(Debug, Clone)]
pub enum UrlSource {
    /// `url = "…"`.
    Literal(String),
    /// `url = env("NAME")`.
    Env(String),
}

/// Reads the datasource block from the schema's files (the first one found).
pub fn read_datasource(schema: &LoadedSchema) -> Option<DatasourceConfig> {
    for (id, file) in schema.files.iter() {
        let (ast, _) = schema_syntax::parse(id, &file.text);
        for top in &ast.tops {
            let Top::Datasource(block) = top else {
                continue;
            };
            let mut config = DatasourceConfig {
                name: block.name.name.clone(),
                ..DatasourceConfig::default()
            };
            for prop in block.properties() {
                match (prop.name.name.as_str(), &prop.value) {
                    ("provider", Some(Expression::String(v, _))) => {
                        config.provider = Some(v.clone())
                    }
                    ("url", Some(Expression::String(v, _))) => {
                        config.url = Some(UrlSource::Literal(v.clone()));
                    }
                    ("url", Some(Expression::Function(f, args, _))) if f == "env" => {
                        if let Some(Expression::String(var, _)) =
                            args.arguments.first().map(|a| &a.value)
                        {
                            config.url = Some(UrlSource::Env(var.clone()));
                        }
                    }
                    _ => {}
                }
            }
            return Some(config);
        }
    }
    None
}

/// Environment variables as Prisma sees them: the process environment, then `.env` files.
#[derive(Debug, Default)]
pub struct Environment {
    dotenv: HashMap<String, String>,
    /// The `.env` files that were read, for the `Environment variables loaded from` line.
    pub loaded_from: Vec<PathBuf>,
}

impl Environment {
    /// The environment a Prisma config file gives (the process environment and the `.env`
    /// its dotenv import loaded): no `.env` is read beside the schema, as Prisma 7 reads none.
    pub fn from_config(prisma_config: &config::PrismaConfig) -> Environment {
        Environment {
            dotenv: prisma_config.vars.clone(),
            loaded_from: Vec::new(),
        }
    }

    /// Loads `.env` beside the schema, then in the working directory (the first file that
    /// sets a variable wins; the process environment wins over both).
    pub fn load(schema_dir: Option<&Path>) -> anyhow::Result<Environment> {
        let mut env = Environment::default();
        let mut candidates = Vec::new();
        if let Some(dir) = schema_dir {
            candidates.push(dir.join(".env"));
        }
        candidates.push(PathBuf::from(".env"));
        for path in candidates {
            if !path.is_file() || env.loaded_from.iter().any(|p| same_file(p, &path)) {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("Could not read `{}`", path.display()))?;
            for (k, v) in parse_dotenv(&text) {
                env.dotenv.entry(k).or_insert(v);
            }
            env.loaded_from.push(path);
        }
        Ok(env)
    }

    /// The variables the `.env` files set.
    pub fn dotenv_vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.dotenv.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The variable's value.
    pub fn get(&self, name: &str) -> Option<String> {
        std::env::var(name)
            .ok()
            .or_else(|| self.dotenv.get(name).cloned())
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `KEY=value` lines; `#` comments; `export ` prefixes; single or double quotes.
fn parse_dotenv(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let value = if let Some(inner) = value
            .strip_prefix('"')
            .and_then(|v| v.rfind('"').map(|i| &v[..i]))
        {
            inner.replace("\\n", "\n")
        } else if let Some(inner) = value
            .strip_prefix('\'')
            .and_then(|v| v.rfind('\'').map(|i| &v[..i]))
        {
            inner.to_owned()
        } else {
            value
                .split(" #")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        out.push((key.trim().to_owned(), value));
    }
    out
}

/// The database a command uses, resolved.
#[derive(Debug)]
pub struct ResolvedDatabase {
    /// The parsed URL.
    pub url: DatabaseUrl,
    /// The datasource block's name (`db`), for `Datasource "db": …`.
    pub datasource_name: String,
}

/// Resolves the URL (see the module docs), the Prisma config file's `datasource.url` (which a relative SQLite
/// path in it is resolved against the config file's folder, as Prisma 7 does), used instead of
/// the schema's.
pub fn resolve_url_with(
    cli_url: Option<&str>,
    schema: Option<&LoadedSchema>,
    env: &Environment,
    prisma_config: Option<&config::PrismaConfig>,
) -> anyhow::Result<ResolvedDatabase> {
    let datasource = schema.and_then(read_datasource);
    let name = datasource
        .as_ref()
        .map_or_else(|| "db".to_owned(), |d| d.name.clone());
    if let Some(url) = cli_url {
        let cwd = std::env::current_dir().context("Could not read the working directory")?;
        return Ok(ResolvedDatabase {
            url: parse(url, &cwd)?,
            datasource_name: name,
        });
    }
    if let Some((raw, base)) = config_url(prisma_config, |c| &c.url)? {
        if let Some(provider) = datasource.as_ref().and_then(|d| d.provider.as_deref()) {
            check_url_matches_provider(provider, &raw)?;
        }
        return Ok(ResolvedDatabase {
            url: parse(&raw, &base)?,
            datasource_name: name,
        });
    }
    let base = schema.map_or_else(|| PathBuf::from("."), LoadedSchema::dir);
    let raw = match datasource.as_ref().and_then(|d| d.url.clone()) {
        Some(UrlSource::Literal(u)) => u,
        Some(UrlSource::Env(var)) => env.get(&var).with_context(|| {
            format!(
                "Environment variable not found: {var}.\nSet it in the environment or in a .env file beside the schema, or pass --url."
            )
        })?,
        None => match env.get("DATABASE_URL") {
            Some(u) => u,
            None if datasource.is_none() => bail!(
                "No database URL: the schema has no datasource block.\nAdd one to the schema, with your database's provider:\n\n  datasource db {{\n    provider = \"sqlite\" // or \"postgresql\", \"mysql\"\n    url      = env(\"DATABASE_URL\")\n  }}\n\nthen set DATABASE_URL (in the environment or a .env file beside the schema), or pass --url."
            ),
            None => bail!(
                "No database URL: the datasource has no `url` and DATABASE_URL is not set.\nSet DATABASE_URL (in the environment or a .env file beside the schema), or pass --url."
            ),
        },
    };
    if let Some(provider) = datasource.as_ref().and_then(|d| d.provider.as_deref()) {
        check_url_matches_provider(provider, &raw)?;
    }
    Ok(ResolvedDatabase {
        url: parse(&raw, &base)?,
        datasource_name: name,
    })
}

fn parse(url: &str, base: &Path) -> anyhow::Result<DatabaseUrl> {
    DatabaseUrl::parse(url, base).map_err(|e| crate::errors::coded(e.code(), e.to_string()))
}

/// Prisma's P1012 check that the URL's scheme fits the provider.
fn check_url_matches_provider(provider: &str, url: &str) -> anyhow::Result<()> {
    let ok = match provider {
        "sqlite" => url.starts_with("file:"),
        "postgresql" | "postgres" => {
            url.starts_with("postgresql://") || url.starts_with("postgres://")
        }
        "mysql" => url.starts_with("mysql://"),
        _ => true,
    };
    if !ok {
        let expected = match provider {
            "sqlite" => "file:",
            "mysql" => "mysql:",
            _ => "postgresql:` or `postgres:",
        };
        return Err(crate::errors::coded(
            Some("P1012"),
            format!(
                "error: Error validating datasource `db`: the URL must start with the protocol `{expected}`."
            ),
        ));
    }
    Ok(())
}

/// A URL setting of the config file, with the folder relative paths in it start from; an
/// `env("X")` of a variable that is not set is an error now that the URL is needed.
fn config_url(
    prisma_config: Option<&config::PrismaConfig>,
    setting: impl Fn(&config::PrismaConfig) -> &config::UrlSetting,
) -> anyhow::Result<Option<(String, PathBuf)>> {
    let Some(c) = prisma_config else {
        return Ok(None);
    };
    match setting(c) {
        None => Ok(None),
        Some(Ok(url)) => Ok(Some((url.clone(), absolute(&c.dir())))),
        Some(Err(e)) => Err(anyhow::anyhow!(
            "Failed to read the config file {}",
            e.render(&crate::paths::display_path(&c.file))
        )),
    }
}

fn absolute(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    }
}

/// The datasource's `shadowDatabaseUrl`, resolved like `url`, when the config file or the schema
/// sets one (the config file's `datasource.shadowDatabaseUrl` first).
pub fn resolve_shadow_url_with(
    schema: &LoadedSchema,
    env: &Environment,
    prisma_config: Option<&config::PrismaConfig>,
) -> anyhow::Result<Option<DatabaseUrl>> {
    if let Some((raw, base)) = config_url(prisma_config, |c| &c.shadow_database_url)? {
        return parse(&raw, &base).map(Some);
    }
    let Some(source) = read_datasource(schema).and_then(|d| d.shadow_database_url) else {
        return Ok(None);
    };
    let raw = match source {
        UrlSource::Literal(u) => u,
        UrlSource::Env(var) => env.get(&var).with_context(|| {
            format!("Environment variable not found: {var} (the datasource's shadowDatabaseUrl).")
        })?,
    };
    parse(&raw, &schema.dir()).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_lines() {
        let parsed = parse_dotenv(
            "# comment\nDATABASE_URL=\"file:./dev.db\"\nexport A='x y'\nB=plain # trailing\n\nbad line\n",
        );
        assert_eq!(
            parsed,
            [
                ("DATABASE_URL".to_owned(), "file:./dev.db".to_owned()),
                ("A".to_owned(), "x y".to_owned()),
                ("B".to_owned(), "plain".to_owned()),
            ]
        );
    }
}
