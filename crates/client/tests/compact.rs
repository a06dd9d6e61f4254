//! The compact client (`compact = true`, decision 0038) on SQLite, PostgreSQL and MariaDB: its
//! handles (`fields()`, `select()`, `omit()`, `include()`, `write()`) run the same queries as
//! the default client's functions: filters, orderings, updates and field references through
//! `fields()`, picks and relation selections through `select()`, `omit`, includes with their
//! own arguments, and the nested writes of a required and an optional foreign key, the back
//! side of a one-to-one and a many-to-many relation.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/compact.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::Client;
use db::{Models, category, post, profile, tag, user};

/// Ann (with a profile and two posts, one in a category and tagged) and Bob (no posts).
async fn seed(c: &Client) -> (db::User, db::User) {
    let ann = c
        .user()
        .create(
            user::create("ann@example.com")
                .set(user::fields().name.set("Ann"))
                .with(user::write().profile.create(user::profile::data("Writes")))
                .with(
                    user::write().posts.create([
                        user::posts::data("First")
                            .with(post::write().category.create(category::create("News"))),
                        user::posts::data("Second"),
                    ]),
                ),
        )
        .exec()
        .await
        .unwrap();
    let bob = c
        .user()
        .create(user::create("bob@example.com"))
        .exec()
        .await
        .unwrap();
    c.tag().create(tag::create("rust")).exec().await.unwrap();
    c.post()
        .update(
            post::title_author_id("First", ann.id),
            post::update_data().set(post::fields().views.set(3)).with(
                post::write()
                    .tags
                    .connect([tag::fields().label.equals("rust")]),
            ),
        )
        .exec()
        .await
        .unwrap();
    (ann, bob)
}

async fn filters_orderings_and_updates(c: &Client) {
    let (ann, bob) = seed(c).await;
    let f = post::fields();
    let titles: Vec<String> = c
        .post()
        .find_many()
        .filter(f.author_id.equals(ann.id))
        .order_by(f.views.desc())
        .exec()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["First", "Second"]);

    // Relation filters, and a field reference (a column compared with another of its row).
    let with_posts = c
        .user()
        .find_many()
        .filter(user::fields().posts.some(post::fields().views.gt(0)))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        with_posts.iter().map(|u| u.id).collect::<Vec<_>>(),
        [ann.id]
    );
    let no_posts = c
        .user()
        .count()
        .filter(user::fields().posts.none(post::fields().id.gt(0)))
        .exec()
        .await
        .unwrap();
    assert_eq!(no_posts, 1);
    let above_author = c
        .post()
        .count()
        .filter(post::fields().views.gt_field(post::fields().author_id))
        .exec()
        .await
        .unwrap();
    assert_eq!(above_author, i64::from(3 > ann.id));

    // A unique handle finds one record; an update through a handle.
    let found = c
        .user()
        .find_unique(user::fields().email.equals("bob@example.com"))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, bob.id);
    let renamed = c
        .user()
        .update(
            user::fields().id.equals(bob.id),
            vec![user::fields().name.set("Bob")],
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Bob"));
}

async fn select_omit_and_include(c: &Client) {
    let (ann, _) = seed(c).await;
    type Row = (String, Vec<(String, i32)>);
    let rows: Vec<Row> = c
        .user()
        .find_many()
        .order_by(user::fields().id.asc())
        .select((
            user::select().email,
            user::select()
                .posts
                .with((post::select().title, post::select().views))
                .order_by(post::fields().title.desc()),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "ann@example.com".to_owned(),
                vec![("Second".to_owned(), 0), ("First".to_owned(), 3)]
            ),
            ("bob@example.com".to_owned(), vec![]),
        ]
    );

    // `select().all()` and `select().omit(…)` as items of a selection.
    let (whole, tags): (db::Post, Vec<String>) = c
        .post()
        .find_first(post::fields().title.equals("First"))
        .select((
            post::select().all(),
            post::select().tags.with(tag::select().label),
        ))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (whole.title.as_str(), tags),
        ("First", vec!["rust".to_owned()])
    );
    let less = c
        .post()
        .find_first(post::fields().title.equals("First"))
        .select((
            post::select().omit(post::omit().views),
            post::select().author.with(user::select().email),
        ))
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (less.0.title.as_str(), less.1.as_str()),
        ("First", "ann@example.com")
    );

    // `omit` on the query, and includes with their own arguments.
    let omitted = c
        .user()
        .find_unique(user::fields().id.equals(ann.id))
        .omit(user::omit().name)
        .exec()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(omitted.email, "ann@example.com");
    let loaded = c
        .user()
        .find_unique(user::fields().id.equals(ann.id))
        .include(user::include().profile)
        .include(
            user::include()
                .posts
                .order_by(post::fields().title.asc())
                .take(1)
                .include(post::include().category),
        )
        .exec()
        .await
        .unwrap()
        .unwrap();
    let profile = loaded.profile.into_inner().flatten().unwrap();
    assert_eq!(profile.bio, "Writes");
    let posts = loaded.posts.into_inner().unwrap();
    assert_eq!(posts.len(), 1);
    let category = posts[0].category.clone().into_inner().flatten().unwrap();
    assert_eq!(
        (posts[0].title.as_str(), category.name.as_str()),
        ("First", "News")
    );
}

