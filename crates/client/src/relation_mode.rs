//! `relationMode = "prisma"`: the database has no foreign keys, so the client carries out the
//! relations' referential actions itself, as Prisma Client does (docs/decisions/0021).
//!
//! Generated code lists, on each model, the relations pointing at it whose actions the client
//! emulates ([`ModelMeta::referenced_by`]: the relation fields on the side without the foreign
//! key, each with its [`EmulatedActions`]). Before the records of a model are deleted, or before
//! an update changes columns that a relation references, [`before_delete`] and
//! [`before_update`] read the records' referenced keys and, relation by relation:
//!
//! - `Restrict` and `NoAction`: refuse with P2014 when a record refers to one of them;
//! - `Cascade`: on delete, delete the referring records (their own relations first, recursively);
//!   on update, give the referring records' foreign key the same change;
//! - `SetNull`: set the referring records' optional foreign key columns to NULL (a required
//!   column is left as it is, as Prisma does), then what that change itself sets off;
//! - `SetDefault`: refused (Prisma's validator rejects it with `relationMode = "prisma"`, so a
//!   generated client never holds it).
//!
//! The callers run this and their own statement in one transaction, so a refusal anywhere in a
//! cascade leaves nothing changed. With foreign keys (`referenced_by` empty) nothing is read.

use std::collections::HashSet;

use crate::client::Exec;
use crate::error::{Error, Result};
use crate::meta::{EmulatedActions, ModelMeta, ReferentialAction, RelationMeta, ScalarKind};
use crate::query::{CmpOp, Col, Cond, Delete, Projection, Select, SetExpr, Update};
use crate::render;
use crate::value::Value;
use crate::write::BoxFuture;

/// How deep a chain of emulated updates may go before it is taken for a cycle.
const MAX_DEPTH: usize = 64;

/// Whether the client emulates referential actions for relations pointing at `model`.
pub(crate) fn emulates(model: &ModelMeta) -> bool {
    !model.referenced_by.is_empty()
}

/// Whether an update of `columns` of `model` sets off an emulated action.
pub(crate) fn update_emulates(model: &ModelMeta, columns: &[Col]) -> bool {
    affected(model, columns).next().is_some()
}

/// Carries out the emulated `onDelete` actions for the records of `model` that `filter` picks,
/// before they are deleted. The caller runs it in the delete's transaction.
pub(crate) async fn before_delete(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    filter: &Cond,
) -> Result<()> {
    if !emulates(model) {
        return Ok(());
    }
    let mut seen = HashSet::new();
    // On the heap, as every emulated action: only models referenced under relationMode
    // prisma get here, and inline the emulation would weigh on every delete's future.
    Box::pin(on_delete(exec, model, filter.clone(), &mut seen)).await
}

/// Carries out the emulated `onUpdate` actions for the records of `model` that `filter` picks,
/// before `sets` changes them. The caller runs it in the update's transaction.
pub(crate) async fn before_update(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    filter: &Cond,
    sets: &[(Col, SetExpr)],
) -> Result<()> {
    if !emulates(model) {
        return Ok(());
    }
    let columns: Vec<Col> = sets.iter().map(|(c, _)| *c).collect();
    if !update_emulates(model, &columns) {
        return Ok(());
    }
    Box::pin(on_update(exec, model, filter.clone(), sets.to_vec(), 0)).await
}

/// The condition that picks exactly the records `filter` picks now, at most `limit` of them,
/// by primary key: what a limited `updateMany` / `deleteMany` changes, resolved before the
/// emulation so that both act on the same records. Without a limit, `filter` itself.
pub(crate) async fn resolve_limit(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    filter: Cond,
    limit: Option<i64>,
) -> Result<Cond> {
    let Some(limit) = limit else {
        return Ok(filter);
    };
    let columns: Vec<Col> = model
        .primary_key
        .iter()
        .map(|&i| model.fields[i].column)
        .collect();
    let select = Select {
        filter,
        take: Some(limit),
        ..Select::all(model)
    };
    let rows = Box::pin(read(exec, model, select, &columns)).await?;
    if rows.is_empty() {
        return Ok(Cond::False);
    }
    Ok(Cond::Or(key_conds(&columns, &rows)))
}

