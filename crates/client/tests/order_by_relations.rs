//! Ordering through relations more than one level away and by relation counts under them
//! (Prisma's `orderBy: { post: { author: { team: { name: 'asc' } } } }` and `orderBy: { author:
//! { posts: { _count: 'desc' } } }`), with `nulls`, a cursor, a backwards page and inside an
//! include, on SQLite, PostgreSQL and MySQL/MariaDB, through the client generated for
//! `crates/client-gen/tests/fixtures/order_by_relations.prisma`. An ordering by fields of a
//! to-many relation's records, which Prisma refuses, is refused with P2009.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/order_by_relations.rs");
}
mod support;

use client::{Client, Filter, Order};
use db::{Comment, Models, Post, comment, league, post, profile, team, user};

/// Leagues Alpha and Beta; teams Red (Beta), Blue (Alpha), Green (no league); users ann and ed
/// (Red), bob (Blue), cy (no team), di (Green); profiles: ann "zz", bob none written (NULL),
/// cy "aa", no profile for di and ed; posts p1 and p5 by ann, p2 by bob, p3 by cy, p4 by di;
/// comments c1 on p2, c2 on p3, c3 on p1, c4 on p4.
async fn seed(c: &Client) {
    for name in ["Alpha", "Beta"] {
        c.league()
            .create(league::create(name))
            .exec()
            .await
            .unwrap();
    }
    for (name, league) in [("Red", Some(2)), ("Blue", Some(1)), ("Green", None)] {
        c.team()
            .create(team::create(name).set(team::league_id().set_opt(league)))
            .exec()
            .await
            .unwrap();
    }
    for (name, team) in [
        ("ann", Some(1)),
        ("bob", Some(2)),
        ("cy", None),
        ("di", Some(3)),
        ("ed", Some(1)),
    ] {
        c.user()
            .create(user::create(name).set(user::team_id().set_opt(team)))
            .exec()
            .await
            .unwrap();
    }
    for (user, bio) in [(1, Some("zz")), (2, None), (3, Some("aa"))] {
        c.profile()
            .create(profile::create(user).set(profile::bio().set_opt(bio.map(str::to_owned))))
            .exec()
            .await
            .unwrap();
    }
    for (title, author) in [("p1", 1), ("p2", 2), ("p3", 3), ("p4", 4), ("p5", 1)] {
        c.post()
            .create(post::create(title, author))
            .exec()
            .await
            .unwrap();
    }
    for (body, post) in [("c1", 2), ("c2", 3), ("c3", 1), ("c4", 4)] {
        c.comment()
            .create(comment::create(body, post))
            .exec()
            .await
            .unwrap();
    }
}

async fn comments(c: &Client, order: Order<Comment>) -> Vec<String> {
    let found = c
        .comment()
        .find_many()
        .order_by(order)
        .order_by(comment::id().asc())
        .exec()
        .await
        .expect("find comments");
    found.into_iter().map(|c| c.body).collect()
}

async fn posts(c: &Client, order: Order<Post>) -> Vec<String> {
    let found = c
        .post()
        .find_many()
        .order_by(order)
        .order_by(post::id().asc())
        .exec()
        .await
        .expect("find posts");
    found.into_iter().map(|p| p.title).collect()
}

async fn chains_of_to_one_relations(c: &Client) {
    seed(c).await;

    // Three relations away: comment → post → author → team. No team sorts as NULL.
    let by_team_name = comment::post()
        .order(post::author().order(user::team().order(team::name().asc().nulls_last())));
    assert_eq!(comments(c, by_team_name).await, ["c1", "c4", "c3", "c2"]);

    // Four away, descending: post → author → team → league; cy has no team, Green no league.
    let by_league_name = post::author()
        .order(user::team().order(team::league().order(league::name().desc().nulls_last())));
    assert_eq!(
        posts(c, by_league_name).await,
        ["p1", "p5", "p2", "p3", "p4"]
    );
    let nulls_first = post::author()
        .order(user::team().order(team::league().order(league::name().desc().nulls_first())));
    assert_eq!(posts(c, nulls_first).await, ["p3", "p4", "p1", "p5", "p2"]);

    // Through a to-one relation from the side without the foreign key (a user's profile).
    let by_bio = post::author().order(profile_bio_asc());
    assert_eq!(posts(c, by_bio).await, ["p3", "p1", "p5", "p2", "p4"]);

    // With a filter through the same relations, and counted.
    let filtered = c
        .comment()
        .find_many()
        .filter(comment::post().is(post::author().is(user::team().is(Filter::all()))))
        .order_by(comment::post().order(post::author().order(user::name().desc())))
        .exec()
        .await
        .unwrap();
    assert_eq!(
        filtered.into_iter().map(|c| c.body).collect::<Vec<_>>(),
        ["c4", "c1", "c3"]
    );
}

