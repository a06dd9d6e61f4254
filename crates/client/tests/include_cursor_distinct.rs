//! `cursor` and `distinct` inside `include` (Prisma's `include: { posts: { cursor, distinct,
//! orderBy, skip, take } }`) and in a relation selection, on SQLite, PostgreSQL and MariaDB:
//! the related records of the parent the cursor record belongs to are those the same query
//! returns at the top level, filtered to that parent; the other parents get none, as in
//! Prisma (its query engine keeps each parent's records from the cursor record on);
//! `distinct`, `skip` and `take` apply per parent. For a one-to-many relation and a
//! many-to-many one (through the join table). Schema:
//! `crates/client-gen/tests/fixtures/all_types.prisma`.

// The generated client names `::refract::__private`: the runtime under the front crate's name.
extern crate client as refract;

#[allow(
    dead_code,
    reason = "each test binary uses part of the generated client"
)]
mod db {
    include!("../../client-gen/tests/expect/all_types.rs");
}
#[allow(dead_code, reason = "this test uses part of the support module")]
mod support;

use client::Client;
use db::{Models, Post, Tag, person, post, tag};

fn ids_of_posts(posts: &[Post]) -> Vec<i32> {
    posts.iter().map(|p| p.id).collect()
}

fn names_of(tags: &[Tag]) -> Vec<&str> {
    tags.iter().map(|t| t.name.as_str()).collect()
}

/// Posts of two people, titles repeating; the include of each person's posts with a cursor,
/// distinct titles, skip and take equals the top-level query on that person's posts.
async fn one_to_many(c: &Client) {
    let ann = c
        .person()
        .create(person::create("Ann"))
        .exec()
        .await
        .unwrap();
    let bob = c
        .person()
        .create(person::create("Bob"))
        .exec()
        .await
        .unwrap();
    let mut cursor = 0;
    for (author, titles) in [
        (ann.id, ["a", "b", "b", "c", "d", "d", "e"]),
        (bob.id, ["b", "c", "c", "c", "d", "e", "f"]),
    ] {
        for title in titles {
            let p = c
                .post()
                .create(post::create(title, author))
                .exec()
                .await
                .unwrap();
            if author == ann.id && title == "b" && cursor == 0 {
                cursor = p.id;
            }
        }
    }
    let include = |desc: bool, with_cursor: bool, distinct: bool, page: bool| {
        let mut l = person::include::posts();
        l = if desc {
            l.order_by(post::title().desc())
        } else {
            l.order_by(post::title().asc())
        };
        // A total order: which of two equal titles `distinct` keeps is then defined.
        l = l.order_by(post::id().asc());
        if with_cursor {
            l = l.cursor(post::id().equals(cursor));
        }
        if distinct {
            l = l.distinct(post::title());
        }
        if page {
            l = l.skip(1).take(2);
        }
        l
    };
    let top = |author: i32, desc: bool, with_cursor: bool, distinct: bool, page: bool| {
        let mut q = c
            .post()
            .find_many()
            .filter(post::author_id().equals(author));
        q = if desc {
            q.order_by(post::title().desc())
        } else {
            q.order_by(post::title().asc())
        };
        q = q.order_by(post::id().asc());
        if with_cursor {
            q = q.cursor(post::id().equals(cursor));
        }
        if distinct {
            q = q.distinct(post::title());
        }
        if page {
            q = q.skip(1).take(2);
        }
        q
    };
    for (desc, with_cursor, distinct, page) in [
        (false, true, true, true),
        (false, true, false, false),
        (true, false, true, false),
        (true, true, true, false),
        (false, false, true, true),
    ] {
        let people = c
            .person()
            .find_many()
            .order_by(person::id().asc())
            .include(include(desc, with_cursor, distinct, page))
            .exec()
            .await
            .unwrap();
        assert_eq!(people.len(), 2);
        for p in &people {
            let expected = top(p.id, desc, with_cursor, distinct, page)
                .exec()
                .await
                .unwrap();
            // As Prisma: a parent the cursor record does not belong to keeps no record.
            let expected = if with_cursor && p.id != ann.id {
                Vec::new()
            } else {
                expected
            };
            let included = p.posts.get().expect("posts loaded");
            assert_eq!(
                ids_of_posts(included),
                ids_of_posts(&expected),
                "{}: desc {desc}, cursor {with_cursor}, distinct {distinct}, page {page}",
                p.name
            );
        }
    }
    // The same in a relation selection (`select: { posts: { select: { id: true }, cursor,
    // distinct, … } }`): the distinct field need not be selected.
    let selected = c
        .person()
        .find_many()
        .order_by(person::id().asc())
        .select((
            person::select::id(),
            person::select::posts(post::select::id())
                .order_by(post::title().asc())
                .order_by(post::id().asc())
                .cursor(post::id().equals(cursor))
                .distinct(post::title())
                .skip(1)
                .take(2),
        ))
        .exec()
        .await
        .unwrap();
    for (id, posts) in &selected {
        let expected = if *id == ann.id {
            ids_of_posts(&top(*id, false, true, true, true).exec().await.unwrap())
        } else {
            Vec::new()
        };
        assert_eq!(posts, &expected, "select of person {id}");
    }
    assert!(selected.iter().any(|(_, posts)| !posts.is_empty()));
    // The first case, spelled out: Ann's titles from her first "b" on are b b c d d e,
    // distinct b c d e, skip 1 take 2: c d; Bob has none (the cursor is Ann's post).
    let ann_posts = c
        .person()
        .find_unique(person::id().equals(ann.id))
        .include(include(false, true, true, true))
        .exec()
        .await
        .unwrap()
        .unwrap();
    let titles: Vec<&str> = ann_posts
        .posts
        .get()
        .unwrap()
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(titles, ["c", "d"]);
    // A cursor no record matches: no related records, as at the top level.
    let none = c
        .person()
        .find_many()
        .include(person::include::posts().cursor(post::id().equals(-1)))
        .exec()
        .await
        .unwrap();
    assert!(none.iter().all(|p| p.posts.get().unwrap().is_empty()));
}

