//! PostgreSQL through tokio-postgres (pure Rust, async). One connection per [`PostgresConnection`];
//! its driver task runs on the tokio runtime until the connection is dropped.

#[cfg(feature = "postgresql")]
use std::collections::HashMap;
#[cfg(feature = "postgresql")]
use std::error::Error as _;
#[cfg(feature = "postgresql")]
use std::sync::Mutex;

#[cfg(feature = "postgresql")]
use tokio_postgres::types::{IsNull, Kind, ToSql, Type, to_sql_checked};

#[cfg(feature = "postgresql")]
use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};
#[cfg(feature = "postgresql")]
use crate::fault::{Classified, Fault, NOT_AVAILABLE, Target, quoted_after};
#[cfg(feature = "postgresql")]
use crate::url::PostgresUrl;
#[cfg(feature = "postgresql")]
use crate::value::{ResultSet, Value};

/// An open PostgreSQL connection, its `search_path` set to the URL's schema.
#[cfg(feature = "postgresql")]
pub struct PostgresConnection {
    client: tokio_postgres::Client,
    url: PostgresUrl,
    /// The statements of [`Self::execute`], prepared once per connection: `migrate deploy`
    /// writes two history rows per migration with the same two statements.
    prepared: Mutex<HashMap<String, tokio_postgres::Statement>>,
}

#[cfg(feature = "postgresql")]
impl std::fmt::Debug for PostgresConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresConnection")
            .field("host", &self.url.host)
            .field("database", &self.url.database)
            .field("schema", &self.url.schema)
            .finish()
    }
}

/// Quotes an identifier for PostgreSQL (`"a""b"`).
pub fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The driver's configuration for a parsed URL: host, port, credentials, database, connect
/// timeout, TLS mode, and libpq's `application_name` and `options` when the URL has them.
/// Prisma's own parameters (`schema`, `connection_limit`, …) are not driver settings; callers
/// apply them. Shared by the migration commands' connection and the client's pool, so that one
/// URL connects the same way everywhere.
#[cfg(feature = "postgresql")]
pub fn driver_config(url: &PostgresUrl) -> tokio_postgres::Config {
    let mut config = tokio_postgres::Config::new();
    config
        .host(&url.host)
        .port(url.port)
        .user(&url.user)
        .dbname(&url.database)
        .connect_timeout(url.connect_timeout)
        .ssl_mode(crate::tls::tokio_postgres_mode(url.ssl_mode));
    if let Some(password) = &url.password {
        config.password(password);
    }
    if let Some(name) = &url.application_name {
        config.application_name(name);
    }
    if let Some(options) = &url.options {
        config.options(options);
    }
    config
}

#[cfg(feature = "postgresql")]
impl PostgresConnection {
    /// Connects; errors carry Prisma's codes (P1001 unreachable, P1000 credentials, P1003 no
    /// such database, P1011 TLS required).
    pub async fn connect(url: &PostgresUrl) -> Result<PostgresConnection> {
        let tls = crate::tls::make_tls_connect(url.ssl_mode, url.ssl_root_cert.as_deref())?;
        let mut config = driver_config(url);
        if url.application_name.is_none() {
            config.application_name("refract");
        }
        let (client, connection) = config
            .connect(tls)
            .await
            .map_err(|e| connect_error(e, url))?;
        tokio::spawn(async move {
            // The error, if any, surfaces on the next query as a closed connection.
            let _ = connection.await;
        });
        let conn = PostgresConnection {
            client,
            url: url.clone(),
            prepared: Mutex::new(HashMap::new()),
        };
        conn.raw_cmd(&format!(
            "SET search_path TO {}",
            quote_identifier(&url.schema)
        ))
        .await?;
        Ok(conn)
    }

    /// The URL this connection was opened from.
    pub fn url(&self) -> &PostgresUrl {
        &self.url
    }

    /// The schema the URL names (`public` by default).
    pub fn schema(&self) -> &str {
        &self.url.schema
    }

    /// Runs a script of any number of statements through the simple query protocol: PostgreSQL
    /// runs a multi-statement script as one implicit transaction unless it has its own
    /// `BEGIN`/`COMMIT`.
    pub async fn raw_cmd(&self, script: &str) -> Result<()> {
        self.client
            .batch_execute(script)
            .await
            .map_err(convert_error)
    }

