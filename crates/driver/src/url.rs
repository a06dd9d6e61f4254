//! Prisma connection URLs: `file:` for SQLite, `postgresql://` / `postgres://` for PostgreSQL,
//! `mysql://` for MySQL and MariaDB.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

pub use provider::Provider;

/// What the driver layer knows of a database beyond [`Provider`]'s names: whether this build
/// has its driver, and how its hand-written statements number their parameters.
pub trait DriverCapabilities: Copy {
    /// Whether this build has the database's driver (its cargo feature is on).
    fn is_compiled_in(self) -> bool;

    /// The error for a URL whose database this build leaves out.
    fn not_compiled_in(self) -> Error;

    /// The placeholder of the `n`th (1-based) bound parameter: `?n` on SQLite, `$n` on
    /// PostgreSQL, `?` on MySQL (positional).
    fn placeholder(self, n: usize) -> String;
}

impl DriverCapabilities for Provider {
    fn is_compiled_in(self) -> bool {
        match self {
            Provider::Sqlite => cfg!(feature = "sqlite"),
            Provider::Postgres => cfg!(feature = "postgresql"),
            Provider::Mysql => cfg!(feature = "mysql"),
        }
    }

    fn not_compiled_in(self) -> Error {
        Error::NotCompiledIn {
            database: match self {
                Provider::Sqlite => "SQLite",
                Provider::Postgres => "PostgreSQL",
                Provider::Mysql => "MySQL/MariaDB",
            },
            feature: self.feature(),
        }
    }

    fn placeholder(self, n: usize) -> String {
        match self {
            Provider::Sqlite => format!("?{n}"),
            Provider::Postgres => format!("${n}"),
            Provider::Mysql => "?".to_owned(),
        }
    }
}

/// A parsed connection URL.
#[derive(Debug, Clone, PartialEq)]
pub enum DatabaseUrl {
    /// A SQLite database file (or `:memory:`).
    Sqlite(SqliteUrl),
    /// A PostgreSQL database.
    Postgres(PostgresUrl),
    /// A MySQL or MariaDB database.
    Mysql(MysqlUrl),
}

/// A MySQL URL (`mysql://USER:PASSWORD@HOST:PORT/DATABASE`), split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct MysqlUrl {
    /// Host name or address (`localhost` when absent).
    pub host: String,
    /// Port (3306 when absent).
    pub port: u16,
    /// User (`root` when absent).
    pub user: String,
    /// Password, decoded.
    pub password: Option<String>,
    /// Database name (`mysql` when absent, as Prisma reads it).
    pub database: String,
    /// A Unix socket to connect through (`?socket=`).
    pub socket: Option<String>,
    /// `connect_timeout` in seconds (Prisma's default: 5).
    pub connect_timeout: Duration,
}

impl MysqlUrl {
    /// The same server and credentials with another database (shadow and test databases).
    pub fn with_database(&self, database: &str) -> MysqlUrl {
        MysqlUrl {
            database: database.to_owned(),
            ..self.clone()
        }
    }

    /// Renders the URL back (password percent-encoded).
    pub fn to_url_string(&self) -> String {
        let mut u = url::Url::parse("mysql://localhost").expect("a constant URL parses");
        let _ = u.set_host(Some(&self.host));
        let _ = u.set_port(Some(self.port));
        let _ = u.set_username(&self.user);
        if let Some(p) = &self.password {
            let _ = u.set_password(Some(p));
        }
        u.set_path(&format!("/{}", self.database));
        if let Some(socket) = &self.socket {
            u.query_pairs_mut().append_pair("socket", socket);
        }
        u.to_string()
    }
}

/// A SQLite URL: `file:PATH` with the path resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct SqliteUrl {
    /// The path as the URL wrote it (`./dev.db`).
    pub original_path: String,
    /// The path resolved against the schema's folder, as Prisma resolves it; `:memory:` for an
    /// in-memory database.
    pub path: PathBuf,
}

impl SqliteUrl {
    /// Whether this is an in-memory database.
    pub fn is_memory(&self) -> bool {
        self.path.as_os_str() == ":memory:"
    }

    /// The file name alone (`dev.db`), as Prisma names the database in messages.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.original_path.clone())
    }
}

