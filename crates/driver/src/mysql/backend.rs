//! The client's MySQL and MariaDB backend: mysql_async connections in a pool of our own (a connection goes back the
//! moment its guard is dropped, with no task hop, unlike mysql_async's pool, whose background
//! recycler made a current-thread runtime open a new connection for nearly every statement),
//! every statement prepared once per connection (found by its text in [`Conn`]'s cache, in front
//! of the driver's), transactions on a connection taken out of the pool.
//!
//! Statements are prepared exactly as given: the renderer quotes identifiers with MySQL's
//! backticks (`Dialect::Mysql`), and raw queries are the user's own MySQL SQL.

pub use mysql_async::Row;
use mysql_async::prelude::Queryable;
use mysql_async::{Opts, OptsBuilder, Params, Statement};

use crate::bind::{Bind, Param};
use crate::fault::Failure;
use crate::pool::{OwnedPermit, Permit, Pool, PoolConfig, Pooled};
use crate::statement_key::StatementMap;
use crate::url::MysqlUrl;

/// The result of a backend's call.
type Result<T, E = Failure> = std::result::Result<T, E>;

/// A MySQL error as a [`Failure`], classified.
fn db(e: &mysql_async::Error) -> Failure {
    Failure::Database(super::classify(e))
}

/// A MySQL connection and the statements prepared on it, by their text.
///
/// mysql_async keeps prepared statements too, but reaches them only through `prep`, which
/// first parses the whole text for named parameters (`:name`) and boxes a future, on every
/// statement: about 4,000 instructions a statement on W2 and W8 (MariaDB), more than binding
/// its parameters and reading its row. Here a text finds its statement with one hash lookup,
/// and `prep` runs only on a miss.
///
/// The statements here stay prepared on the server: this cache holds at most as many as
/// mysql_async's (`stmt_cache_size`), is cleared when full, and every statement in it went
/// through `prep` since it was last cleared. mysql_async closes a statement only when one more
/// than its capacity has been prepared since that statement was last used through `prep`,
/// which cannot happen to one of these before this cache is cleared. The only other `prep`
/// on the connection, the index lookup after a duplicate key (`error`), clears it.
pub struct Conn {
    conn: mysql_async::Conn,
    statements: StatementMap<Statement>,
    capacity: usize,
}

impl Conn {
    fn new(conn: mysql_async::Conn) -> Conn {
        let capacity = conn.opts().stmt_cache_size().max(1);
        Conn {
            conn,
            statements: StatementMap::default(),
            capacity,
        }
    }

    /// The statement prepared for `text`: the cached one, or prepared now (and cached).
    async fn prepare(&mut self, text: &str) -> std::result::Result<Statement, mysql_async::Error> {
        if let Some(stmt) = self.statements.get(text) {
            return Ok(stmt.clone());
        }
        let stmt = self.conn.prep(text).await?;
        if self.statements.len() >= self.capacity {
            self.statements.clear();
        }
        self.statements.insert(text.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// Rows matched by the last statement.
    fn affected(&self) -> u64 {
        self.conn.affected_rows()
    }

    /// The `AUTO_INCREMENT` value the last statement generated, if any.
    fn insert_id(&self) -> Option<u64> {
        self.conn.last_insert_id().filter(|id| *id != 0)
    }
}

/// What statements run on: a pooled connection or a transaction's (each a [`Conn`], passed
/// through its guard).
pub trait Connection: Send {
    /// The connection.
    fn connection(&mut self) -> &mut Conn;
}

impl Connection for Conn {
    fn connection(&mut self) -> &mut Conn {
        self
    }
}

/// A pool of MySQL connections.
pub struct MysqlPool {
    opts: Opts,
    connect_timeout: std::time::Duration,
    pool: Pool<Conn>,
    /// The server's version (`10.11.6-MariaDB…`), when asked for when the pool opened.
    version: Option<String>,
}

/// A connection taken from the pool; it goes back when dropped.
pub struct MysqlGuard<'p> {
    pool: &'p MysqlPool,
    conn: Option<Pooled<Conn>>,
    _permit: Permit<'p, Conn>,
}

impl std::ops::Deref for MysqlGuard<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for MysqlGuard<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn.as_mut().expect("present until drop")
    }
}

impl Drop for MysqlGuard<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.give_back(conn);
        }
    }
}

