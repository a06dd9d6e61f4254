//! Reads of the points client: findMany's filters, order and pagination, NULLS FIRST/LAST and
//! long lists, and count, aggregate and groupBy.

use super::*;

pub async fn find_many_filters_order_pagination(c: &Client) {
    seed_users(c, 12).await;
    let users = c
        .user()
        .find_many()
        .filter(
            user::role()
                .equals("user")
                .and(user::email().starts_with("user1")),
        )
        .order_by(user::email().desc())
        .exec()
        .await
        .unwrap();
    let emails: Vec<_> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["user10@example.com"]);

    let page = c
        .user()
        .find_many()
        .order_by(user::id().asc())
        .skip(2)
        .take(3)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        [
            "user2@example.com",
            "user3@example.com",
            "user4@example.com"
        ]
    );

    let some = c
        .user()
        .find_many()
        .filter(user::id().in_vec([1, 3, 5, 7, 9, 11]))
        .exec()
        .await
        .unwrap();
    assert_eq!(some.len(), 6, "a long IN list is bound as one parameter");
    let few = c
        .user()
        .find_many()
        .filter(user::id().not_in_vec([1, 2]))
        .exec()
        .await
        .unwrap();
    assert_eq!(few.len(), 10);
    let not_many = c
        .user()
        .count()
        .filter(user::id().not_in_vec([1, 2, 3, 4, 5, 6, 1_000]))
        .exec()
        .await
        .unwrap();
    assert_eq!(not_many, 6, "a long NOT IN list is bound as one parameter");
    let contains = c
        .user()
        .count()
        .filter(user::email().contains("1"))
        .exec()
        .await
        .unwrap();
    assert_eq!(contains, 3); // user1, user10, user11
    let ends = c
        .user()
        .count()
        .filter(user::name().ends_with("0"))
        .exec()
        .await
        .unwrap();
    assert_eq!(ends, 2);
    let or = c
        .user()
        .count()
        .filter(client::or([user::id().lt(2), user::id().gte(12)]))
        .exec()
        .await
        .unwrap();
    assert_eq!(or, 2);
    let not = c
        .user()
        .count()
        .filter(client::not([user::role().equals("user")]))
        .exec()
        .await
        .unwrap();
    assert_eq!(not, 6);
    let nulls = c
        .user()
        .count()
        .filter(user::hashed_password().is_null())
        .exec()
        .await
        .unwrap();
    assert_eq!(nulls, 12);
    let escaped = c
        .user()
        .count()
        .filter(user::email().contains("%"))
        .exec()
        .await
        .unwrap();
    assert_eq!(escaped, 0, "LIKE wildcards in the text are escaped");
    let insensitive = c
        .user()
        .count()
        .filter(user::name().contains_insensitive("USER 1"))
        .exec()
        .await
        .unwrap();
    assert_eq!(insensitive, 3);

    let first = c
        .user()
        .find_first(user::role().equals("admin"))
        .order_by(user::id().desc())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        first.map(|u| u.email),
        Some("user11@example.com".to_owned())
    );

    // Cursor: from user5 on, in id order.
    let after = c
        .user()
        .find_many()
        .cursor(user::email().equals("user5@example.com"))
        .order_by(user::id().asc())
        .take(2)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        after.iter().map(|u| u.email.clone()).collect::<Vec<_>>(),
        ["user5@example.com", "user6@example.com"]
    );

    let distinct = c
        .user()
        .find_many()
        .distinct(user::role())
        .order_by(user::id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        distinct.iter().map(|u| u.role.clone()).collect::<Vec<_>>(),
        ["user", "admin"]
    );
}

/// NULLS FIRST/LAST (emulated on MySQL) and lists longer than the inlined maximum (bound as
/// one array or JSON parameter, or padded to a power of two on MySQL).
pub async fn nulls_ordering_and_long_lists(c: &Client) {
    seed_users(c, 3).await;
    c.user()
        .create(user::create("anonymous@example.com"))
        .exec()
        .await
        .unwrap();
    let names = |users: Vec<points::User>| users.into_iter().map(|u| u.name).collect::<Vec<_>>();
    let first = c
        .user()
        .find_many()
        .order_by(user::name().desc().nulls_first())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        names(first),
        [
            None,
            Some("User 2".to_owned()),
            Some("User 1".to_owned()),
            Some("User 0".to_owned())
        ]
    );
    let last = c
        .user()
        .find_many()
        .order_by(user::name().asc().nulls_last())
        .exec()
        .await
        .unwrap();
    assert_eq!(
        names(last),
        [
            Some("User 0".to_owned()),
            Some("User 1".to_owned()),
            Some("User 2".to_owned()),
            None
        ]
    );
    for n in [5, 7, 9] {
        let emails: Vec<String> = (0..n).map(|i| format!("user{i}@example.com")).collect();
        let found = c
            .user()
            .count()
            .filter(user::email().in_vec(emails.clone()))
            .exec()
            .await
            .unwrap();
        assert_eq!(found, 3, "{n} values");
        let others = c
            .user()
            .count()
            .filter(user::email().not_in_vec(emails))
            .exec()
            .await
            .unwrap();
        assert_eq!(others, 1, "{n} values");
    }
}

pub async fn count_aggregate_group_by(c: &Client) {
    seed_points(c).await;
    assert_eq!(c.action().count().exec().await.unwrap(), 4);
    let agg = c
        .activity()
        .aggregate()
        .select(AggExpr::count_all())
        .select(activity::points().sum())
        .select(activity::points().min())
        .select(activity::points().max())
        .select(activity::points().avg())
        .exec()
        .await
        .unwrap();
    assert_eq!(agg.count_all(), Some(3));
    let num = |v: Option<&Value>| match v {
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        Some(Value::Decimal(d)) => d.to_string().parse().unwrap(),
        other => panic!("not a number: {other:?}"),
    };
    assert_eq!(num(agg.get(activity::points().sum())), 35.0);
    assert_eq!(num(agg.get(activity::points().min())), 5.0);
    assert_eq!(num(agg.get(activity::points().max())), 20.0);
    // MySQL divides exact numbers to 4 more decimals (`div_precision_increment`), in Prisma too.
    let precision = if c.dialect() == client::Dialect::Mysql {
        1e-4
    } else {
        1e-9
    };
    assert!((num(agg.get(activity::points().avg())) - 35.0 / 3.0).abs() < precision);

    let groups = c
        .action()
        .group_by([action::user_id()])
        .select(AggExpr::count_all())
        .having(AggExpr::count_all().gt(1))
        .order_by(action::user_id().asc())
        .exec()
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].key(action::user_id()), Some(&Value::Int(1)));
    assert_eq!(groups[0].count_all(), Some(3));
}
