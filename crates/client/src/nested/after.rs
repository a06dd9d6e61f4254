//! Each write kind on the other side of a relation, run after the parent's statement: `create`,
//! `createMany`, `connect`, `connectOrCreate`, `disconnect`, `set`, `update`, `updateMany`,
//! `upsert`, `delete` and `deleteMany`.

use super::queries::{any, delete_where, find_all, find_one, record_cond, values_of};
use super::record::update_record;
use super::{Kind, RelOp};
use crate::client::Exec;
use crate::error::{Error, Result};
use crate::query::{Cond, Update};
use crate::render::{self};
use crate::typed::Model;
use crate::write::clone_sets;
use crate::write::{Now, insert_one, with_updated_at};

impl<P: Model, C: Model> RelOp<P, C> {
    pub(super) async fn run_after(
        &self,
        exec: Exec<'_>,
        parent: &P,
        created: bool,
        now: &Now,
    ) -> Result<()> {
        let meta = self.meta();
        let key = values_of(parent, meta.from_columns)?;
        match &self.kind {
            Kind::Create(data) => {
                for d in data {
                    self.create_connected(exec, parent, &key, d.clone(), created, now)
                        .await?;
                }
            }
            Kind::CreateMany(data, skip) => {
                if meta.join.is_some() {
                    return Err(Error::InvalidQuery(format!(
                        "createMany is not available on the many-to-many relation `{}`",
                        meta.name
                    )));
                }
                for d in data {
                    if !d.nested.is_empty() {
                        return Err(Error::InvalidQuery(
                            "createMany data cannot hold nested writes (as in Prisma)".into(),
                        ));
                    }
                    let mut d = d.clone();
                    for (col, v) in meta.to_columns.iter().zip(&key) {
                        d.put(col, v.clone());
                    }
                    insert_one(exec, d, now, *skip, false).await?;
                }
            }
            Kind::Connect(conds) => {
                self.connect_all(exec, parent, &key, conds, created, now)
                    .await?;
            }
            Kind::ConnectOrCreate(pairs) => {
                for (cond, d) in pairs {
                    match find_one::<C>(exec, cond.clone()).await? {
                        Some(child) if meta.join.is_none() && !meta.list => {
                            self.connect_one_to_one(exec, parent, &key, &child, created, now)
                                .await?;
                        }
                        Some(child) => {
                            self.connect_all(
                                exec,
                                parent,
                                &key,
                                &[record_cond(&child)],
                                created,
                                now,
                            )
                            .await?;
                        }
                        None => {
                            self.create_connected(exec, parent, &key, d.clone(), created, now)
                                .await?;
                        }
                    }
                }
            }
            Kind::Disconnect(conds) => {
                if conds.is_empty() {
                    return Ok(());
                }
                self.disconnect_where(exec, parent, &key, any(conds), now)
                    .await?;
            }
            Kind::Set(conds) => {
                self.disconnect_where(exec, parent, &key, Cond::True, now)
                    .await?;
                self.connect_all(exec, parent, &key, conds, created, now)
                    .await?;
            }
            Kind::Update(pairs) => {
                for (cond, data) in pairs {
                    let connected = self.connected(exec, parent, &key).await?;
                    update_record::<C>(exec, connected.and(cond.clone()), data.clone(), now)
                        .await?
                        .ok_or_else(|| self.not_found("update"))?;
                }
            }
            Kind::UpdateMany(pairs) => {
                for (cond, sets) in pairs {
                    let connected = self.connected(exec, parent, &key).await?;
                    let update = Update {
                        model: C::META,
                        sets: with_updated_at(clone_sets(sets), now, exec.dialect()),
                        filter: connected.and(cond.clone()),
                        returning: false,
                    };
                    crate::relation_mode::before_update(
                        exec,
                        C::META,
                        &update.filter,
                        &update.sets,
                    )
                    .await?;
                    exec.execute(&render::update(exec.dialect(), &update)?)
                        .await?;
                }
            }
            Kind::Upsert(triples) => {
                for (cond, create, update) in triples {
                    let connected = self.connected(exec, parent, &key).await?;
                    let updated =
                        update_record::<C>(exec, connected.and(cond.clone()), update.clone(), now)
                            .await?;
                    if updated.is_none() {
                        self.create_connected(exec, parent, &key, create.clone(), created, now)
                            .await?;
                    }
                }
            }
            Kind::Delete(conds) => {
                let connected = self.connected(exec, parent, &key).await?;
                if meta.list {
                    let found = find_all::<C>(exec, connected.and(any(conds))).await?;
                    if found.len() != conds.len() {
                        return Err(self.not_connected());
                    }
                    for child in &found {
                        delete_where::<C>(exec, record_cond(child)).await?;
                    }
                } else if delete_where::<C>(exec, connected).await? == 0 {
                    return Err(self.not_found("delete"));
                }
            }
            Kind::DeleteMany(conds) => {
                for cond in conds {
                    let connected = self.connected(exec, parent, &key).await?;
                    delete_where::<C>(exec, connected.and(cond.clone())).await?;
                }
            }
        }
        Ok(())
    }
}