impl MysqlPool {
    /// Opens a pool from a Prisma MySQL URL (`mysql://user:password@host:port/database`, as the
    /// connector parsed it), and one connection now so that a wrong URL fails at connect time.
    pub async fn open(
        url: &MysqlUrl,
        pool: PoolConfig,
        statement_cache: usize,
        ask_version: bool,
    ) -> Result<Self> {
        let opts = OptsBuilder::default()
            .ip_or_hostname(url.host.clone())
            .tcp_port(url.port)
            .user(Some(url.user.clone()))
            .pass(url.password.clone())
            .db_name(Some(url.database.clone()).filter(|d| !d.is_empty()))
            .prefer_socket(false)
            .socket(url.socket.clone())
            // Rows matched, not rows changed, as the other databases count them (and Prisma).
            .client_found_rows(true)
            .stmt_cache_size(statement_cache.max(1))
            // Database-side `CURRENT_TIMESTAMP` defaults in UTC, like the values the client
            // writes; utf8mb4 for every text.
            .init(vec!["SET NAMES utf8mb4", "SET time_zone = '+00:00'"]);
        let mut pool = MysqlPool {
            opts: Opts::from(opts),
            connect_timeout: url.connect_timeout,
            pool: Pool::new(pool),
            version: None,
        };
        let first = pool.connect().await?;
        let mut first = pool.pool.adopt(first);
        if ask_version {
            let version: Option<String> = match first.conn.query_first("SELECT VERSION()").await {
                Ok(version) => version,
                Err(e) => return Err(error(&mut first, "SELECT VERSION()", e).await),
            };
            pool.version = Some(version.unwrap_or_default());
        }
        pool.give_back(first);
        Ok(pool)
    }

    /// The server's version, when the pool was opened asking for it (the client reads from it
    /// what the server's writes return).
    pub fn server_version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    async fn connect(&self) -> Result<Conn> {
        let connect = mysql_async::Conn::new(self.opts.clone());
        tokio::time::timeout(self.connect_timeout, connect)
            .await
            .map_err(|_| {
                Failure::Connection(format!(
                    "cannot connect to MySQL at {}:{}: timed out",
                    self.opts.ip_or_hostname(),
                    self.opts.tcp_port()
                ))
            })?
            .map_err(|e| match e {
                // The server answered: wrong password, no such database, too many connections…
                mysql_async::Error::Server(_) => db(&e),
                e => Failure::Connection(format!("cannot connect to MySQL: {e}")),
            })
            .map(Conn::new)
    }

    fn give_back(&self, conn: Pooled<Conn>) {
        self.pool.put_back(conn);
    }

    /// A new connection for the pool, when none is idle. On the heap: connecting (TLS,
    /// authentication) is rare, and its future, kilobytes inline, would weigh on every
    /// statement's that takes a connection. (Its callers take an idle connection themselves,
    /// without a future of their own for it: a call and a poll less a statement.)
    async fn connect_pooled(&self) -> Result<Pooled<Conn>> {
        Ok(self.pool.adopt(Box::pin(self.connect()).await?))
    }

    /// Takes a connection out of the pool with its permit, waiting when all are out (at most
    /// the pool timeout).
    pub async fn take(&self) -> Result<(Pooled<Conn>, OwnedPermit<Conn>)> {
        let permit = self.pool.acquire_owned().await?;
        let conn = match self.pool.take_idle() {
            Some(conn) => conn,
            None => self.connect_pooled().await?,
        };
        Ok((conn, permit))
    }

    /// Takes a connection; it goes back to the pool when dropped.
    pub async fn get(&self) -> Result<MysqlGuard<'_>> {
        let permit = self.pool.acquire().await?;
        let conn = match self.pool.take_idle() {
            Some(conn) => conn,
            None => self.connect_pooled().await?,
        };
        Ok(MysqlGuard {
            pool: self,
            conn: Some(conn),
            _permit: permit,
        })
    }

    /// What the pool holds.
    pub fn status(&self) -> crate::PoolStatus {
        self.pool.status()
    }

    /// Starts a transaction on a connection taken out of the pool. Ended with
    /// [`MysqlPool::end`]; a connection dropped instead closes, which rolls it back.
    pub async fn begin(
        &self,
        isolation: Option<&str>,
    ) -> Result<(Pooled<Conn>, OwnedPermit<Conn>)> {
        let (mut conn, permit) = self.take().await?;
        if let Some(level) = isolation {
            let set = format!("SET TRANSACTION ISOLATION LEVEL {level}");
            if let Err(e) = batch(&mut *conn, &set).await {
                self.give_back(conn);
                return Err(e);
            }
        }
        if let Err(e) = batch(&mut *conn, "START TRANSACTION").await {
            self.give_back(conn);
            return Err(e);
        }
        Ok((conn, permit))
    }

    /// Commits or rolls back a transaction's connection and gives it back.
    pub async fn end(&self, mut conn: Pooled<Conn>, sql: &str) -> Result<()> {
        let result = batch(&mut *conn, sql).await;
        // After a failed COMMIT or ROLLBACK the connection is rolled back before reuse, or
        // closed (which rolls back) when even that fails.
        if result.is_ok() || batch(&mut *conn, "ROLLBACK").await.is_ok() {
            self.give_back(conn);
        }
        result
    }
}

