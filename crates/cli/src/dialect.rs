//! What the CLI says and writes per database: `init`'s example URLs and help, and the message
//! for a database the migrate commands created. The CLI's only match on the provider.

use driver::{DatabaseUrl, Provider};

/// The help `refract init --datasource-provider` shows for a provider.
pub fn init_help(provider: Provider) -> &'static str {
    match provider {
        Provider::Sqlite => "SQLite: an embedded database in a file (the default)",
        Provider::Postgres => "PostgreSQL",
        Provider::Mysql => "MySQL or MariaDB",
    }
}

/// The example URL `init` writes to `.env` for a provider (Prisma's).
pub fn example_url(provider: Provider) -> &'static str {
    match provider {
        // Relative to prisma.config.ts (as Prisma 7 resolves it): beside the schema.
        Provider::Sqlite => "file:./prisma/dev.db",
        Provider::Postgres => {
            "postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public"
        }
        Provider::Mysql => "mysql://johndoe:randompassword@localhost:3306/mydb",
    }
}

/// What Prisma prints after creating the database a URL names (`SQLite database dev.db created
/// at file:./dev.db`), with the blank line after it.
pub fn database_created(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(s) => format!(
            "SQLite database {} created at file:{}\n",
            s.file_name(),
            s.original_path
        ),
        DatabaseUrl::Postgres(p) => format!(
            "PostgreSQL database {} created at {}:{}\n",
            p.database, p.host, p.port
        ),
        DatabaseUrl::Mysql(m) => format!(
            "MySQL database {} created at {}:{}\n",
            m.database, m.host, m.port
        ),
    }
}