/// Tags of two posts (m:n): the include with a cursor and take equals the top-level query
/// on tags related to that post.
async fn many_to_many(c: &Client) {
    let ann = c
        .person()
        .create(person::create("Ann"))
        .exec()
        .await
        .unwrap();
    for name in ["t1", "t2", "t3", "t4", "t5"] {
        c.tag().create(tag::create(name)).exec().await.unwrap();
    }
    let connect = |names: &[&str]| {
        post::tags::connect(
            names
                .iter()
                .map(|n| tag::name().equals(*n))
                .collect::<Vec<_>>(),
        )
    };
    let p1 = c
        .post()
        .create(post::create("one", ann.id).with(connect(&["t1", "t2", "t3", "t4", "t5"])))
        .exec()
        .await
        .unwrap();
    let p2 = c
        .post()
        .create(post::create("two", ann.id).with(connect(&["t2", "t4", "t5"])))
        .exec()
        .await
        .unwrap();
    // A post without the cursor's tag: no tags, as in Prisma.
    c.post()
        .create(post::create("three", ann.id).with(connect(&["t1", "t3"])))
        .exec()
        .await
        .unwrap();
    let posts = c
        .post()
        .find_many()
        .order_by(post::id().asc())
        .include(
            post::include::tags()
                .order_by(tag::name().desc())
                .cursor(tag::name().equals("t4"))
                .take(2),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(posts.len(), 3);
    assert!(posts[2].tags.get().unwrap().is_empty());
    for (p, expected) in posts.iter().zip([["t4", "t3"], ["t4", "t2"]]) {
        let top = c
            .tag()
            .find_many()
            .filter(tag::posts().some(post::id().equals(p.id)))
            .order_by(tag::name().desc())
            .cursor(tag::name().equals("t4"))
            .take(2)
            .exec()
            .await
            .unwrap();
        let included = p.tags.get().unwrap();
        assert_eq!(names_of(included), names_of(&top), "post {}", p.title);
        assert_eq!(names_of(included), expected);
    }
    assert_eq!((posts[0].id, posts[1].id), (p1.id, p2.id));
    let selected = c
        .post()
        .find_many()
        .order_by(post::id().asc())
        .select(
            post::select::tags(tag::select::name())
                .order_by(tag::name().desc())
                .cursor(tag::name().equals("t4"))
                .take(2),
        )
        .exec()
        .await
        .unwrap();
    assert_eq!(
        selected,
        [vec!["t4", "t3"], vec!["t4", "t2"], Vec::<&str>::new()]
    );
}

on_both!("all_types"; one_to_many, many_to_many);