/// The relations pointing at `model` whose referenced columns include one of `columns`.
fn affected<'m>(
    model: &'m ModelMeta,
    columns: &'m [Col],
) -> impl Iterator<Item = (&'static RelationMeta, EmulatedActions)> + 'm {
    model.referenced_by.iter().filter_map(move |r| {
        let actions = r.emulated?;
        r.from_columns
            .iter()
            .any(|c| columns.contains(c))
            .then_some((*r, actions))
    })
}

fn on_delete<'a>(
    exec: Exec<'a>,
    model: &'static ModelMeta,
    filter: Cond,
    seen: &'a mut HashSet<String>,
) -> BoxFuture<'a, ()> {
    Box::pin(async move {
        let columns = read_columns(model, model.referenced_by.iter().copied());
        let rows = read(
            exec,
            model,
            Select {
                filter,
                ..Select::all(model)
            },
            &columns,
        )
        .await?;
        // A record met again (a cycle of cascades) has been dealt with already.
        let rows: Vec<Vec<Value>> = rows
            .into_iter()
            .filter(|row| seen.insert(format!("{}{row:?}", model.name)))
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        for relation in model.referenced_by {
            let Some(actions) = relation.emulated else {
                continue;
            };
            let child = relation.target;
            for children in referring(relation, &columns, &rows) {
                match actions.on_delete {
                    ReferentialAction::Restrict | ReferentialAction::NoAction => {
                        if exists(exec, child, children).await? {
                            return Err(violation(model, relation, actions));
                        }
                    }
                    ReferentialAction::Cascade => {
                        on_delete(exec, child, children.clone(), seen).await?;
                        let delete = Delete {
                            model: child,
                            filter: children,
                            returning: false,
                        };
                        exec.execute(&render::delete(exec.dialect(), &delete)?)
                            .await?;
                    }
                    ReferentialAction::SetNull => {
                        let sets = set_null(relation);
                        if !sets.is_empty() {
                            update(exec, child, children, sets, 0).await?;
                        }
                    }
                    ReferentialAction::SetDefault => return Err(set_default(relation, actions)),
                }
            }
        }
        Ok(())
    })
}

fn on_update<'a>(
    exec: Exec<'a>,
    model: &'static ModelMeta,
    filter: Cond,
    sets: Vec<(Col, SetExpr)>,
    depth: usize,
) -> BoxFuture<'a, ()> {
    Box::pin(async move {
        let changed: Vec<Col> = sets.iter().map(|(c, _)| *c).collect();
        let relations: Vec<_> = affected(model, &changed).collect();
        if relations.is_empty() {
            return Ok(());
        }
        if depth >= MAX_DEPTH {
            return Err(Error::InvalidQuery(format!(
                "the referential actions emulated for an update of {} go {MAX_DEPTH} relations \
                 deep: the records' onUpdate actions form a cycle; set one of them to Restrict",
                model.name
            )));
        }
        let columns = read_columns(model, relations.iter().map(|(r, _)| *r));
        let rows = read(
            exec,
            model,
            Select {
                filter,
                ..Select::all(model)
            },
            &columns,
        )
        .await?;
        for (relation, actions) in relations {
            let child = relation.target;
            for children in referring(relation, &columns, &rows) {
                match actions.on_update {
                    ReferentialAction::Restrict | ReferentialAction::NoAction => {
                        if exists(exec, child, children).await? {
                            return Err(violation(model, relation, actions));
                        }
                    }
                    ReferentialAction::Cascade => {
                        // The foreign key gets the change its referenced columns get.
                        let child_sets: Vec<(Col, SetExpr)> = relation
                            .from_columns
                            .iter()
                            .zip(relation.to_columns)
                            .filter_map(|(parent, fk)| {
                                let (_, expr) = sets.iter().find(|(c, _)| c == parent)?;
                                Some((*fk, expr.clone()))
                            })
                            .collect();
                        update(exec, child, children, child_sets, depth + 1).await?;
                    }
                    ReferentialAction::SetNull => {
                        let sets = set_null(relation);
                        if !sets.is_empty() {
                            update(exec, child, children, sets, depth + 1).await?;
                        }
                    }
                    ReferentialAction::SetDefault => return Err(set_default(relation, actions)),
                }
            }
        }
        Ok(())
    })
}

/// `UPDATE child SET sets WHERE filter`, after what the change itself sets off.
async fn update(
    exec: Exec<'_>,
    child: &'static ModelMeta,
    filter: Cond,
    sets: Vec<(Col, SetExpr)>,
    depth: usize,
) -> Result<()> {
    on_update(exec, child, filter.clone(), sets.clone(), depth).await?;
    let update = Update {
        model: child,
        sets,
        filter,
        returning: false,
    };
    exec.execute(&render::update(exec.dialect(), &update)?)
        .await?;
    Ok(())
}

/// The optional foreign key columns of `relation`'s referring side, set to NULL.
fn set_null(relation: &RelationMeta) -> Vec<(Col, SetExpr)> {
    relation
        .to_columns
        .iter()
        .filter(|c| {
            relation
                .target
                .field_by_column(c)
                .is_some_and(|f| f.nullable)
        })
        .map(|c| (*c, SetExpr::Value(Value::Null)))
        .collect()
}

