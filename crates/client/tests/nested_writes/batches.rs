//! Batch transactions: operations of different models, a Vec of one type, and a failing one
//! that leaves nothing behind.

use super::*;

/// Batch transactions: a tuple of operations of different models, a Vec of one type, and a
/// failing one that leaves nothing behind.
pub async fn batch_transactions(c: &Client) {
    let ann = person_named(c, "Ann").await;
    let (post, count, renamed) = c
        .batch((
            c.post().create(post::create("batched", ann.id)),
            c.person().count(),
            c.person().update(
                person::id().equals(ann.id),
                vec![person::name().set("Anne")],
            ),
        ))
        .await
        .unwrap();
    assert_eq!(
        (post.author_id, count, renamed.name.as_str()),
        (ann.id, 1, "Anne")
    );
    let created = c
        .batch(vec![
            c.tag().create(tag::create("a")),
            c.tag().create(tag::create("b")),
        ])
        .await
        .unwrap();
    assert_eq!(created.len(), 2);
    let err = c
        .batch((
            c.tag().create(tag::create("c")),
            c.post().delete(post::id().equals(9999)),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "P2025");
    assert_eq!(
        c.tag().count().exec().await.unwrap(),
        2,
        "c was rolled back"
    );
    let (found, deleted) = c
        .batch((
            c.tag().find_many().filter(tag::name().equals("a")),
            c.tag().delete_many(tag::name().equals("b")),
        ))
        .await
        .unwrap();
    assert_eq!((found.len(), deleted), (1, 1));
}
