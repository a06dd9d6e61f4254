//! PostgreSQL: the describe of a prepared statement (parameter and column types), NOT NULL
//! from `pg_attribute` for the columns that come straight from a table.

use tokio_postgres::types::{Kind, Type};

use super::text::{line_of_offset, outer_joins};
use super::{Column, Description, Param, ScalarType, SqlType, StatementError};
use crate::url::DatabaseUrl;

/// Describes the statements when the URL is PostgreSQL's (`None` otherwise).
pub(super) async fn describe(
    url: &DatabaseUrl,
    statements: &[String],
) -> Option<crate::Result<Vec<Result<Description, StatementError>>>> {
    let DatabaseUrl::Postgres(url) = url else {
        return None;
    };
    Some(describe_all(url, statements).await)
}

async fn describe_all(
    url: &crate::url::PostgresUrl,
    statements: &[String],
) -> crate::Result<Vec<Result<Description, StatementError>>> {
    // Connecting as the migration commands do gives their errors (P1001, P1000, P1003, …).
    drop(crate::postgres::PostgresConnection::connect(url).await?);
    let tls = crate::tls::make_tls_connect(url.ssl_mode, url.ssl_root_cert.as_deref())?;
    let mut config = crate::postgres::driver_config(url);
    if url.application_name.is_none() {
        config.application_name("refract");
    }
    let (client, connection) = config
        .connect(tls)
        .await
        .map_err(crate::postgres::convert_error)?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
        .batch_execute(&format!(
            "SET search_path TO {}",
            crate::postgres::quote_identifier(&url.schema)
        ))
        .await
        .map_err(crate::postgres::convert_error)?;
    let mut out = Vec::with_capacity(statements.len());
    for sql in statements {
        out.push(describe_one(&client, sql).await?);
    }
    Ok(out)
}

/// One statement; the outer error is the connection's.
async fn describe_one(
    client: &tokio_postgres::Client,
    sql: &str,
) -> crate::Result<Result<Description, StatementError>> {
    let stmt = match client.prepare(sql).await {
        Ok(stmt) => stmt,
        Err(e) => {
            let Some(db) = e.as_db_error() else {
                return Err(crate::postgres::convert_error(e));
            };
            let line = match db.position() {
                Some(tokio_postgres::error::ErrorPosition::Original(p)) => {
                    // A 1-based character position.
                    let offset = sql
                        .char_indices()
                        .nth((*p as usize).saturating_sub(1))
                        .map_or(sql.len(), |(i, _)| i);
                    Some(line_of_offset(sql, offset))
                }
                _ => None,
            };
            let mut message = db.message().to_owned();
            if let Some(hint) = db.hint() {
                message.push_str(&format!(" (hint: {hint})"));
            }
            return Ok(Err(StatementError { message, line }));
        }
    };
    let params = stmt
        .params()
        .iter()
        .map(|t| Param {
            name: None,
            ty: sql_type(t),
            db_type: t.name().to_owned(),
        })
        .collect();
    let joins = outer_joins(sql);
    let mut columns = Vec::with_capacity(stmt.columns().len());
    for c in stmt.columns() {
        let not_null = match (c.table_oid(), c.column_id()) {
            (Some(table), Some(column)) => {
                let row = client
                    .query_opt(
                        "SELECT c.relname::text, a.attnotnull FROM pg_catalog.pg_attribute a \
                         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
                         WHERE a.attrelid = $1 AND a.attnum = $2",
                        &[&table, &column],
                    )
                    .await
                    .map_err(crate::postgres::convert_error)?;
                row.is_some_and(|r| {
                    r.get::<_, bool>(1) && !joins.nullable(Some(r.get::<_, &str>(0)))
                })
            }
            _ => false,
        };
        columns.push(Column {
            name: c.name().to_owned(),
            ty: sql_type(c.type_()),
            db_type: c.type_().name().to_owned(),
            nullable: !not_null,
        });
    }
    Ok(Ok(Description { params, columns }))
}

/// The type Refract reads a PostgreSQL type as (arrays as lists of their element's).
fn sql_type(t: &Type) -> Option<SqlType> {
    if let Kind::Array(element) = t.kind() {
        return scalar(element).map(|scalar| SqlType { scalar, list: true });
    }
    scalar(t).map(SqlType::scalar)
}

fn scalar(t: &Type) -> Option<ScalarType> {
    if let Kind::Enum(_) = t.kind() {
        return Some(ScalarType::String);
    }
    Some(match *t {
        Type::INT2 | Type::INT4 => ScalarType::Int,
        Type::INT8 | Type::OID => ScalarType::BigInt,
        Type::FLOAT4 | Type::FLOAT8 => ScalarType::Float,
        Type::NUMERIC | Type::MONEY => ScalarType::Decimal,
        Type::TEXT
        | Type::VARCHAR
        | Type::BPCHAR
        | Type::NAME
        | Type::CHAR
        | Type::UUID
        | Type::XML
        | Type::INET
        | Type::CIDR
        | Type::MACADDR
        | Type::BIT
        | Type::VARBIT
        | Type::UNKNOWN => ScalarType::String,
        Type::BOOL => ScalarType::Boolean,
        Type::TIMESTAMP | Type::TIMESTAMPTZ | Type::DATE | Type::TIME | Type::TIMETZ => {
            ScalarType::DateTime
        }
        Type::JSON | Type::JSONB => ScalarType::Json,
        Type::BYTEA => ScalarType::Bytes,
        _ => return None,
    })
}