/// P2014, as Prisma words it: the model holding the foreign key first.
fn violation(model: &ModelMeta, relation: &RelationMeta, actions: EmulatedActions) -> Error {
    Error::RelationViolation {
        relation: actions.relation.to_owned(),
        model_a: relation.target.name.to_owned(),
        model_b: model.name.to_owned(),
    }
}

fn set_default(relation: &RelationMeta, actions: EmulatedActions) -> Error {
    Error::InvalidQuery(format!(
        "the relation `{}` (from {}) asks for SetDefault, which the client does not emulate: \
         Prisma refuses SetDefault with relationMode = \"prisma\"; use Restrict, Cascade or \
         SetNull",
        actions.relation, relation.target.name
    ))
}

/// The columns to read of `model`'s records: the primary key (to tell records apart) and the
/// columns the relations reference.
fn read_columns(
    model: &ModelMeta,
    relations: impl Iterator<Item = &'static RelationMeta>,
) -> Vec<Col> {
    let mut columns: Vec<Col> = model
        .primary_key
        .iter()
        .map(|&i| model.fields[i].column)
        .collect();
    for r in relations {
        for c in r.from_columns {
            if !columns.contains(c) {
                columns.push(c);
            }
        }
    }
    columns
}

/// The conditions picking the records that refer to `rows` through `relation`, one per chunk
/// of keys (a statement takes a bounded number of parameters); rows with a NULL key refer to
/// nothing.
fn referring(relation: &RelationMeta, columns: &[Col], rows: &[Vec<Value>]) -> Vec<Cond> {
    let positions: Vec<usize> = relation
        .from_columns
        .iter()
        .filter_map(|c| columns.iter().position(|x| x == c))
        .collect();
    let mut keys: Vec<Vec<Value>> = rows
        .iter()
        .map(|row| {
            positions
                .iter()
                .map(|&p| row[p].clone())
                .collect::<Vec<_>>()
        })
        .filter(|key: &Vec<Value>| !key.iter().any(Value::is_null))
        .collect();
    keys.dedup();
    key_conds(relation.to_columns, &keys)
}

/// `columns` equal to one of `keys`, in chunks.
fn key_conds(columns: &[Col], keys: &[Vec<Value>]) -> Vec<Cond> {
    keys.chunks(render::keys_per_statement(columns.len()))
        .map(|chunk| match columns {
            [one] => Cond::In(one, chunk.iter().map(|k| k[0].clone()).collect(), false),
            _ => Cond::Or(
                chunk
                    .iter()
                    .map(|key| {
                        Cond::And(
                            columns
                                .iter()
                                .zip(key)
                                .map(|(c, v)| Cond::Cmp(c, CmpOp::Eq, v.clone()))
                                .collect(),
                        )
                    })
                    .collect(),
            ),
        })
        .collect()
}

/// Whether a record of `model` matches `filter`.
async fn exists(exec: Exec<'_>, model: &'static ModelMeta, filter: Cond) -> Result<bool> {
    let select = Select {
        filter,
        take: Some(1),
        ..Select::all(model)
    };
    let first: Vec<Col> = model.fields.iter().take(1).map(|f| f.column).collect();
    Ok(!read(exec, model, select, &first).await?.is_empty())
}

/// The values of `columns` of the records `select` picks.
async fn read(
    exec: Exec<'_>,
    model: &'static ModelMeta,
    select: Select,
    columns: &[Col],
) -> Result<Vec<Vec<Value>>> {
    let items: Vec<Projection> = columns.iter().map(|c| Projection::Column(c)).collect();
    let kinds: Vec<ScalarKind> = columns
        .iter()
        .map(|c| {
            model
                .field_by_column(c)
                .map_or(ScalarKind::String, |f| f.kind)
        })
        .collect();
    let sql = render::select_projected(exec.dialect(), &select, &items, None)?;
    exec.query(&sql, |row| {
        kinds
            .iter()
            .map(|kind| {
                Ok(match kind {
                    ScalarKind::Int | ScalarKind::BigInt => row.read::<Option<i64>>()?.into(),
                    ScalarKind::Float => row.read::<Option<f64>>()?.into(),
                    ScalarKind::Decimal => row.read::<Option<crate::Decimal>>()?.into(),
                    ScalarKind::Boolean => row.read::<Option<bool>>()?.into(),
                    ScalarKind::DateTime => {
                        row.read::<Option<chrono::DateTime<chrono::Utc>>>()?.into()
                    }
                    ScalarKind::Json => row.read::<Option<serde_json::Value>>()?.into(),
                    ScalarKind::Bytes => row.read::<Option<Vec<u8>>>()?.into(),
                    ScalarKind::String | ScalarKind::Enum => row.read::<Option<String>>()?.into(),
                })
            })
            .collect::<Result<Vec<Value>>>()
    })
    .await
}