/// TLS wish of a PostgreSQL URL (`sslmode`, as libpq reads it; see [`crate::tls`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// `sslmode=disable`: plain connections only.
    Disable,
    /// `sslmode=prefer` (the default; also `allow`): TLS when the server offers it, without
    /// checking its certificate; plain otherwise.
    Prefer,
    /// `sslmode=require`: TLS or nothing; the certificate is not checked unless a root
    /// certificate is given (then as `verify-ca`).
    Require,
    /// `sslmode=verify-ca`: TLS, and the certificate must be signed by a trusted CA.
    VerifyCa,
    /// `sslmode=verify-full`: as `verify-ca`, and the certificate must name the host.
    VerifyFull,
}

impl SslMode {
    /// The URL spelling (`verify-full`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// A PostgreSQL URL, split into its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct PostgresUrl {
    /// Host name or address (`localhost` when absent); a `host=` parameter names a socket folder.
    pub host: String,
    /// Port (5432 when absent).
    pub port: u16,
    /// User (`postgres` when absent).
    pub user: String,
    /// Password, decoded.
    pub password: Option<String>,
    /// Database name (`postgres` when absent).
    pub database: String,
    /// The schema Prisma works in (`?schema=`, `public` when absent).
    pub schema: String,
    /// TLS wish.
    pub ssl_mode: SslMode,
    /// The CA certificates (PEM) that verify the server: libpq's `sslrootcert`, or Prisma's
    /// `sslcert` (which Prisma documents as the server's root certificate). A relative path
    /// is resolved against the schema's folder, as Prisma does.
    pub ssl_root_cert: Option<PathBuf>,
    /// `connect_timeout` in seconds (Prisma's default: 5).
    pub connect_timeout: Duration,
    /// libpq's `application_name` (`?application_name=`), shown in `pg_stat_activity`.
    pub application_name: Option<String>,
    /// libpq's `options` (`?options=-c statement_timeout=5000`): settings sent at startup.
    pub options: Option<String>,
}

impl PostgresUrl {
    /// The same server and credentials with another database (for the admin connection that
    /// creates and drops databases, and for shadow databases).
    pub fn with_database(&self, database: &str) -> PostgresUrl {
        PostgresUrl {
            database: database.to_owned(),
            ..self.clone()
        }
    }

    /// The same server and database with another schema.
    pub fn with_schema(&self, schema: &str) -> PostgresUrl {
        PostgresUrl {
            schema: schema.to_owned(),
            ..self.clone()
        }
    }

    /// Renders the URL back (password percent-encoded), e.g. to hand a shadow database's URL on.
    pub fn to_url_string(&self) -> String {
        let mut u = url::Url::parse("postgresql://localhost").expect("a constant URL parses");
        let _ = u.set_host(Some(&self.host));
        let _ = u.set_port(Some(self.port));
        let _ = u.set_username(&self.user);
        if let Some(p) = &self.password {
            let _ = u.set_password(Some(p));
        }
        u.set_path(&format!("/{}", self.database));
        if self.schema != "public" {
            u.query_pairs_mut().append_pair("schema", &self.schema);
        }
        if self.ssl_mode != SslMode::Prefer {
            u.query_pairs_mut()
                .append_pair("sslmode", self.ssl_mode.as_str());
        }
        if let Some(cert) = &self.ssl_root_cert {
            u.query_pairs_mut()
                .append_pair("sslrootcert", &cert.to_string_lossy());
        }
        if let Some(name) = &self.application_name {
            u.query_pairs_mut().append_pair("application_name", name);
        }
        if let Some(options) = &self.options {
            u.query_pairs_mut().append_pair("options", options);
        }
        u.to_string()
    }
}

impl DatabaseUrl {
    /// The database's name when it is one of the server's own (MySQL's `mysql`,
    /// `information_schema`, `performance_schema`, `sys`, in any case), which Prisma Migrate
    /// refuses to touch (P3004).
    pub fn system_database(&self) -> Option<&str> {
        const MYSQL_SYSTEM: [&str; 4] =
            ["mysql", "information_schema", "performance_schema", "sys"];
        match self {
            DatabaseUrl::Mysql(m) => MYSQL_SYSTEM
                .iter()
                .any(|s| m.database.eq_ignore_ascii_case(s))
                .then_some(m.database.as_str()),
            _ => None,
        }
    }

