//! Where the client dispatches on its database: [`backend`], the one place that knows which
//! pool and connection types exist.

pub(crate) mod backend;
