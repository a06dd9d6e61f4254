//! SQLite's [`Extras`]: the index order of each table (`PRAGMA index_list`, newest first) and
//! the views with their columns (`PRAGMA table_info`), typed as the table describer types
//! columns.

use driver::Connection;
use sql_schema::{Column, ColumnArity};

use crate::introspect::extras::{Extras, View, ViewDefinition, view_definitions_of};

fn quote(name: &str) -> String {
    driver::postgres::quote_identifier(name)
}

/// Reads the [`Extras`] of the SQLite database behind `conn`.
pub async fn extras(conn: &Connection) -> Result<Extras, driver::Error> {
    let mut extras = Extras::default();
    let objects = conn
        .query(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            &[],
        )
        .await?;
    for row in objects.iter() {
        let (Some(kind), Some(name)) = (row.text("type"), row.text("name")) else {
            continue;
        };
        if kind == "table" {
            let list = conn
                .query(&format!("PRAGMA index_list({})", quote(name)), &[])
                .await?;
            let names = list
                .iter()
                .filter_map(|r| r.text("name").map(str::to_owned))
                .collect();
            extras.index_order.insert(name.to_owned(), names);
            continue;
        }
        let info = conn
            .query(&format!("PRAGMA table_info({})", quote(name)), &[])
            .await?;
        let columns = info
            .iter()
            .map(|c| {
                let declared = c.text("type").unwrap_or_default();
                Column::new(
                    c.text("name").unwrap_or_default(),
                    super::family_of(declared),
                    declared,
                    ColumnArity::Nullable,
                )
            })
            .collect();
        extras.views.push(View {
            name: name.to_owned(),
            columns,
        });
    }
    Ok(extras)
}

/// The views of the SQLite database behind `conn` with their SQL as the catalog stores it, by name.
pub async fn view_definitions(conn: &Connection) -> Result<Vec<ViewDefinition>, driver::Error> {
    let rows = conn
        .query(
            "SELECT 'main' AS schema_name, name, sql AS definition FROM sqlite_master WHERE type = 'view' ORDER BY name",
            &[],
        )
        .await?;
    Ok(view_definitions_of(&rows))
}
