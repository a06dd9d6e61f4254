//! Where a client keeps the query hooks of its extensions (`Client::extend`): a list of
//! type-erased hooks, each under the `TypeId` of the model it is for. A leaf: the client and
//! transactions hold it; `extension` puts hooks in and finds them (their types live there).

use std::any::{Any, TypeId};
use std::sync::Arc;

use crate::meta::ModelMeta;

/// One hook, kept for the model whose `TypeId` it has (`extension`'s
/// `Arc<dyn QueryHook<M>>`, behind `Any`).
pub(crate) struct Entry {
    pub(crate) model: TypeId,
    /// The model's description: a relation count (`_count`) knows its model by it, not by
    /// type.
    pub(crate) meta: &'static ModelMeta,
    pub(crate) hook: Box<dyn Any + Send + Sync>,
    /// `extension`'s runner of the model's read hooks on a relation count's filter (a
    /// function of the model's type, kept behind `Any`), for a `QueryHook`; `None` for others.
    pub(crate) counts: Option<Box<dyn Any + Send + Sync>>,
}

/// The hooks a client carries: those of every `Client::extend`, in order. Shared by the
/// client's clones and its transactions.
#[derive(Default)]
pub(crate) struct Extensions {
    entries: Vec<Arc<Entry>>,
}

impl Extensions {
    /// The hooks of `previous` followed by `more`.
    pub(crate) fn with(previous: Option<&Extensions>, more: Vec<Entry>) -> Extensions {
        let mut entries: Vec<Arc<Entry>> = previous.map(|p| p.entries.clone()).unwrap_or_default();
        entries.extend(more.into_iter().map(Arc::new));
        Extensions { entries }
    }

    /// The runner of the read hooks of the model described by `meta` (the first registered:
    /// it runs them all), as `T`.
    pub(crate) fn counts<T: 'static>(&self, meta: &ModelMeta) -> Option<&T> {
        self.entries
            .iter()
            .filter(|e| e.meta.name == meta.name && e.meta.table == meta.table)
            .find_map(|e| e.counts.as_ref()?.downcast_ref::<T>())
    }

    /// The hooks kept for `model`, as `T`, in order.
    pub(crate) fn find<T: 'static>(&self, model: TypeId) -> impl Iterator<Item = &T> {
        self.entries
            .iter()
            .filter(move |e| e.model == model)
            .filter_map(|e| e.hook.downcast_ref::<T>())
    }
}
