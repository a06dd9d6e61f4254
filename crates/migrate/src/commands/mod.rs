//! The migrate commands as a library: each takes an open [`driver::Connection`] (and the
//! migrations folder where it needs one) and returns what happened; printing and prompting are
//! the CLI's.

mod deploy;
mod destructive;
pub mod dev;
mod diagnose;
mod dialect;
mod diff;
mod down;
mod execute;
mod interpret;
mod new_migration;
mod push;
mod replay;
mod reset;
mod resolve;
mod script;
mod shadow;
mod status;

pub use deploy::{
    DeployOutput, apply_migration, deploy, deploy_with_external, deploy_with_progress,
    ensure_database, refuse_system_database,
};
pub use destructive::{DestructiveReport, check_destructive};
pub use diagnose::{FailedMigration, FailedMigrationCheck};
pub use diff::{DiffError, DiffSide, SidesDiff, diff_sides};
pub use down::{DownError, DownPlan, DownStep, DownTarget, apply_down, plan_down};
pub use execute::execute_script;
pub use interpret::{
    HistoryMethod, HistoryPlan, as_shadow_describes, interpret_migrations, interpreter_dialect,
    plan_history, server_is_mariadb,
};
pub use new_migration::{NewMigration, new_migration};
pub use push::{PushPlan, plan_push};
pub use replay::{apply_to_shadow, schema_from_migrations};
pub use reset::reset_database;
pub use resolve::{resolve_applied, resolve_rolled_back};
pub(crate) use script::manages_transactions;
pub use shadow::ShadowDatabase;
pub use status::{StatusReport, status};
