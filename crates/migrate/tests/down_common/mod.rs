//! Shared by the down-migration tests (`down`, `down_random`): a schema's canonical form (what
//! "introspection identical" compares), and one migration's up → down → up cycle through the
//! library commands (`deploy`, `plan_down`, `apply_down`), checked at each stage.
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod rows;

use std::path::Path;

use driver::Connection;
use migrate::commands::{DownTarget, apply_down, deploy, plan_down};
use migrate::history::{History, MigrationsFolder};
use migrate::{Dialect, SqlSchema};

/// The dialect of a connection.
pub fn dialect_of(conn: &Connection) -> &'static dyn Dialect {
    let provider = schema::Provider::from_name(conn.provider().prisma_name()).expect("provider");
    migrate::for_provider(provider)
}

/// The schema with its tables, enums, columns, indexes and foreign keys in name order (ids and
/// column positions renumbered to match), printed: two databases whose canonical forms are
/// equal have the same objects with the same properties. Column order is left out: a column a
/// migration dropped comes back at the end of its table (`ADD COLUMN` appends).
pub fn canonical(schema: &SqlSchema) -> String {
    let mut s = schema.clone();
    // Enums by name, and the columns that use them renumbered.
    let mut enum_order: Vec<usize> = (0..s.enums.len()).collect();
    enum_order.sort_by(|&a, &b| s.enums[a].name.cmp(&s.enums[b].name));
    let enum_new = inverse(&enum_order);
    s.enums = enum_order
        .iter()
        .map(|&i| schema.enums[i].clone())
        .collect();
    // Tables by name.
    let mut table_order: Vec<usize> = (0..s.tables.len()).collect();
    table_order.sort_by(|&a, &b| {
        (schema.tables[a].namespace, &schema.tables[a].name)
            .cmp(&(schema.tables[b].namespace, &schema.tables[b].name))
    });
    let table_new = inverse(&table_order);
    // Columns by name within each table.
    let column_orders: Vec<Vec<usize>> = schema
        .tables
        .iter()
        .map(|t| {
            let mut order: Vec<usize> = (0..t.columns.len()).collect();
            order.sort_by(|&a, &b| t.columns[a].name.cmp(&t.columns[b].name));
            order
        })
        .collect();
    let column_new: Vec<Vec<usize>> = column_orders.iter().map(|o| inverse(o)).collect();
    let mut tables = Vec::new();
    for &old in &table_order {
        let mut t = schema.tables[old].clone();
        let map = &column_new[old];
        t.columns = column_orders[old]
            .iter()
            .map(|&c| schema.tables[old].columns[c].clone())
            .collect();
        for c in &mut t.columns {
            if let sql_schema::ColumnTypeFamily::Enum(id) = &mut c.tpe.family {
                id.0 = enum_new[id.0 as usize] as u32;
            }
        }
        if let Some(pk) = &mut t.primary_key {
            for c in &mut pk.columns {
                c.column = map[c.column];
            }
        }
        for index in &mut t.indexes {
            for c in &mut index.columns {
                c.column = map[c.column];
            }
        }
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for fk in &mut t.foreign_keys {
            fk.columns = fk.columns.iter().map(|&c| map[c]).collect();
            let target = fk.referenced_table.0 as usize;
            fk.referenced_columns = fk
                .referenced_columns
                .iter()
                .map(|&c| column_new[target][c])
                .collect();
            fk.referenced_table.0 = table_new[target] as u32;
        }
        t.foreign_keys
            .sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        tables.push(t);
    }
    s.tables = tables;
    format!("{s:#?}")
}

fn inverse(order: &[usize]) -> Vec<usize> {
    let mut out = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        out[old] = new;
    }
    out
}

/// The first line where two canonical forms differ, with some context, for a failure message.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let i = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = i.saturating_sub(12);
    format!(
        "expected:\n{}\nactual:\n{}",
        e[from..(i + 3).min(e.len())].join("\n"),
        a[from..(i + 3).min(a.len())].join("\n")
    )
}

/// Copies one migration folder (its `migration.sql`) into `folder`.
pub fn copy_migration(source: &Path, folder: &MigrationsFolder) -> String {
    let name = source.file_name().unwrap().to_string_lossy().into_owned();
    let script = std::fs::read_to_string(source.join("migration.sql")).unwrap();
    let (timestamp, rest) = name.split_at(14.min(name.len()));
    let rest = rest.strip_prefix('_').unwrap_or(rest);
    let created = folder.create_migration(timestamp, rest, &script).unwrap();
    assert_eq!(created.name(), name);
    name
}

/// What a cycle learned: the schema after the migration.
pub struct Cycle {
    /// The schema after the migration (the next one's "before").
    pub after: SqlSchema,
    /// The down script written.
    pub down: String,
}

/// With `before` the described schema of the database and `name` the folder's newest,
/// pending migration: deploys it, describes the result, writes its `down.sql` (the differ in
/// reverse), calls `fill` with that schema and script (to put rows in), reverts it with `plan_down`/`apply_down`, checks
/// that the schema is `before` again (canonically) and that its history row is gone, calls
/// `check_rows`, deploys it again and checks that the schema is the one after it again. `Err`
/// says which of these went wrong (the database is then in no known state).
pub async fn up_down_up(
    conn: &Connection,
    folder: &MigrationsFolder,
    name: &str,
    before: &SqlSchema,
    fill: impl AsyncFnOnce(&SqlSchema, &str),
    check_rows: impl AsyncFnOnce(&SqlSchema),
) -> Result<Cycle, String> {
    let dialect = dialect_of(conn);
    let out = deploy(conn, folder)
        .await
        .map_err(|e| format!("{name}: deploy failed: {e}"))?;
    assert_eq!(out.applied, [name], "{name}: deploy applied");
    let after = migrate::introspect::introspect(conn).await.unwrap();
    let down = migrate::down::down_script(&after, before, dialect);
    let migration = folder.find(name).unwrap().unwrap();
    migration.write_down_script(&down).unwrap();
    fill(&after, &down).await;

    let plan = plan_down(conn, folder, &DownTarget::Steps(1))
        .await
        .map_err(|e| format!("{name}: plan_down: {e}"))?;
    let names: Vec<&str> = plan.steps.iter().map(|s| s.name()).collect();
    assert_eq!(names, [name]);
    let reverted = apply_down(conn, &plan, &mut |_| {})
        .await
        .map_err(|e| format!("{name}: down failed: {e}\n{down}"))?;
    assert_eq!(reverted, [name]);
    let back = migrate::introspect::introspect(conn).await.unwrap();
    let (expected, actual) = (canonical(before), canonical(&back));
    if expected != actual {
        return Err(format!(
            "{name}: up then down did not give the schema before the migration\n{}\n--- down.sql:\n{down}",
            first_difference(&expected, &actual)
        ));
    }
    let records = History::new(conn).load().await.unwrap().unwrap_or_default();
    assert!(
        !records.iter().any(|r| r.migration_name == name),
        "{name}: its row is still in _prisma_migrations"
    );
    check_rows(before).await;

    let out = deploy(conn, folder)
        .await
        .map_err(|e| format!("{name}: deploy after down failed: {e}\n--- down.sql:\n{down}"))?;
    assert_eq!(out.applied, [name], "{name}: deploy after down applied");
    let again = migrate::introspect::introspect(conn).await.unwrap();
    let (expected, actual) = (canonical(&after), canonical(&again));
    if expected != actual {
        return Err(format!(
            "{name}: up, down, up did not give the same schema as up\n{}\n--- down.sql:\n{down}",
            first_difference(&expected, &actual)
        ));
    }
    Ok(Cycle { after, down })
}