    /// Parses a Prisma URL. A relative SQLite path is resolved against `base_dir` (the folder of
    /// the schema file, as Prisma does).
    pub fn parse(url: &str, base_dir: &Path) -> Result<DatabaseUrl> {
        let url = url.trim();
        if let Some(rest) = url
            .strip_prefix("file:")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            return Ok(DatabaseUrl::Sqlite(parse_sqlite(rest, base_dir)));
        }
        if url.starts_with("postgresql://") || url.starts_with("postgres://") {
            return parse_postgres(url, base_dir).map(DatabaseUrl::Postgres);
        }
        if url.starts_with("mysql://") {
            return parse_mysql(url).map(DatabaseUrl::Mysql);
        }
        let scheme = url.split(':').next().unwrap_or_default();
        let details = match scheme {
            "" => "The URL is empty: set it in the datasource (`env(\"DATABASE_URL\")`), in `.env`, or pass `--url`.".to_owned(),
            _ => format!(
                "The scheme `{scheme}` is not supported: the URL must start with `file:` (SQLite), `postgresql://` (PostgreSQL) or `mysql://` (MySQL, MariaDB)."
            ),
        };
        Err(Error::InvalidUrl { details })
    }

    /// Which database this names.
    pub fn provider(&self) -> Provider {
        match self {
            DatabaseUrl::Sqlite(_) => Provider::Sqlite,
            DatabaseUrl::Postgres(_) => Provider::Postgres,
            DatabaseUrl::Mysql(_) => Provider::Mysql,
        }
    }

    /// The database's name on its server (`None` for SQLite, whose database is its file).
    pub fn database_name(&self) -> Option<&str> {
        match self {
            DatabaseUrl::Sqlite(_) => None,
            DatabaseUrl::Postgres(p) => Some(&p.database),
            DatabaseUrl::Mysql(m) => Some(&m.database),
        }
    }

    /// The same server and credentials with another database (PostgreSQL in its `public`
    /// schema); `None` for SQLite. Shadow and test databases are made this way.
    pub fn with_database(&self, database: &str) -> Option<DatabaseUrl> {
        match self {
            DatabaseUrl::Sqlite(_) => None,
            DatabaseUrl::Postgres(p) => Some(DatabaseUrl::Postgres(
                p.with_database(database).with_schema("public"),
            )),
            DatabaseUrl::Mysql(m) => Some(DatabaseUrl::Mysql(m.with_database(database))),
        }
    }

    /// Renders the URL back (a SQLite URL as `file:PATH`).
    pub fn to_url_string(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(s) => format!("file:{}", s.path.display()),
            DatabaseUrl::Postgres(p) => p.to_url_string(),
            DatabaseUrl::Mysql(m) => m.to_url_string(),
        }
    }

    /// How Prisma names the database in its `Datasource "db": …` line:
    /// `SQLite database "dev.db" at "file:./dev.db"`, `PostgreSQL database "app", schema "public" at "localhost:5432"`.
    pub fn describe(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(s) => format!(
                "SQLite database \"{}\" at \"file:{}\"",
                s.file_name(),
                s.original_path
            ),
            DatabaseUrl::Postgres(p) => format!(
                "PostgreSQL database \"{}\", schema \"{}\" at \"{}:{}\"",
                p.database, p.schema, p.host, p.port
            ),
            DatabaseUrl::Mysql(m) => format!(
                "MySQL database \"{}\" at \"{}:{}\"",
                m.database, m.host, m.port
            ),
        }
    }
}

fn parse_sqlite(rest: &str, base_dir: &Path) -> SqliteUrl {
    // `file:./dev.db?connection_limit=1`: the parameters tune Prisma's pool, not the file.
    let original = rest.split('?').next().unwrap_or_default().to_owned();
    let stripped = original.strip_prefix("//").unwrap_or(&original);
    let path = if stripped == ":memory:" {
        PathBuf::from(":memory:")
    } else {
        let p = Path::new(stripped);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            normalize(&base_dir.join(p))
        }
    };
    SqliteUrl {
        original_path: original,
        path,
    }
}

