//! Connecting and disconnecting records on the other side of a relation (lists, the back
//! side of a one-to-one relation, many-to-many join tables): the building blocks of the writes
//! that run after the parent.

use super::RelOp;
use super::queries::{
    any, column_index, find_all, find_one, join_delete, join_insert, key_cond, record_cond,
    set_columns,
};
use super::record::create_record;
use crate::client::Exec;
use crate::error::{Error, Result};
use crate::query::{Cond, Select};
use crate::render::{self};
use crate::typed::Model;
use crate::value::Value;
use crate::write::{CreateData, Now};

impl<P: Model, C: Model> RelOp<P, C> {
    /// The condition matching the records connected to `parent`.
    pub(super) async fn connected(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
    ) -> Result<Cond> {
        let meta = self.meta();
        match &meta.join {
            None => Ok(key_cond(meta.to_columns, key)),
            Some(join) => {
                let to = meta.to_columns[0];
                let sql = render::select_through_join(
                    exec.dialect(),
                    &Select::all(C::META),
                    join,
                    to,
                    vec![key[0].clone()],
                )?;
                let index = column_index(C::META, to)?;
                let ids = exec
                    .query(&sql, |row| {
                        let _key: Value = row.read()?;
                        Ok(C::from_row(row)?.value(index))
                    })
                    .await?;
                let _ = parent;
                Ok(Cond::In(to, ids, false))
            }
        }
    }

    /// Connects `child` (the back side of a one-to-one relation): the record connected
    /// before is disconnected, which a required foreign key refuses (P2014).
    pub(super) async fn connect_one_to_one(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        child: &C,
        created: bool,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        let this = record_cond(child);
        if !created {
            self.displace_one_to_one(exec, parent, key, Some(this.clone()), now)
                .await?;
        }
        set_columns::<C>(exec, this, meta.to_columns, key.to_vec(), now).await?;
        Ok(())
    }

    /// Disconnects the record connected to `parent` on the back side of a one-to-one
    /// relation (except `keep`); P2014 when its foreign key is required.
    async fn displace_one_to_one(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        keep: Option<Cond>,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        let mut existing = self.connected(exec, parent, key).await?;
        if let Some(keep) = keep {
            existing = existing.and(Cond::Not(Box::new(keep)));
        }
        if find_one::<C>(exec, existing.clone()).await?.is_some() {
            if self.info.back_required {
                return Err(self.violation());
            }
            let nulls = vec![Value::Null; meta.to_columns.len()];
            set_columns::<C>(exec, existing, meta.to_columns, nulls, now).await?;
        }
        Ok(())
    }

    /// Creates a record connected to `parent`.
    pub(super) async fn create_connected(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        data: CreateData<C>,
        created: bool,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        match &meta.join {
            None => {
                if !meta.list && !created {
                    self.displace_one_to_one(exec, parent, key, None, now)
                        .await?;
                }
                let mut data = data;
                for (col, v) in meta.to_columns.iter().zip(key) {
                    data.put(col, v.clone());
                }
                create_record::<C>(exec, data, now).await?;
            }
            Some(join) => {
                let child = create_record::<C>(exec, data, now).await?;
                let other = child.value(column_index(C::META, meta.to_columns[0])?);
                join_insert(exec, join, key[0].clone(), other).await?;
            }
        }
        Ok(())
    }

    /// Connects the records `conds` pick (each must exist).
    pub(super) async fn connect_all(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        conds: &[Cond],
        created: bool,
        now: &Now,
    ) -> Result<()> {
        // The same record named twice is connected once, as in Prisma.
        let mut distinct: Vec<Cond> = Vec::with_capacity(conds.len());
        for cond in conds {
            if !distinct.contains(cond) {
                distinct.push(cond.clone());
            }
        }
        let conds = &distinct[..];
        if conds.is_empty() {
            return Ok(());
        }
        let meta = self.meta();
        let expected = conds.len();
        match &meta.join {
            Some(join) => {
                let children = find_all::<C>(exec, any(conds)).await?;
                if children.len() < expected {
                    return Err(Error::not_found(format!(
                        "Expected {expected} records to be connected, found only {}.",
                        children.len()
                    )));
                }
                let index = column_index(C::META, meta.to_columns[0])?;
                for child in &children {
                    join_insert(exec, join, key[0].clone(), child.value(index)).await?;
                }
            }
            None if meta.list => {
                let n =
                    set_columns::<C>(exec, any(conds), meta.to_columns, key.to_vec(), now).await?;
                if n as usize != expected {
                    // Prisma 7's INCOMPLETE_CONNECT_OUTPUT: P2018.
                    return Err(Error::ConnectedRecordsNotFound {
                        cause: format!(
                            "Expected {expected} records to be connected after connect operation on one-to-many relation '{}', found {n}.",
                            self.relation()
                        ),
                    });
                }
            }
            None => {
                for cond in conds {
                    let child = find_one::<C>(exec, cond.clone()).await?.ok_or_else(|| {
                        Error::not_found(format!(
                            "No '{}' record to connect was found for a nested connect on one-to-one relation '{}'.",
                            C::META.name,
                            self.relation()
                        ))
                    })?;
                    self.connect_one_to_one(exec, parent, key, &child, created, now)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Disconnects every connected record matching `filter`.
    pub(super) async fn disconnect_where(
        &self,
        exec: Exec<'_>,
        parent: &P,
        key: &[Value],
        filter: Cond,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        match &meta.join {
            Some(join) => {
                let index = column_index(C::META, meta.to_columns[0])?;
                let others = if filter == Cond::True {
                    None
                } else {
                    let connected = self.connected(exec, parent, key).await?;
                    Some(
                        find_all::<C>(exec, connected.and(filter))
                            .await?
                            .iter()
                            .map(|c| c.value(index))
                            .collect(),
                    )
                };
                join_delete(exec, join, key[0].clone(), others).await?;
            }
            None => {
                if self.info.back_required {
                    return Err(self.violation());
                }
                let connected = self.connected(exec, parent, key).await?;
                let nulls = vec![Value::Null; meta.to_columns.len()];
                set_columns::<C>(exec, connected.and(filter), meta.to_columns, nulls, now).await?;
            }
        }
        Ok(())
    }
}