fn params<B: Bind>(values: &[B]) -> Result<Params> {
    if values.is_empty() {
        return Ok(Params::Empty);
    }
    values
        .iter()
        .map(to_mysql)
        .collect::<Result<Vec<_>>>()
        .map(Params::Positional)
}

/// A value as MySQL receives it. Decimals travel as text (MySQL converts them exactly),
/// times as MySQL datetimes in UTC (Prisma stores UTC in `DATETIME(3)`).
fn to_mysql<B: Bind>(value: &B) -> Result<mysql_async::Value> {
    use chrono::{Datelike, Timelike};
    use mysql_async::Value as M;
    Ok(match value.param() {
        Param::Null => M::NULL,
        Param::Bool(b) => M::Int(i64::from(b)),
        Param::Int(i) => M::Int(i),
        Param::Float(f) => M::Double(f),
        Param::Decimal(d) => M::Bytes(d.to_string().into_bytes()),
        Param::Text(s) => M::Bytes(s.as_bytes().to_vec()),
        Param::DateTime(t) => {
            let year = u16::try_from(t.year()).map_err(|_| {
                Failure::InvalidQuery(format!("{t} is out of MySQL's DATETIME range"))
            })?;
            M::Date(
                year,
                t.month() as u8,
                t.day() as u8,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
                t.timestamp_subsec_micros().min(999_999),
            )
        }
        Param::Date(d) => {
            let year = u16::try_from(d.year())
                .map_err(|_| Failure::InvalidQuery(format!("{d} is out of MySQL's DATE range")))?;
            M::Date(year, d.month() as u8, d.day() as u8, 0, 0, 0, 0)
        }
        Param::Time(t) => M::Time(
            false,
            0,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            (t.nanosecond() / 1_000).min(999_999),
        ),
        Param::Json(j) => M::Bytes(j.to_string().into_bytes()),
        Param::Bytes(b) => M::Bytes(b.to_vec()),
        Param::List(_) => {
            return Err(Failure::InvalidQuery(
                "MySQL has no list parameters: a list must be inlined".into(),
            ));
        }
    })
}

/// Runs a query, decoding each row with `f`.
pub async fn query<T, E: From<Failure>, B: Bind>(
    conn: &mut impl Connection,
    text: &str,
    params: &[B],
    mut f: impl FnMut(&Row) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    let conn = conn.connection();
    let params = self::params(params)?;
    let stmt = match conn.prepare(text).await {
        Ok(stmt) => stmt,
        Err(e) => return Err(Box::pin(error(conn, text, e)).await.into()),
    };
    let rows = run_query(&mut conn.conn, &stmt, params, &mut f).await;
    match rows {
        Ok(rows) => rows.into_iter().collect(),
        Err(e) => Err(Box::pin(error(conn, text, e)).await.into()),
    }
}

async fn run_query<T, E>(
    conn: &mut mysql_async::Conn,
    stmt: &Statement,
    params: Params,
    f: &mut impl FnMut(&Row) -> Result<T, E>,
) -> std::result::Result<Vec<Result<T, E>>, mysql_async::Error> {
    let mut result = conn.exec_iter(stmt, params).await?;
    result.map(|row| f(&row)).await
}

/// Runs a statement: the rows it matched, and the `AUTO_INCREMENT` value it generated.
pub async fn execute<B: Bind>(
    conn: &mut impl Connection,
    text: &str,
    params: &[B],
) -> Result<(u64, Option<u64>)> {
    let conn = conn.connection();
    let params = self::params(params)?;
    let stmt = match conn.prepare(text).await {
        Ok(stmt) => stmt,
        Err(e) => return Err(Box::pin(error(conn, text, e)).await),
    };
    match conn.conn.exec_drop(&stmt, params).await {
        Ok(()) => Ok((conn.affected(), conn.insert_id())),
        Err(e) => Err(Box::pin(error(conn, text, e)).await),
    }
}

