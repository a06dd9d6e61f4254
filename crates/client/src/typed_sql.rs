//! TypedSQL's runtime (Prisma's `$queryRawTyped`): a query that `refract generate --sql` wrote
//! from a `.sql` file implements [`TypedSql`]; [`Client::query_typed`] and
//! [`Transaction::query_typed`] run it with its arguments bound as parameters and read each row
//! into its row struct (docs/typed-sql.md).

use crate::client::{Client, Exec, Transaction};
use crate::decode::RowReader;
use crate::error::Result;
use crate::render::Sql;
use crate::value::Value;

/// A query generated from a `.sql` file, with its arguments: the SQL as written, the arguments
/// as bound parameters in order, and how to read one row. Implemented by generated code only.
pub trait TypedSql {
    /// One row of the result.
    type Row;
    /// The statement, as the file wrote it.
    const SQL: &'static str;
    /// The arguments, in binding order.
    fn params(self) -> Vec<Value>;
    /// Reads one row, column by column.
    fn row(reader: &mut RowReader<'_>) -> Result<Self::Row>;
}

async fn run<Q: TypedSql>(exec: Exec<'_>, query: Q) -> Result<Vec<Q::Row>> {
    let sql = Sql {
        text: Q::SQL.to_owned(),
        params: query.params(),
    };
    crate::error::in_raw_query(exec.query(&sql, Q::row)).await
}

impl Client {
    /// Runs a query of `prisma/sql` (Prisma's `$queryRawTyped`):
    /// `client.query_typed(sql::get_users_by_age(18, 30))` returns its rows, typed as the
    /// database described them when `refract generate --sql` ran.
    pub async fn query_typed<Q: TypedSql>(&self, query: Q) -> Result<Vec<Q::Row>> {
        run(Exec::Client(self), query).await
    }
}

impl Transaction {
    /// Runs a query of `prisma/sql` inside the transaction, as [`Client::query_typed`].
    pub async fn query_typed<Q: TypedSql>(&self, query: Q) -> Result<Vec<Q::Row>> {
        run(Exec::Transaction(self), query).await
    }
}