async fn nested_writes(c: &Client) {
    let (ann, bob) = seed(c).await;
    // The side holding a required foreign key: connect while creating, then reconnect.
    let third = c
        .post()
        .create(post::create_linked(
            "Third",
            post::write()
                .author
                .connect(user::fields().id.equals(bob.id)),
        ))
        .exec()
        .await
        .unwrap();
    assert_eq!(third.author_id, bob.id);
    let moved = c
        .post()
        .update(
            post::fields().id.equals(third.id),
            post::update_data().with(
                post::write()
                    .author
                    .connect(user::fields().id.equals(ann.id)),
            ),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(moved.author_id, ann.id);

    // An optional foreign key: connect, disconnect.
    let with_category = c
        .post()
        .update(
            post::fields().id.equals(third.id),
            post::update_data().with(
                post::write()
                    .category
                    .connect(category::fields().name.equals("News")),
            ),
        )
        .exec()
        .await
        .unwrap();
    assert!(with_category.category_id.is_some());
    let without = c
        .post()
        .update(
            post::fields().id.equals(third.id),
            post::update_data().with(post::write().category.disconnect()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(without.category_id, None);

    // Many-to-many: set, then disconnect.
    c.tag().create(tag::create("sql")).exec().await.unwrap();
    c.post()
        .update(
            post::fields().id.equals(third.id),
            post::update_data().with(post::write().tags.set([
                tag::fields().label.equals("rust"),
                tag::fields().label.equals("sql"),
            ])),
        )
        .exec()
        .await
        .unwrap();
    let tagged = c
        .tag()
        .count()
        .filter(tag::fields().posts.some(post::fields().id.equals(third.id)))
        .exec()
        .await
        .unwrap();
    assert_eq!(tagged, 2);
    c.post()
        .update(
            post::fields().id.equals(third.id),
            post::update_data().with(
                post::write()
                    .tags
                    .disconnect([tag::fields().label.equals("sql")]),
            ),
        )
        .exec()
        .await
        .unwrap();

    // A list whose records require their parent: update and delete through it.
    c.user()
        .update(
            user::fields().id.equals(ann.id),
            user::update_data()
                .with(user::write().posts.update_many(
                    post::fields().views.equals(0),
                    vec![post::fields().views.set(1)],
                ))
                .with(
                    user::write()
                        .posts
                        .delete([post::fields().id.equals(third.id)]),
                ),
        )
        .exec()
        .await
        .unwrap();
    let views: Vec<i32> = c
        .post()
        .find_many()
        .order_by(post::fields().title.asc())
        .select(post::select().views)
        .exec()
        .await
        .unwrap();
    assert_eq!(views, [3, 1]);

    // The back side of a one-to-one: update, then delete the profile.
    c.user()
        .update(
            user::fields().id.equals(ann.id),
            user::update_data().with(
                user::write()
                    .profile
                    .update(vec![profile::fields().bio.set("Reads".to_owned())]),
            ),
        )
        .exec()
        .await
        .unwrap();
    let bio = c
        .profile()
        .find_first(profile::fields().id.gt(0))
        .select(profile::select().bio)
        .exec()
        .await
        .unwrap();
    assert_eq!(bio.as_deref(), Some("Reads"));
    c.user()
        .update(
            user::fields().id.equals(ann.id),
            user::update_data().with(user::write().profile.delete()),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(c.profile().count().exec().await.unwrap(), 0);
}

crate::on_both!("compact"; filters_orderings_and_updates, select_omit_and_include, nested_writes);
