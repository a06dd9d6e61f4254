//! Interactive transactions (commit, rollback, isolation levels) and raw queries.

use super::*;

pub async fn transactions(c: &Client) {
    // Committed.
    let id = c
        .transaction(async |tx| {
            let u = tx
                .user()
                .create(user::create("tx@example.com"))
                .exec()
                .await?;
            let a = tx
                .activity()
                .create(activity::create(1, "a"))
                .exec()
                .await?;
            tx.action()
                .create(action::create(u.id, a.id))
                .exec()
                .await?;
            Ok::<_, Error>(u.id)
        })
        .await
        .unwrap();
    assert_eq!(
        c.action()
            .count()
            .filter(action::user_id().equals(id))
            .exec()
            .await
            .unwrap(),
        1
    );
    // Rolled back on error.
    let err = c
        .transaction(async |tx| {
            tx.user()
                .create(user::create("rolled@example.com"))
                .exec()
                .await?;
            tx.user()
                .create(user::create("tx@example.com"))
                .exec()
                .await?;
            Ok::<_, Error>(())
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2002");
    assert_eq!(c.user().count().exec().await.unwrap(), 1);
    // Isolation levels: Serializable everywhere.
    let n = c
        .transaction_with(Some(IsolationLevel::Serializable), async |tx| {
            tx.user().count().exec().await
        })
        .await
        .unwrap();
    assert_eq!(n, 1);
    // Dropping an uncommitted transaction rolls back.
    {
        let tx = c.begin(None).await.unwrap();
        tx.user()
            .create(user::create("dropped@example.com"))
            .exec()
            .await
            .unwrap();
    }
    assert_eq!(c.user().count().exec().await.unwrap(), 1);
}

pub async fn raw_queries(c: &Client) {
    seed_users(c, 3).await;
    let sql = match c.dialect() {
        client::Dialect::Sqlite => {
            "SELECT \"email\" FROM \"User\" WHERE \"id\" > ? ORDER BY \"id\""
        }
        client::Dialect::Postgres => {
            "SELECT \"email\" FROM \"User\" WHERE \"id\" > $1 ORDER BY \"id\""
        }
        client::Dialect::Mysql => "SELECT `email` FROM `User` WHERE `id` > ? ORDER BY `id`",
    };
    let emails = c
        .query_raw(sql, vec![Value::Int(1)], |r| r.read::<String>())
        .await
        .unwrap();
    assert_eq!(emails, ["user1@example.com", "user2@example.com"]);
    let sql = match c.dialect() {
        client::Dialect::Sqlite => "UPDATE \"User\" SET \"name\" = ? WHERE \"id\" <= ?",
        client::Dialect::Postgres => "UPDATE \"User\" SET \"name\" = $1 WHERE \"id\" <= $2",
        client::Dialect::Mysql => "UPDATE `User` SET `name` = ? WHERE `id` <= ?",
    };
    assert_eq!(
        c.execute_raw(sql, vec![Value::from("raw"), Value::Int(2)])
            .await
            .unwrap(),
        2
    );
}
