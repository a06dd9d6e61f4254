//! Batch transactions: Prisma's `prisma.$transaction([a, b, c])`. Operations built on the
//! client (`client.user().create(…)`, `client.action().count()`, …) are run one after the
//! other in one transaction, and their results come back together: a tuple for a tuple of
//! operations, a `Vec` for a `Vec` of operations of one type. If any fails, the transaction is
//! rolled back and the error returned.

use std::future::Future;
use std::pin::Pin;

use crate::client::{Client, Exec, TransactionOptions};
use crate::error::Result;
use crate::ops::{
    AggregateQuery, Count, Create, CreateMany, DeleteMany, DeleteOne, FindFirst, FindMany, GroupBy,
    UpdateMany, UpdateOne, Upsert,
};
use crate::typed::Model;

/// An operation that can run inside a batch: every builder a model's delegate returns.
pub trait Operation: Send {
    /// What the operation returns.
    type Output: Send;

    /// Runs the operation on `exec` instead of where it was built.
    fn run_in<'t>(self, exec: Exec<'t>) -> impl Future<Output = Result<Self::Output>> + Send + 't
    where
        Self: 't;
}

macro_rules! operation {
    ($ty:ident, $out:ty, $($field:ident).+) => {
        impl<'a, M: Model> Operation for $ty<'a, M> {
            type Output = $out;

            fn run_in<'t>(self, exec: Exec<'t>) -> impl Future<Output = Result<$out>> + Send + 't
            where
                Self: 't,
            {
                // The builder only borrows its executor: shorten that borrow, then swap it.
                let mut op: $ty<'t, M> = self;
                op.$($field).+ = exec;
                op.exec()
            }
        }
    };
}

operation!(FindMany, Vec<M>, exec);
operation!(FindFirst, Option<M>, inner.exec);
operation!(Create, M, exec);
operation!(CreateMany, u64, exec);
operation!(UpdateOne, M, exec);
operation!(UpdateMany, u64, exec);
operation!(Upsert, M, exec);
operation!(DeleteOne, M, exec);
operation!(DeleteMany, u64, exec);
operation!(Count, i64, inner.exec);
operation!(AggregateQuery, crate::ops::AggregateRow, inner.exec);
operation!(GroupBy, Vec<crate::ops::AggregateRow>, inner.exec);

/// A list of operations run in one transaction: a tuple of [`Operation`]s (up to 12), or a
/// `Vec` of operations of one type.
pub trait Batch: Send {
    /// The results, in the shape of the batch.
    type Output;

    /// Runs every operation, in order, on `exec`.
    fn run_in<'t>(self, exec: Exec<'t>) -> impl Future<Output = Result<Self::Output>> + Send + 't
    where
        Self: 't;
}

impl<O: Operation> Batch for Vec<O> {
    type Output = Vec<O::Output>;

    async fn run_in<'t>(self, exec: Exec<'t>) -> Result<Self::Output>
    where
        Self: 't,
    {
        let mut out = Vec::with_capacity(self.len());
        for op in self {
            out.push(op.run_in(exec).await?);
        }
        Ok(out)
    }
}

macro_rules! tuple_batch {
    ($($name:ident),+) => {
        impl<$($name: Operation),+> Batch for ($($name,)+) {
            type Output = ($($name::Output,)+);

            #[allow(non_snake_case, reason = "the tuple's elements are named after their types")]
            async fn run_in<'t>(self, exec: Exec<'t>) -> Result<Self::Output>
            where
                Self: 't,
            {
                let ($($name,)+) = self;
                $(let $name = $name.run_in(exec).await?;)+
                Ok(($($name,)+))
            }
        }
    };
}

tuple_batch!(A);
tuple_batch!(A, B);
tuple_batch!(A, B, C);
tuple_batch!(A, B, C, D);
tuple_batch!(A, B, C, D, E);
tuple_batch!(A, B, C, D, E, F);
tuple_batch!(A, B, C, D, E, F, G);
tuple_batch!(A, B, C, D, E, F, G, H);
tuple_batch!(A, B, C, D, E, F, G, H, I);
tuple_batch!(A, B, C, D, E, F, G, H, I, J);
tuple_batch!(A, B, C, D, E, F, G, H, I, J, K);
tuple_batch!(A, B, C, D, E, F, G, H, I, J, K, L);

impl Client {
    /// Runs operations in one transaction, in order (Prisma's `$transaction([a, b])`):
    /// `client.batch((client.user().create(…), client.user().count())).await?` returns the
    /// created user and the count; a `Vec` of operations returns a `Vec` of results. Nothing
    /// is kept when one fails.
    pub async fn batch<B: Batch>(&self, operations: B) -> Result<B::Output> {
        self.batch_with(None, operations).await
    }

    /// [`Client::batch`] with options, as [`Client::transaction_with`] takes them: an
    /// isolation level (`Some(IsolationLevel::Serializable)`, `None`) or
    /// [`TransactionOptions`] (`max_wait`, `timeout`, `isolation_level`; what they leave unset
    /// is the client's `transaction_options`, then Prisma's 2 s and 5 s). Past `max_wait`
    /// the batch fails with P2028 before running anything; when `timeout` is up the
    /// transaction is rolled back, and the batch fails with P2028, keeping nothing.
    pub async fn batch_with<B: Batch>(
        &self,
        options: impl Into<TransactionOptions>,
        operations: B,
    ) -> Result<B::Output> {
        let options: TransactionOptions = options.into();
        let tx = self.begin(options).await?;
        // Boxed as a `Send` future here, where `B` is generic: the compiler then proves it
        // `Send` from `Batch::run_in`'s declared bound. Left unboxed, proving a concrete
        // batch's future `Send` (for `tokio::spawn`) looks through every operation's future
        // with its lifetimes made higher-ranked, and fails ("implementation of `Operation` is
        // not general enough", rust-lang/rust#110338). One allocation per transaction.
        let run: Pin<Box<dyn Future<Output = Result<B::Output>> + Send + '_>> =
            Box::pin(operations.run_in(Exec::Transaction(&tx)));
        match run.await {
            Ok(v) => {
                tx.commit().await?;
                Ok(v)
            }
            Err(e) => {
                tx.rollback().await?;
                Err(e)
            }
        }
    }
}
