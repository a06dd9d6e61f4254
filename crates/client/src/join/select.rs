//! The `join` relation load strategy for queries with a selection (`select`, `omit`, relation
//! counts): one statement, each selected relation a LATERAL subquery whose records are JSON
//! arrays of what their own selection reads (fields, relation counts, nested relations), read
//! back by each selection's [`Selection::read_joined`] from typed cells
//! (`decode::nested::selected_values`), as the query strategy's rows are read.

use crate::client::Exec;
use crate::decode::nested::{self, CellRow, ElementKind, Json};
use crate::decode::{RowReader, Source};
use crate::error::{Error, Result};
use crate::include::decode_error;
use crate::meta::{ModelMeta, RelationMeta};
use crate::query::{Col, Cond, Projection, Select};
use crate::render::{self, JoinItem, JoinRel};
use crate::select::Selection;
use crate::typed::Model;

use super::{RelationLoadStrategy, refused, wants_join};

/// What a selection reads in a joined statement ([`Selection::join`]): its items, in the
/// order [`Selection::read_joined`] reads them, and how each is read from a record's JSON.
pub struct JoinPlan<'e> {
    /// The query's executor (its extensions' read hooks filter the related records); `None`
    /// when only [`JoinPlan::kinds`] are wanted (to read a record).
    pub(crate) exec: Option<Exec<'e>>,
    /// The model whose records the selection reads.
    pub(crate) model: &'static ModelMeta,
    /// The items to render (when `exec` is given).
    pub(crate) items: Vec<JoinItem>,
    /// How each item is read from a record's JSON array.
    pub(crate) kinds: Vec<ElementKind>,
}

/// What a selection's [`Selection::join`] returns: `Ok(Err(reason))` where it cannot be
/// joined (the query strategy runs, and a debug event gives the reason).
pub type Planned = Result<std::result::Result<(), String>>;

impl<'e> JoinPlan<'e> {
    /// The plan of a statement over `model`'s records.
    pub(crate) fn new(exec: Option<Exec<'e>>, model: &'static ModelMeta) -> Self {
        JoinPlan {
            exec,
            model,
            items: Vec::new(),
            kinds: Vec::new(),
        }
    }

    /// Whether some item is a relation (otherwise the query strategy is one statement too).
    pub(crate) fn has_relations(&self) -> bool {
        self.kinds.contains(&ElementKind::Relation)
    }

    /// The field at `index` of the model.
    pub(crate) fn field(&mut self, index: usize) {
        self.items.push(JoinItem::Field(index));
        self.kinds
            .push(ElementKind::Field(self.model.fields[index].kind));
    }

    /// The field stored in `column`.
    pub(crate) fn column(&mut self, column: Col) -> std::result::Result<(), String> {
        let index = self
            .model
            .fields
            .iter()
            .position(|f| f.column == column)
            .ok_or_else(|| format!("model {} has no column {column}", self.model.name))?;
        self.field(index);
        Ok(())
    }

    /// A relation count.
    pub(crate) fn count(&mut self, relation: &'static RelationMeta, filter: Cond) {
        self.items.push(JoinItem::Count(relation, filter));
        self.kinds.push(ElementKind::Count);
    }

    /// What `project` adds: columns and relation counts.
    pub(crate) fn projections(&mut self, items: &[Projection]) -> std::result::Result<(), String> {
        for item in items {
            match item {
                Projection::Column(col) => self.column(col)?,
                Projection::Count(rel, filter) => self.count(rel, filter.clone()),
            }
        }
        Ok(())
    }

    /// A relation, planned by `plan` with the query's executor (not called when only the
    /// kinds are wanted).
    pub(crate) fn relation(
        &mut self,
        plan: impl FnOnce(Exec<'e>) -> Result<std::result::Result<JoinRel, String>>,
    ) -> Planned {
        self.kinds.push(ElementKind::Relation);
        if let Some(exec) = self.exec {
            match plan(exec)? {
                Ok(rel) => self.items.push(JoinItem::Relation(rel)),
                Err(why) => return Ok(Err(why)),
            }
        }
        Ok(Ok(()))
    }
}

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

/// The error of [`Selection::read_joined`] on a selection that has no joined form (never
/// reached: such a selection is refused when the statement is planned).
pub(crate) fn not_joined() -> Error {
    Error::InvalidQuery("this selection cannot be read from a joined statement".into())
}