/// Runs one statement once per row of parameters, prepared once.
pub async fn execute_many<B: Bind>(
    conn: &mut impl Connection,
    text: &str,
    rows: Vec<Vec<B>>,
) -> Result<u64> {
    let conn = conn.connection();
    let stmt = match conn.prepare(text).await {
        Ok(stmt) => stmt,
        Err(e) => return Err(Box::pin(error(conn, text, e)).await),
    };
    let mut n = 0;
    for row in rows {
        let params = params(&row)?;
        if let Err(e) = conn.conn.exec_drop(&stmt, params).await {
            return Err(Box::pin(error(conn, text, e)).await);
        }
        n += conn.affected();
    }
    Ok(n)
}

/// Runs SQL statements without parameters (MySQL's own syntax), one after the other.
pub async fn batch(conn: &mut impl Connection, script: &str) -> Result<()> {
    let conn = conn.connection();
    match conn.conn.query_drop(script).await {
        Ok(()) => Ok(()),
        Err(e) => Err(error(conn, script, e).await),
    }
}

/// The error of a failed statement, with Prisma's code. A unique violation names its index
/// only; its columns are read from `information_schema` (on the same connection, which a
/// failed statement leaves usable), so that P2002 lists fields on MySQL as elsewhere.
/// (Awaited on the heap by its callers: a failure is rare, and its lookup's future would
/// weigh on every statement's.)
async fn error(conn: &mut Conn, sql: &str, e: mysql_async::Error) -> Failure {
    let mysql_async::Error::Server(server) = &e else {
        return db(&e);
    };
    if server.code != 1062 && server.code != 1586 {
        return db(&e);
    }
    let Some((table, index)) = duplicate_key(&server.message, sql) else {
        return db(&e);
    };
    // The lookup is prepared through mysql_async's cache, which may close a statement that
    // `conn`'s cache still holds (see `Conn`).
    conn.statements.clear();
    let conn = &mut conn.conn;
    let lookup: std::result::Result<Vec<String>, _> = match &table {
        Some(table) => {
            conn.exec(
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS \
                 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ? \
                 ORDER BY SEQ_IN_INDEX",
                (table.as_str(), index.as_str()),
            )
            .await
        }
        None => {
            conn.exec(
                "SELECT COLUMN_NAME FROM information_schema.STATISTICS \
                 WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX",
                (index.as_str(),),
            )
            .await
        }
    };
    let mut classified = super::classify(&e);
    classified.fault = crate::Fault::UniqueViolation {
        fields: match lookup {
            Ok(fields) if !fields.is_empty() => fields,
            _ => vec![index.clone()],
        },
        target: Some(crate::fault::Target::Index(index)),
    };
    Failure::Database(classified)
}

/// The table (when known) and the index of a duplicate-key message: MariaDB writes
/// `… for key 'User_email_key'`, MySQL 8 `… for key 'User.User_email_key'`. Without the table
/// in the message, it is the statement's: the first identifier after `INSERT … INTO` or
/// `UPDATE`.
fn duplicate_key(message: &str, sql: &str) -> Option<(Option<String>, String)> {
    let at = message.rfind("for key '")?;
    let key = message[at + "for key '".len()..].trim_end_matches('\'');
    if let Some((table, index)) = key.split_once('.') {
        return Some((Some(table.to_owned()), index.to_owned()));
    }
    Some((statement_table(sql), key.to_owned()))
}

/// The table a rendered INSERT or UPDATE writes to.
fn statement_table(sql: &str) -> Option<String> {
    let upper = sql.get(..6)?.to_ascii_uppercase();
    if !upper.starts_with("INSERT") && !upper.starts_with("UPDATE") {
        return None;
    }
    let start = sql.find('`')? + 1;
    let mut name = String::new();
    let mut rest = sql[start..].chars().peekable();
    while let Some(c) = rest.next() {
        if c == '`' {
            if rest.peek() == Some(&'`') {
                rest.next();
            } else {
                return Some(name);
            }
        }
        name.push(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_name_their_index_and_table() {
        assert_eq!(
            duplicate_key(
                "Duplicate entry 'a@x' for key 'User_email_key'",
                "INSERT INTO `User` (`email`) VALUES (?)"
            ),
            Some((Some("User".into()), "User_email_key".into()))
        );
        assert_eq!(
            duplicate_key(
                "Duplicate entry 'a@x' for key 'User.PRIMARY'",
                "UPDATE `x` SET `a` = ?"
            ),
            Some((Some("User".into()), "PRIMARY".into()))
        );
        assert_eq!(
            duplicate_key("Duplicate entry '1' for key 'PRIMARY'", "SELECT 1"),
            Some((None, "PRIMARY".into()))
        );
    }
}
