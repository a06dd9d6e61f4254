//! The row a [`RowReader`](crate::decode::RowReader) reads: each database's own row type, so
//! that reading a cell is a direct (inlined) call into that database's
//! [`Cells`](driver::Cells), not a call through a vtable (docs/decisions/0018-one-row-reading.md).

use driver::backend::{mysql, postgres, sqlite};
use driver::{Cell, CellError, Cells};

/// A row of one database. A database whose feature is off has an uninhabited stand-in here,
/// and its arm compiles to nothing.
#[derive(Clone, Copy)]
pub(crate) enum Source<'r> {
    Sqlite(&'r sqlite::Row<'r>),
    Postgres(&'r postgres::Row),
    Mysql(&'r mysql::Row),
    /// A record read from the JSON of the `join` relation load strategy
    /// (`super::nested`), its cells already typed.
    Cells(&'r super::nested::CellRow<'r>),
}

impl<'r> Source<'r> {
    #[inline(always)]
    pub(crate) fn cell(self, idx: usize) -> Result<Cell<'r>, CellError> {
        match self {
            Source::Sqlite(row) => row.cell(idx),
            Source::Postgres(row) => row.cell(idx),
            Source::Mysql(row) => row.cell(idx),
            Source::Cells(row) => row
                .cells
                .get(idx)
                .cloned()
                .ok_or_else(|| CellError(format!("no column {idx} in a record read from JSON"))),
        }
    }

    pub(crate) fn is_null(self, idx: usize) -> bool {
        match self {
            Source::Sqlite(row) => row.is_null(idx),
            Source::Postgres(row) => row.is_null(idx),
            Source::Mysql(row) => row.is_null(idx),
            Source::Cells(row) => matches!(row.cells.get(idx), Some(Cell::Null) | None),
        }
    }

    #[cold]
    pub(crate) fn column_name(self, idx: usize) -> String {
        match self {
            Source::Sqlite(row) => row.column_name(idx),
            Source::Postgres(row) => row.column_name(idx),
            Source::Mysql(row) => row.column_name(idx),
            Source::Cells(row) => row.column_name(idx),
        }
    }
}