    /// Runs one statement with bound parameters (`$1`, `$2`, …) and returns its rows.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<ResultSet> {
        let stmt = self.client.prepare(sql).await.map_err(convert_error)?;
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        let binds: Vec<Bind<'_>> = params.iter().map(Bind).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            binds.iter().map(|b| b as &(dyn ToSql + Sync)).collect();
        let rows = self
            .client
            .query(&stmt, &refs)
            .await
            .map_err(convert_error)?;
        let out = rows
            .iter()
            .map(|row| crate::value::read_row(row, columns.len()))
            .collect::<Result<_>>()?;
        Ok(ResultSet { columns, rows: out })
    }

    /// Runs SQL through the simple query protocol and returns the rows of its last result, each
    /// value as PostgreSQL writes it in text (NULL as [`Value::Null`]): what a SQL console shows,
    /// whatever the column types (`numeric`, `jsonb`, `uuid`, arrays…).
    pub async fn query_text(&self, sql: &str) -> Result<ResultSet> {
        use tokio_postgres::SimpleQueryMessage;
        let messages = self.client.simple_query(sql).await.map_err(convert_error)?;
        let mut result = ResultSet {
            columns: Vec::new(),
            rows: Vec::new(),
        };
        for message in messages {
            match message {
                SimpleQueryMessage::RowDescription(columns) => {
                    result.columns = columns.iter().map(|c| c.name().to_owned()).collect();
                    result.rows.clear();
                }
                SimpleQueryMessage::Row(row) => result.rows.push(
                    (0..row.len())
                        .map(|i| {
                            row.get(i)
                                .map_or(Value::Null, |t| Value::Text(t.to_owned()))
                        })
                        .collect(),
                ),
                _ => {}
            }
        }
        Ok(result)
    }

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let binds: Vec<Bind<'_>> = params.iter().map(Bind).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            binds.iter().map(|b| b as &(dyn ToSql + Sync)).collect();
        let statement = self.prepared(sql).await?;
        match self.client.execute(&statement, &refs).await {
            // A script ran `DEALLOCATE ALL` / `DISCARD ALL`, or a table changed under a
            // cached plan: prepare afresh once.
            Err(e) if matches!(e.code().map(|c| c.code()), Some("26000" | "0A000")) => {
                self.forget_prepared();
                let statement = self.prepared(sql).await?;
                self.client
                    .execute(&statement, &refs)
                    .await
                    .map_err(convert_error)
            }
            other => other.map_err(convert_error),
        }
    }

    async fn prepared(&self, sql: &str) -> Result<tokio_postgres::Statement> {
        let cached = self
            .prepared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(sql)
            .cloned();
        if let Some(statement) = cached {
            return Ok(statement);
        }
        let statement = self.client.prepare(sql).await.map_err(convert_error)?;
        let mut cache = self
            .prepared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A bound on what a long-lived connection keeps prepared on the server.
        if cache.len() >= 64 {
            cache.clear();
        }
        cache.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn forget_prepared(&self) {
        self.prepared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

/// A [`Value`] bound as a PostgreSQL parameter, converted to the type the statement expects.
#[derive(Debug)]
#[cfg(feature = "postgresql")]
struct Bind<'a>(&'a Value);

#[cfg(feature = "postgresql")]
impl ToSql for Bind<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::OID => u32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Float(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(s) => {
                if matches!(ty.kind(), Kind::Enum(_)) {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else {
                    s.as_str().to_sql(ty, out)
                }
            }
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
            Value::DateTime(d) => match *ty {
                Type::TIMESTAMP => d.naive_utc().to_sql(ty, out),
                _ => d.to_sql(ty, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`, which reports a mismatch as an error.
        true
    }

    to_sql_checked!();
}

#[cfg(feature = "postgresql")]
fn connect_error(e: tokio_postgres::Error, url: &PostgresUrl) -> Error {
    if let Some(tls) = crate::tls::explain_failure(&e, url.ssl_mode) {
        return tls;
    }
    if let Some(db) = e.as_db_error() {
        return match db.code().code() {
            "28P01" | "28000" => Error::AuthenticationFailed {
                host: url.host.clone(),
                user: url.user.clone(),
            },
            "3D000" => Error::DatabaseDoesNotExist {
                database: url.database.clone(),
                host: url.host.clone(),
                port: url.port,
            },
            _ => convert_error(e),
        };
    }
    // No server answer at all: refused, unresolvable, or timed out.
    Error::DatabaseNotReachable {
        host: url.host.clone(),
        port: url.port,
    }
}

/// Converts a tokio-postgres error, keeping the SQLSTATE (what Prisma reports in P3018).
#[cfg(feature = "postgresql")]
pub(crate) fn convert_error(e: tokio_postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code().to_owned();
        let kind = classify(&e).fault.kind();
        let mut message = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            message.push_str(&format!("\nDETAIL: {detail}"));
        }
        if let Some(hint) = db.hint() {
            message.push_str(&format!("\nHINT: {hint}"));
        }
        return Error::Database(DatabaseError {
            kind,
            code,
            message,
        });
    }
    if e.is_closed() {
        return Error::ConnectionClosed;
    }
    let message = match e.source() {
        Some(source) => format!("{e}: {source}"),
        None => e.to_string(),
    };
    Error::Database(DatabaseError {
        kind: DatabaseErrorKind::Other,
        code: "none".to_owned(),
        message,
    })
}

/// Classifies a PostgreSQL error by its SQLSTATE, with the names the server gives in its
/// message and fields.
#[cfg(feature = "postgresql")]
pub fn classify(e: &tokio_postgres::Error) -> Classified {
    let Some(db) = e.as_db_error() else {
        return Classified {
            fault: if e.is_closed() {
                Fault::ConnectionClosed
            } else {
                Fault::Other
            },
            code: "postgres".to_owned(),
            // With the cause: a parameter's, such as an address that is not one, says why.
            message: match std::error::Error::source(e) {
                Some(cause) => format!("{e}: {cause}"),
                None => e.to_string(),
            },
        };
    };
    let code = db.code().code();
    let message = db.message();
    let named =
        |after: &str| quoted_after(message, after, '"').unwrap_or_else(|| NOT_AVAILABLE.to_owned());
    let fault = match code {
        "23505" => Fault::UniqueViolation {
            // "Key (a, b)=(1, 2) already exists."
            fields: db
                .detail()
                .and_then(|d| d.strip_prefix("Key ("))
                .and_then(|d| d.split_once(")="))
                .map(|(cols, _)| {
                    cols.split(", ")
                        .map(|c| c.trim_matches('"').to_owned())
                        .collect()
                })
                .unwrap_or_else(|| db.constraint().map(str::to_owned).into_iter().collect()),
            // Prisma 7's adapter names the constraint, which PostgreSQL always gives.
            target: db.constraint().map(|c| Target::Index(c.to_owned())),
        },
        // 23001: a `RESTRICT` referential action refused the change (Prisma 7: P2003 too).
        "23503" | "23001" => Fault::ForeignKeyViolation {
            constraint: db.constraint().unwrap_or("foreign key").to_owned(),
            target: match (db.column(), db.constraint()) {
                (Some(column), _) => Some(Target::Fields(vec![column.to_owned()])),
                (None, Some(constraint)) => Some(Target::Index(constraint.to_owned())),
                (None, None) => None,
            },
        },
        // Prisma 7's adapter looks for `Key (…)` in the DETAIL, which a NOT NULL violation's
        // (`Failing row contains (…)`) never has: it names nothing.
        "23502" => Fault::NotNullViolation {
            column: db.column().unwrap_or(NOT_AVAILABLE).to_owned(),
            target: None,
        },
        "40001" | "40P01" => Fault::WriteConflict,
        // PostgreSQL names no column for 22001, so Prisma's message says "(not available)".
        "22001" => Fault::ValueTooLong {
            column: db.column().unwrap_or(NOT_AVAILABLE).to_owned(),
        },
        "22003" => Fault::ValueOutOfRange,
        "22P02" => Fault::InvalidInput,
        // `relation "T" does not exist`
        "42P01" => Fault::TableMissing {
            table: named("relation "),
        },
        // `column T.c does not exist` / `column "c" does not exist`
        "42703" => Fault::ColumnMissing {
            column: message
                .strip_prefix("column ")
                .and_then(|m| m.strip_suffix(" does not exist"))
                .map_or_else(|| NOT_AVAILABLE.to_owned(), |c| c.replace('"', "")),
        },
        "42704" | "3F000" => Fault::UndefinedObject,
        "42601" => Fault::SyntaxError,
        "53300" => Fault::TooManyConnections,
        // `database "d" does not exist`
        "3D000" => Fault::DatabaseMissing {
            database: named("database "),
        },
        // `… for user "u", database "d", …`
        "28000" => Fault::AccessDenied {
            database: named("database "),
        },
        // `password authentication failed for user "u"`
        "28P01" => Fault::AuthenticationFailed {
            user: named("for user "),
        },
        _ => Fault::Other,
    };
    Classified {
        fault,
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

#[cfg(feature = "postgresql")]
mod cells;
#[cfg(feature = "postgresql")]
mod native;

#[cfg(feature = "postgresql")]
pub mod backend;
