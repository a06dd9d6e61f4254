//! The `join` relation load strategy for queries with a selection (`select`, `omit`, relation
//! counts): one statement, each selected relation a LATERAL subquery whose records are JSON
//! arrays of what their own selection reads (fields, relation counts, nested relations,
//! planned by each selection's [`Selection::join`] into a `crate::join::JoinPlan`), read back
//! by each selection's [`Selection::read_joined`] from typed cells
//! (`decode::nested::selected_values`), as the query strategy's rows are read.

use crate::client::Exec;
use crate::decode::nested::{self, CellRow, Json};
use crate::decode::{RowReader, Source};
use crate::error::Result;
use crate::include::decode_error;
use crate::join::{JoinPlan, RelationLoadStrategy, refused, wants_join};
use crate::meta::RelationMeta;
use crate::query::Select;
use crate::render;
use crate::select::Selection;
use crate::typed::Model;

/// The records `select` picks, read with `selection`, its relations loaded by the join
/// strategy in the same statement; `None` when the query strategy loads them: the strategy
/// asked for (or the schema's default) is `Query`, the selection has no relation (one
/// statement either way), or the join strategy cannot load it (a debug event says why).
pub(crate) async fn select_many<M: Model, S: Selection<M>>(
    exec: Exec<'_>,
    select: &Select,
    distinct: &[usize],
    selection: &S,
    strategy: Option<RelationLoadStrategy>,
) -> Result<Option<Vec<S::Output>>> {
    if !wants_join::<M>(strategy) {
        return Ok(None);
    }
    let mut shape = JoinPlan::new(None, M::META);
    let shaped = selection.join(&mut shape)?;
    if !shape.has_relations() {
        return Ok(None);
    }
    if let Err(why) = shaped {
        return refused::<M, _>(why);
    }
    if !render::joins(exec.dialect()) {
        return refused::<M, _>(format!("no join strategy on {:?}", exec.dialect()));
    }
    if !distinct.is_empty() {
        return refused::<M, _>("`distinct` on the query".into());
    }
    if select.cursor.is_some() {
        return refused::<M, _>("`cursor` on the query".into());
    }
    let mut plan = JoinPlan::new(Some(exec), M::META);
    if let Err(why) = selection.join(&mut plan)? {
        return refused::<M, _>(why);
    }
    let mut plain = select.clone();
    let backwards = plain.plain_page(false)?;
    let sql = match render::select_joined(exec.dialect(), &plain, &plan.items)? {
        Ok(sql) => sql,
        Err(why) => return refused::<M, _>(why),
    };
    let mut rows = exec.query(&sql, |row| selection.read_joined(row)).await?;
    if backwards {
        rows.reverse();
    }
    Ok(Some(rows))
}

/// Reads the records of relation `relation` (of `C` records) from its JSON column or
/// element, each with `selection`: every record of a list relation, at most one of a to-one
/// relation.
pub(crate) fn read_related<C: Model, S: Selection<C>>(
    row: &mut RowReader<'_>,
    relation: &'static RelationMeta,
    selection: &S,
) -> Result<Vec<S::Output>> {
    let text: Option<String> = row.read()?;
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let json = Json::parse(&text).map_err(|e| decode_error(relation.name, e))?;
    let mut shape = JoinPlan::new(None, C::META);
    // Only the kinds: a selection that cannot be joined was refused when planning.
    let _ = selection.join(&mut shape)?;
    let read = |record: &Json<'_>| -> Result<S::Output> {
        let elements = record
            .elements()
            .map_err(|e| decode_error(relation.name, e))?;
        let values = nested::selected_values(C::META, &shape.kinds, elements)
            .map_err(|e| decode_error(relation.name, e))?;
        let row = CellRow {
            cells: values.iter().map(nested::Owned::cell).collect(),
            model: C::META,
        };
        selection.read_joined(&mut RowReader::new(Source::Cells(&row)))
    };
    if relation.list {
        json.elements()
            .map_err(|e| decode_error(relation.name, e))?
            .iter()
            .map(read)
            .collect()
    } else {
        match json {
            Json::Null => Ok(Vec::new()),
            record => Ok(vec![read(&record)?]),
        }
    }
}