/// Removes `.` components and folds `..` where possible, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            // `..` folds into a name before it; after the root it stays at the root; at the
            // start of a relative path (or after another `..`) it stays.
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

fn parse_postgres(raw: &str, base_dir: &Path) -> Result<PostgresUrl> {
    let invalid = |details: String| Error::InvalidUrl { details };
    let url = url::Url::parse(raw).map_err(|e| {
        invalid(format!(
            "The PostgreSQL URL could not be parsed ({e}). Expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA; percent-encode special characters in the password."
        ))
    })?;
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let mut host = url.host_str().unwrap_or("localhost").to_owned();
    if host.starts_with('[') && host.ends_with(']') {
        host = host[1..host.len() - 1].to_owned();
    }
    let mut out = PostgresUrl {
        host,
        port: url.port().unwrap_or(5432),
        user: if url.username().is_empty() {
            "postgres".to_owned()
        } else {
            decode(url.username())
        },
        password: url.password().map(decode),
        database: {
            let path = url.path().trim_start_matches('/');
            if path.is_empty() {
                "postgres".to_owned()
            } else {
                decode(path)
            }
        },
        schema: "public".to_owned(),
        ssl_mode: SslMode::Prefer,
        ssl_root_cert: None,
        connect_timeout: Duration::from_secs(5),
        application_name: None,
        options: None,
    };
    let mut root_cert = None;
    let mut prisma_cert = None;
    let mut accept_invalid_certs = false;
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "schema" => out.schema = value.into_owned(),
            "sslmode" => {
                out.ssl_mode = match value.as_ref() {
                    "disable" => SslMode::Disable,
                    "prefer" | "allow" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(invalid(format!(
                            "`sslmode={other}` is not one of disable, prefer, require, verify-ca, verify-full."
                        )));
                    }
                }
            }
            "sslrootcert" => root_cert = Some(base_dir.join(value.as_ref())),
            "sslcert" => prisma_cert = Some(base_dir.join(value.as_ref())),
            "sslaccept" => match value.as_ref() {
                "strict" => {}
                "accept_invalid_certs" => accept_invalid_certs = true,
                other => {
                    return Err(invalid(format!(
                        "`sslaccept={other}` is not one of strict, accept_invalid_certs."
                    )));
                }
            },
            "connect_timeout" => {
                let secs: u64 = value.parse().map_err(|_| {
                    invalid(format!(
                        "`connect_timeout={value}` must be a number of seconds."
                    ))
                })?;
                out.connect_timeout = Duration::from_secs(secs);
            }
            "application_name" => out.application_name = Some(value.into_owned()),
            "options" => out.options = Some(value.into_owned()),
            "host" => out.host = value.into_owned(),
            "port" => {
                out.port = value
                    .parse()
                    .map_err(|_| invalid(format!("`port={value}` is not a port number.")))?;
            }
            // Pool and client tuning that Prisma reads and a single connection ignores.
            _ => {}
        }
    }
    out.ssl_root_cert = root_cert.or(prisma_cert);
    if accept_invalid_certs {
        // Prisma's `sslaccept=accept_invalid_certs`: encrypted, the certificate unchecked.
        out.ssl_root_cert = None;
        if matches!(out.ssl_mode, SslMode::VerifyCa | SslMode::VerifyFull) {
            out.ssl_mode = SslMode::Require;
        }
    }
    Ok(out)
}

