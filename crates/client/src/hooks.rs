//! Where a client keeps the query hooks of its extensions (`Client::extend`): a list of
//! type-erased hooks, each under the `TypeId` of the model it is for. A leaf: the client and
//! transactions hold it; `extension` puts hooks in and finds them (their types live there).

use std::any::{Any, TypeId};
use std::sync::Arc;

/// One hook, kept for the model whose `TypeId` it has (`extension`'s
/// `Arc<dyn QueryHook<M>>`, behind `Any`).
pub(crate) struct Entry {
    pub(crate) model: TypeId,
    pub(crate) hook: Box<dyn Any + Send + Sync>,
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

    /// The hooks kept for `model`, as `T`, in order.
    pub(crate) fn find<T: 'static>(&self, model: TypeId) -> impl Iterator<Item = &T> {
        self.entries
            .iter()
            .filter(move |e| e.model == model)
            .filter_map(|e| e.hook.downcast_ref::<T>())
    }
}
