//! To-one writes on the side that holds the foreign key, run before the parent's statement:
//! `create`, `connect`, `connectOrCreate`, `disconnect`, `update`, `upsert` and `delete` of the
//! record the parent points at, returning the foreign key columns to set.

use super::queries::{delete_where, find_one, key_cond, record_cond, set_columns, values_of};
use super::record::{create_record, update_record};
use super::{Kind, RelOp};
use crate::client::Exec;
use crate::error::{Error, Result};
use crate::query::{Col, Cond};
use crate::typed::Model;
use crate::value::Value;
use crate::write::Now;

impl<P: Model, C: Model> RelOp<P, C> {
    /// The parent's foreign key pointing at `child`, after moving it away from any other
    /// parent record (one-to-one relations: the foreign key is unique).
    async fn link_to(
        &self,
        exec: Exec<'_>,
        current: Option<&P>,
        child: &C,
        now: &Now,
    ) -> Result<Vec<(Col, Value)>> {
        let meta = self.meta();
        let key = values_of(child, meta.to_columns)?;
        if !self.info.back_list {
            let mut others = key_cond(meta.from_columns, &key);
            if let Some(current) = current {
                others = others.and(Cond::Not(Box::new(record_cond(current))));
            }
            if find_one::<P>(exec, others.clone()).await?.is_some() {
                if self.info.required {
                    return Err(self.violation());
                }
                let nulls = vec![Value::Null; meta.from_columns.len()];
                set_columns::<P>(exec, others, meta.from_columns, nulls, now).await?;
            }
        }
        Ok(meta.from_columns.iter().copied().zip(key).collect())
    }
    pub(super) async fn run_before(
        &self,
        exec: Exec<'_>,
        current: Option<&P>,
        now: &Now,
    ) -> Result<Vec<(Col, Value)>> {
        let meta = self.meta();
        // What the parent points at now.
        let connected = match current {
            Some(p) => key_cond(meta.to_columns, &values_of(p, meta.from_columns)?),
            None => Cond::False,
        };
        let mut sets = Vec::new();
        match &self.kind {
            Kind::Create(data) => {
                for d in data {
                    let child = create_record::<C>(exec, d.clone(), now).await?;
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::Connect(conds) => {
                for cond in conds {
                    let child = find_one::<C>(exec, cond.clone())
                        .await?
                        .ok_or_else(|| self.connect_missing(current.is_none()))?;
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::ConnectOrCreate(pairs) => {
                for (cond, d) in pairs {
                    let child = match find_one::<C>(exec, cond.clone()).await? {
                        Some(c) => c,
                        None => create_record::<C>(exec, d.clone(), now).await?,
                    };
                    sets = self.link_to(exec, current, &child, now).await?;
                }
            }
            Kind::Disconnect(_) => {
                if self.info.required || self.info.back_required {
                    return Err(self.violation());
                }
                sets = meta
                    .from_columns
                    .iter()
                    .map(|c| (*c, Value::Null))
                    .collect();
            }
            Kind::Update(pairs) => {
                for (cond, data) in pairs {
                    let filter = connected.clone().and(cond.clone());
                    update_record::<C>(exec, filter, data.clone(), now)
                        .await?
                        .ok_or_else(|| self.not_found("update"))?;
                }
            }
            Kind::Upsert(triples) => {
                for (cond, create, update) in triples {
                    let filter = connected.clone().and(cond.clone());
                    if update_record::<C>(exec, filter, update.clone(), now)
                        .await?
                        .is_none()
                    {
                        let child = create_record::<C>(exec, create.clone(), now).await?;
                        sets = self.link_to(exec, current, &child, now).await?;
                    }
                }
            }
            Kind::Delete(conds) => {
                if self.info.required {
                    return Err(self.violation());
                }
                for cond in conds {
                    let filter = connected.clone().and(cond.clone());
                    let Some(child) = find_one::<C>(exec, filter).await? else {
                        return Err(self.not_found("delete"));
                    };
                    // Unlink first, so that the delete does not depend on the foreign key's
                    // ON DELETE action.
                    if let Some(p) = current {
                        let nulls = vec![Value::Null; meta.from_columns.len()];
                        set_columns::<P>(exec, record_cond(p), meta.from_columns, nulls, now)
                            .await?;
                    }
                    delete_where::<C>(exec, record_cond(&child)).await?;
                    sets = meta
                        .from_columns
                        .iter()
                        .map(|c| (*c, Value::Null))
                        .collect();
                }
            }
            Kind::CreateMany(..) | Kind::Set(_) | Kind::UpdateMany(_) | Kind::DeleteMany(_) => {
                return Err(Error::InvalidQuery(format!(
                    "`{}` is a to-one relation: createMany, set, updateMany and deleteMany apply to lists",
                    meta.name
                )));
            }
        }
        Ok(sets)
    }
}
