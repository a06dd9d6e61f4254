//! The one provider enum: which database a schema, a connection URL, a migration history or a
//! client is for. Every layer names databases with [`Provider`]; what a layer needs to know of
//! a database beyond its names is a capability of that layer, written in the layer's dialect
//! module (a trait implemented for [`Provider`] there, or a trait object per database), so
//! that `match provider` stays in dialect modules (see ARCHITECTURE.md and
//! docs/decisions/0012-one-provider-enum.md).
//!
//! Only the databases Refract supports are variants. The providers Prisma knows that Refract
//! does not support yet (`cockroachdb`, `sqlserver`, `mongodb`) are a parse result
//! ([`ProviderName::Unsupported`]), so that no layer carries arms for databases it cannot
//! reach. Supporting one adds a variant, and the compiler lists every dialect module to fill.
#![deny(missing_docs)]

/// A database Refract supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// SQLite, a file or in memory (`sqlite`).
    Sqlite,
    /// PostgreSQL (`postgresql`, or `postgres`).
    Postgres,
    /// MySQL or MariaDB (`mysql`). Identifiers are quoted with backticks, which work whatever
    /// the server's `sql_mode` (double quotes name identifiers only under `ANSI_QUOTES`).
    Mysql,
}

/// What a `provider = "…"` string (or a `migration_lock.toml` provider) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderName {
    /// A database Refract supports.
    Supported(Provider),
    /// A provider Prisma knows and Refract does not support yet (`cockroachdb`, `sqlserver`,
    /// `mongodb`): its canonical name.
    Unsupported(&'static str),
    /// Not a provider name.
    Unknown,
}

/// The providers Prisma knows that Refract does not support yet, by their canonical names.
pub const UNSUPPORTED: [&str; 3] = ["cockroachdb", "sqlserver", "mongodb"];

impl Provider {
    /// Every database Refract knows, in the order `refract version` lists them.
    pub const ALL: [Provider; 3] = [Provider::Sqlite, Provider::Postgres, Provider::Mysql];

    /// How many databases there are: the size of per-database caches ([`Provider::index`]).
    pub const COUNT: usize = Provider::ALL.len();

    /// The database's slot in a per-database cache (its place in [`Provider::ALL`]).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// What a provider name names: Prisma's names (`sqlite`, `postgresql` or `postgres`,
    /// `mysql`), then the recognised but unsupported ones ([`UNSUPPORTED`]).
    pub fn parse(name: &str) -> ProviderName {
        match name {
            "sqlite" => ProviderName::Supported(Provider::Sqlite),
            "postgresql" | "postgres" => ProviderName::Supported(Provider::Postgres),
            "mysql" => ProviderName::Supported(Provider::Mysql),
            _ => UNSUPPORTED
                .iter()
                .find(|known| **known == name)
                .map_or(ProviderName::Unknown, |known| {
                    ProviderName::Unsupported(known)
                }),
        }
    }

    /// The supported provider a name names ([`Provider::parse`]), if any.
    pub fn from_name(name: &str) -> Option<Provider> {
        match Provider::parse(name) {
            ProviderName::Supported(provider) => Some(provider),
            ProviderName::Unsupported(_) | ProviderName::Unknown => None,
        }
    }

    /// The canonical name (`postgresql`, not `postgres`), as in `datasource { provider = … }`
    /// and `migration_lock.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Sqlite => "sqlite",
            Provider::Postgres => "postgresql",
            Provider::Mysql => "mysql",
        }
    }

    /// The name Prisma uses in `datasource { provider = … }` and `migration_lock.toml`
    /// ([`Provider::as_str`]).
    pub fn prisma_name(self) -> &'static str {
        self.as_str()
    }

    /// The product name Prisma prints (`SQLite database "dev.db" …`).
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Sqlite => "SQLite",
            Provider::Postgres => "PostgreSQL",
            Provider::Mysql => "MySQL",
        }
    }

    /// The cargo feature of the crates with drivers (`driver`, `client`, `migrate`, `cli`)
    /// that compiles the database's driver in: its Prisma name.
    pub fn feature(self) -> &'static str {
        self.as_str()
    }

    /// Whether the database lives on a server where databases are created and dropped by name
    /// (PostgreSQL, MySQL), rather than being a file (SQLite).
    pub fn is_server(self) -> bool {
        !matches!(self, Provider::Sqlite)
    }

    /// Whether DDL takes part in transactions, so that a migration script and its history row
    /// can commit as one (SQLite, PostgreSQL); MySQL commits each DDL statement implicitly.
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Provider::Mysql)
    }

    /// Whether a statement (its text, comments included) has no effect inside a transaction
    /// and must run outside one: SQLite's `PRAGMA foreign_keys` (a no-op in a transaction).
    pub fn runs_outside_transactions(self, statement: &str) -> bool {
        match self {
            Provider::Sqlite => {
                let words: String = statement
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_uppercase();
                words.starts_with("PRAGMAFOREIGN_KEYS")
                    || words.starts_with("PRAGMAMAIN.FOREIGN_KEYS")
                    || words.starts_with("PRAGMA\"FOREIGN_KEYS\"")
            }
            Provider::Postgres | Provider::Mysql => false,
        }
    }

    /// The character that quotes identifiers: `"` in standard SQL (SQLite, PostgreSQL), the
    /// backtick on MySQL.
    pub fn identifier_quote(self) -> char {
        match self {
            Provider::Sqlite | Provider::Postgres => '"',
            Provider::Mysql => '`',
        }
    }

    /// Appends `name` quoted as an identifier: `"a""b"` (SQLite, PostgreSQL) or `` `a``b` ``
    /// (MySQL), the quote character doubled inside the name, anything else kept as it is.
    pub fn push_identifier(self, sql: &mut String, name: &str) {
        let quote = self.identifier_quote();
        sql.reserve(name.len() + 2);
        sql.push(quote);
        if name.contains(quote) {
            for c in name.chars() {
                if c == quote {
                    sql.push(quote);
                }
                sql.push(c);
            }
        } else {
            sql.push_str(name);
        }
        sql.push(quote);
    }

    /// `name` quoted as an identifier ([`Provider::push_identifier`]).
    pub fn quote_identifier(self, name: &str) -> String {
        let mut s = String::with_capacity(name.len() + 2);
        self.push_identifier(&mut s, name);
        s
    }
}

impl std::fmt::Display for Provider {
    /// The canonical name ([`Provider::as_str`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Provider, ProviderName};

    #[test]
    fn names_round_trip_and_unsupported_ones_are_recognised() {
        for provider in Provider::ALL {
            assert_eq!(Provider::from_name(provider.as_str()), Some(provider));
            assert_eq!(Provider::ALL[provider.index()], provider);
        }
        assert_eq!(Provider::from_name("postgres"), Some(Provider::Postgres));
        assert_eq!(
            Provider::parse("mongodb"),
            ProviderName::Unsupported("mongodb")
        );
        assert_eq!(Provider::from_name("sqlserver"), None);
        assert_eq!(Provider::parse("oracle"), ProviderName::Unknown);
    }

    #[test]
    fn identifiers_are_quoted_with_the_quote_doubled() {
        assert_eq!(Provider::Postgres.quote_identifier("a\"b"), "\"a\"\"b\"");
        assert_eq!(Provider::Sqlite.quote_identifier("a`b"), "\"a`b\"");
        assert_eq!(Provider::Mysql.quote_identifier("a`b\"c"), "`a``b\"c`");
    }
}