fn profile_bio_asc() -> Order<db::User> {
    user::profile().order(profile::bio().asc().nulls_last())
}

async fn counts_under_relations(c: &Client) {
    seed(c).await;

    // `orderBy: { author: { posts: { _count: 'desc' } } }`: ann wrote two posts.
    let by_author_posts = post::author().order(user::posts().count_desc());
    assert_eq!(
        posts(c, by_author_posts).await,
        ["p1", "p5", "p2", "p3", "p4"]
    );

    // Two relations down, then a count: the members of the comment's post's author's team.
    // Red has two, Blue and Green one; cy has no team, which counts 0 (not NULL), as in Prisma.
    let by_team_size = comment::post()
        .order(post::author().order(user::team().order(team::members().count_asc())));
    assert_eq!(comments(c, by_team_size).await, ["c2", "c1", "c4", "c3"]);
    let by_team_size = comment::post()
        .order(post::author().order(user::team().order(team::members().count_desc())));
    assert_eq!(comments(c, by_team_size).await, ["c3", "c1", "c4", "c2"]);
}

async fn paging_and_includes(c: &Client) {
    seed(c).await;
    let by_author_name = || post::author().order(user::name().desc());

    // A cursor compares the ordering through the relation with the cursor record's, as in
    // Prisma: di, cy, bob, ann, ann; from p2 (bob) on.
    let page = c
        .post()
        .find_many()
        .order_by(by_author_name())
        .order_by(post::id().asc())
        .cursor(post::id().equals(2))
        .take(2)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        page.into_iter().map(|p| p.title).collect::<Vec<_>>(),
        ["p2", "p1"]
    );
    let page = c
        .post()
        .find_many()
        .order_by(by_author_name())
        .order_by(post::id().asc())
        .cursor(post::id().equals(2))
        .skip(1)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        page.into_iter().map(|p| p.title).collect::<Vec<_>>(),
        ["p1", "p5"]
    );

    // A backwards page (`take: -2`): the last two, in the asked order.
    let last = c
        .post()
        .find_many()
        .order_by(by_author_name())
        .take(-2)
        .exec()
        .await
        .unwrap();
    assert_eq!(
        last.into_iter().map(|p| p.title).collect::<Vec<_>>(),
        ["p1", "p5"]
    );

    // Inside an include: Red's members by their profile's bio (ed has none).
    let red = c
        .team()
        .find_unique(team::id().equals(1))
        .include(team::include::members().order_by(user::profile().order(profile::bio().desc())))
        .exec()
        .await
        .unwrap()
        .expect("Red");
    let members: Vec<&str> = red
        .members
        .get()
        .expect("members loaded")
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    let ann_first = c.dialect() == client::Dialect::Postgres;
    // PostgreSQL sorts NULL first when descending, SQLite and MySQL last.
    assert_eq!(
        members,
        if ann_first {
            ["ed", "ann"]
        } else {
            ["ann", "ed"]
        }
    );
}

async fn to_many_orders_only_by_count(c: &Client) {
    seed(c).await;
    // Prisma has no `orderBy: { members: { name: 'asc' } }`: a to-many relation orders by
    // `_count` only. Refused before anything is sent, at any depth.
    let e = c
        .team()
        .find_many()
        .order_by(team::members().order(user::name().asc()))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2009", "{e}");
    assert!(
        e.to_string().contains("`members` is a to-many relation"),
        "{e}"
    );
    let e = c
        .comment()
        .find_first(Filter::all())
        .order_by(
            comment::post().order(post::author().order(user::posts().order(post::title().asc()))),
        )
        .exec()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2009", "{e}");
    assert!(e.to_string().contains("`post.author.posts`"), "{e}");
    // Inside an include too.
    let e = c
        .team()
        .find_many()
        .include(team::include::members().order_by(user::posts().order(post::id().asc())))
        .exec()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "P2009", "{e}");
}

on_both!(
    "order_by_relations";
    chains_of_to_one_relations,
    counts_under_relations,
    paging_and_includes,
    to_many_orders_only_by_count,
);
