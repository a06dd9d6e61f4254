//! Every database access of the app, in one place, through the generated Refract client
//! (`src/prisma.rs`, generated from `prisma/schema.prisma`).

use refract::Client;

use crate::prisma::{Activity, Models, Session, User, action, activity, session, user};

/// A failed database access.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another user already has this email (the unique constraint on `User.email`, P2002).
    #[error("a user with this email already exists")]
    EmailTaken,
    /// Another activity already has this name (the unique constraint on `Activity.name`).
    #[error("an activity with this name already exists")]
    ActivityNameTaken,
    /// The user or activity named does not exist (a foreign key, P2003).
    #[error("the user or activity does not exist")]
    NotFound,
    /// Anything else the database reported.
    #[error(transparent)]
    Database(#[from] refract::Error),
}

/// Shorthand for the store's results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl User {
    /// The name to show: the name, or the email when there is none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.email)
    }
}

/// The data of a new user.
pub struct NewUser<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub hashed_password: Option<&'a str>,
    pub role: &'a str,
}

/// The data of a new session.
pub struct NewSession<'a> {
    pub user_id: i32,
    pub handle: &'a str,
    pub hashed_session_token: &'a str,
    pub anti_csrf_token: &'a str,
    pub public_data: &'a str,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// One line of the leaderboard.
#[derive(Debug, Clone)]
pub struct Standing {
    pub name: String,
    pub points: i64,
}

/// One action in a user's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub activity: String,
    pub points: i32,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The database.
#[derive(Clone)]
pub struct Store {
    db: Client,
}

impl Store {
    /// Connects to the database a Prisma URL names (`file:…` or `postgresql://…`).
    pub async fn connect(url: &str) -> Result<Store> {
        Ok(Store {
            db: Client::connect(url).await?,
        })
    }

    /// Whether the database holds no user and no activity yet.
    pub async fn is_empty(&self) -> Result<bool> {
        let users = self.db.user().count().exec().await?;
        let activities = self.db.activity().count().exec().await?;
        Ok(users == 0 && activities == 0)
    }

    /// Whether some user has the role `admin`.
    pub async fn has_admin(&self) -> Result<bool> {
        let admins = self.db.user().count().filter(user::role().equals("admin"));
        Ok(admins.exec().await? > 0)
    }

    /// Creates a user; [`StoreError::EmailTaken`] when the email is in use.
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<User> {
        let mut data = user::create(new.email)
            .set(user::name().set(new.name))
            .set(user::role().set(new.role));
        if let Some(hash) = new.hashed_password {
            data = data.set(user::hashed_password().set(hash));
        }
        match self.db.user().create(data).exec().await {
            Err(refract::Error::UniqueConstraint { .. }) => Err(StoreError::EmailTaken),
            created => Ok(created?),
        }
    }

    /// The user with this email.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let found = self.db.user().find_unique(user::email().equals(email));
        Ok(found.exec().await?)
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let users = self.db.user().find_many();
        let users = users
            .order_by(user::name().asc())
            .order_by(user::email().asc());
        Ok(users.exec().await?)
    }

    /// Sets the role of the user with this email; `false` when there is none.
    pub async fn set_role(&self, email: &str, role: &str) -> Result<bool> {
        let updated = self
            .db
            .user()
            .update_many(user::email().equals(email), vec![user::role().set(role)]);
        Ok(updated.exec().await? > 0)
    }

    /// Stores a new session.
    pub async fn create_session(&self, new: NewSession<'_>) -> Result<Session> {
        let data = session::create(new.handle)
            .set(session::user_id().set(new.user_id))
            .set(session::hashed_session_token().set(new.hashed_session_token))
            .set(session::anti_csrf_token().set(new.anti_csrf_token))
            .set(session::public_data().set(new.public_data))
            .set(session::expires_at().set(new.expires_at));
        Ok(self.db.session().create(data).exec().await?)
    }

    /// The session whose token hashes to `hashed_token`, with its user.
    pub async fn session_by_token_hash(&self, hashed_token: &str) -> Result<Option<Session>> {
        let filter = session::hashed_session_token().equals(hashed_token);
        let found = self
            .db
            .session()
            .find_first(filter)
            .include(session::include::user());
        Ok(found.exec().await?)
    }

    /// Deletes a session (logging out); nothing happens when it is already gone.
    pub async fn delete_session(&self, id: i32) -> Result<()> {
        self.db
            .session()
            .delete_many(session::id().equals(id))
            .exec()
            .await?;
        Ok(())
    }

    /// Every activity, by name.
    pub async fn activities(&self) -> Result<Vec<Activity>> {
        let activities = self
            .db
            .activity()
            .find_many()
            .order_by(activity::name().asc());
        Ok(activities.exec().await?)
    }

    /// Creates an activity.
    pub async fn create_activity(&self, name: &str, points: i32) -> Result<Activity> {
        let data = activity::create(points, name);
        match self.db.activity().create(data).exec().await {
            Ok(activity) => Ok(activity),
            Err(refract::Error::UniqueConstraint { .. }) => Err(StoreError::ActivityNameTaken),
            Err(err) => Err(err.into()),
        }
    }

    /// Records that a user performed an activity.
    pub async fn record_action(&self, user_id: i32, activity_id: i32) -> Result<()> {
        let data = action::create(user_id, activity_id);
        match self.db.action().create(data).exec().await {
            Ok(_) => Ok(()),
            Err(refract::Error::ForeignKeyConstraint { .. }) => Err(StoreError::NotFound),
            Err(err) => Err(err.into()),
        }
    }

    /// Every user with their total points, most points first (two queries: the users, then
    /// their actions with their activities).
    pub async fn leaderboard(&self) -> Result<Vec<Standing>> {
        let actions = user::include::actions().include(action::include::activity());
        let users = self.db.user().find_many().include(actions).exec().await?;
        let mut standings: Vec<Standing> = users
            .iter()
            .map(|user| Standing {
                name: user.display_name().to_owned(),
                points: user
                    .actions
                    .get()
                    .into_iter()
                    .flatten()
                    .filter_map(|action| action.activity.get())
                    .map(|activity| i64::from(activity.points))
                    .sum(),
            })
            .collect();
        standings.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.name.cmp(&b.name)));
        Ok(standings)
    }

    /// The actions of a user, newest first.
    pub async fn history(&self, user_id: i32) -> Result<Vec<HistoryEntry>> {
        let actions = self
            .db
            .action()
            .find_many()
            .filter(action::user_id().equals(user_id))
            .include(action::include::activity())
            .order_by(action::created_at().desc())
            .order_by(action::id().desc())
            .exec()
            .await?;
        Ok(actions
            .into_iter()
            .filter_map(|action| {
                let activity = action.activity.into_inner()?;
                Some(HistoryEntry {
                    activity: activity.name,
                    points: activity.points,
                    at: action.created_at,
                })
            })
            .collect())
    }
}
