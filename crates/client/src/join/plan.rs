//! The plan of a selection's part of a joined statement (`select`, `omit`, relation counts):
//! what each selection reads, as `render::JoinItem`s, and how each is read back from a
//! record's JSON. The statement is run and read by `crate::select::join`.

use crate::client::Exec;
use crate::decode::nested::ElementKind;
use crate::error::{Error, Result};
use crate::meta::{ModelMeta, RelationMeta};
use crate::query::{Col, Cond, Projection};
use crate::render::{JoinItem, JoinRel};

/// What a selection reads in a joined statement (`Selection::join`): its items, in the
/// order `Selection::read_joined` reads them, and how each is read from a record's JSON.
pub struct JoinPlan<'e> {
    /// The query's executor (its extensions' read hooks filter the related records); `None`
    /// when only `JoinPlan::kinds` are wanted (to read a record).
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

/// The error of `Selection::read_joined` on a selection that has no joined form (never
/// reached: such a selection is refused when the statement is planned).
pub(crate) fn not_joined() -> Error {
    Error::InvalidQuery("this selection cannot be read from a joined statement".into())
}