fn parse_mysql(raw: &str) -> Result<MysqlUrl> {
    let invalid = |details: String| Error::InvalidUrl { details };
    let url = url::Url::parse(raw).map_err(|e| {
        invalid(format!(
            "The MySQL URL could not be parsed ({e}). Expected mysql://USER:PASSWORD@HOST:PORT/DATABASE; percent-encode special characters in the password."
        ))
    })?;
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let mut host = url.host_str().unwrap_or("localhost").to_owned();
    if host.starts_with('[') && host.ends_with(']') {
        host = host[1..host.len() - 1].to_owned();
    }
    let mut out = MysqlUrl {
        host,
        port: url.port().unwrap_or(3306),
        user: if url.username().is_empty() {
            "root".to_owned()
        } else {
            decode(url.username())
        },
        password: url.password().map(decode),
        database: {
            let path = url.path().trim_start_matches('/');
            let first = path.split('/').next().unwrap_or_default();
            if first.is_empty() {
                "mysql".to_owned()
            } else {
                decode(first)
            }
        },
        socket: None,
        connect_timeout: Duration::from_secs(5),
    };
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "socket" => out.socket = Some(value.into_owned()),
            "connect_timeout" => {
                let secs: u64 = value.parse().map_err(|_| {
                    invalid(format!(
                        "`connect_timeout={value}` must be a number of seconds."
                    ))
                })?;
                out.connect_timeout = Duration::from_secs(secs);
            }
            // Pool, TLS and client tuning (`connection_limit`, `pool_timeout`, `sslaccept`, …)
            // that Prisma reads and a single plain connection ignores.
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(url: &str, base: &str) -> SqliteUrl {
        match DatabaseUrl::parse(url, Path::new(base)).unwrap() {
            DatabaseUrl::Sqlite(s) => s,
            other => panic!("not sqlite: {other:?}"),
        }
    }

    fn postgres(url: &str) -> PostgresUrl {
        match DatabaseUrl::parse(url, Path::new(".")).unwrap() {
            DatabaseUrl::Postgres(p) => p,
            other => panic!("not postgres: {other:?}"),
        }
    }

    #[test]
    fn relative_sqlite_paths_resolve_against_the_schema_folder() {
        assert_eq!(
            sqlite("file:./dev.db", "/app/prisma").path,
            Path::new("/app/prisma/dev.db")
        );
        assert_eq!(
            sqlite("file:../data/dev.db?connection_limit=1", "/app/prisma").path,
            Path::new("/app/data/dev.db")
        );
        assert_eq!(
            sqlite("file:dev.db", "/app/prisma").path,
            Path::new("/app/prisma/dev.db")
        );
        assert_eq!(
            sqlite("file:/var/db/x.db", "/app/prisma").path,
            Path::new("/var/db/x.db")
        );
        assert_eq!(
            sqlite("file:./../../data/dev.db", ".").path,
            Path::new("../../data/dev.db")
        );
        assert_eq!(
            sqlite("file:../../../../x.db", "/app/prisma").path,
            Path::new("/x.db")
        );
        assert_eq!(sqlite("file:./dev.db", "/app/prisma").file_name(), "dev.db");
        assert!(sqlite("file::memory:", "/x").is_memory());
    }

    #[test]
    fn postgres_urls_split_into_parts() {
        let p = postgres(
            "postgresql://me:p%40ss@db.example:6543/app?schema=tenant&sslmode=disable&connection_limit=3",
        );
        assert_eq!(p.host, "db.example");
        assert_eq!(p.port, 6543);
        assert_eq!(p.user, "me");
        assert_eq!(p.password.as_deref(), Some("p@ss"));
        assert_eq!(p.database, "app");
        assert_eq!(p.schema, "tenant");
        assert_eq!(p.ssl_mode, SslMode::Disable);

        let d = postgres("postgres://localhost");
        assert_eq!(
            (d.port, d.database.as_str(), d.schema.as_str()),
            (5432, "postgres", "public")
        );
    }

    #[test]
    fn libpq_session_parameters_are_kept_and_rendered_back() {
        let p = postgres(
            "postgresql://me@db/app?application_name=shop&options=-c%20statement_timeout%3D5000&max_idle_connection_lifetime=30",
        );
        assert_eq!(p.application_name.as_deref(), Some("shop"));
        assert_eq!(p.options.as_deref(), Some("-c statement_timeout=5000"));
        let again = postgres(&p.to_url_string());
        assert_eq!(again, p);
        assert_eq!(postgres("postgres://localhost").application_name, None);
    }

    #[test]
    fn tls_parameters_are_read_as_libpq_and_prisma_spell_them() {
        let parse = |url: &str| match DatabaseUrl::parse(url, Path::new("/app/prisma")).unwrap() {
            DatabaseUrl::Postgres(p) => p,
            other => panic!("not postgres: {other:?}"),
        };
        let modes = [
            ("disable", SslMode::Disable),
            ("allow", SslMode::Prefer),
            ("prefer", SslMode::Prefer),
            ("require", SslMode::Require),
            ("verify-ca", SslMode::VerifyCa),
            ("verify-full", SslMode::VerifyFull),
        ];
        for (text, mode) in modes {
            assert_eq!(
                parse(&format!("postgresql://h/db?sslmode={text}")).ssl_mode,
                mode
            );
        }
        assert_eq!(parse("postgresql://h/db").ssl_mode, SslMode::Prefer);
        // libpq's `sslrootcert`, and Prisma's `sslcert` (its root certificate), relative to
        // the schema's folder; `sslrootcert` wins.
        let p = parse("postgresql://h/db?sslmode=verify-full&sslrootcert=certs/ca.pem");
        assert_eq!(
            p.ssl_root_cert.as_deref(),
            Some(Path::new("/app/prisma/certs/ca.pem"))
        );
        let p =
            parse("postgresql://h/db?sslmode=verify-ca&sslcert=/etc/ca.pem&sslrootcert=ca2.pem");
        assert_eq!(
            p.ssl_root_cert.as_deref(),
            Some(Path::new("/app/prisma/ca2.pem"))
        );
        let p = parse("postgresql://h/db?sslmode=require&sslcert=/etc/ca.pem");
        assert_eq!(p.ssl_root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        // Prisma's `sslaccept=accept_invalid_certs`: TLS without checking the certificate.
        let p = parse(
            "postgresql://h/db?sslmode=verify-full&sslcert=/etc/ca.pem&sslaccept=accept_invalid_certs",
        );
        assert_eq!((p.ssl_mode, p.ssl_root_cert), (SslMode::Require, None));
        let err =
            DatabaseUrl::parse("postgresql://h/db?sslaccept=maybe", Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("sslaccept=maybe"), "{err}");
        // The TLS wish survives a round trip (shadow databases are opened from the string).
        let p = parse(
            "postgresql://u:p@h:5433/db?schema=s&sslmode=verify-full&sslrootcert=/etc/ca.pem",
        );
        assert_eq!(parse(&p.to_url_string()), p);
        assert_eq!(
            parse(&p.with_database("shadow").to_url_string()).ssl_mode,
            SslMode::VerifyFull
        );
    }

    #[test]
    fn unknown_schemes_are_refused_with_p1013() {
        for url in ["mongodb://x", "sqlserver://x", ""] {
            let err = DatabaseUrl::parse(url, Path::new(".")).unwrap_err();
            assert_eq!(err.code(), Some("P1013"), "{url}: {err}");
        }
        let err =
            DatabaseUrl::parse("postgresql://x/db?sslmode=sometimes", Path::new(".")).unwrap_err();
        assert!(err.to_string().contains("sslmode=sometimes"));
    }

    fn mysql(url: &str) -> MysqlUrl {
        match DatabaseUrl::parse(url, Path::new(".")).unwrap() {
            DatabaseUrl::Mysql(m) => m,
            other => panic!("not mysql: {other:?}"),
        }
    }

    #[test]
    fn mysql_urls_split_into_parts_as_prisma_reads_them() {
        let m =
            mysql("mysql://me:p%40ss%2Fw@db.example:3307/shop?connection_limit=5&sslaccept=strict");
        assert_eq!(m.host, "db.example");
        assert_eq!(m.port, 3307);
        assert_eq!(m.user, "me");
        assert_eq!(m.password.as_deref(), Some("p@ss/w"));
        assert_eq!(m.database, "shop");
        let d = mysql("mysql://localhost");
        assert_eq!(
            (d.port, d.user.as_str(), d.database.as_str()),
            (3306, "root", "mysql")
        );
        assert_eq!(mysql(&m.to_url_string()), m);
        assert_eq!(
            DatabaseUrl::Mysql(m).describe(),
            "MySQL database \"shop\" at \"db.example:3307\""
        );
    }

    #[test]
    fn postgres_urls_render_back() {
        let p = postgres("postgresql://me:p%40ss@localhost:5432/app?schema=s");
        assert_eq!(postgres(&p.to_url_string()), p);
    }
}
