//! An `orderBy` on a relation's `_count` counts what the counted model's read hooks let
//! through, as the counts a `select` reads do: with soft delete, an author's deleted posts do
//! not move the author up, at the top of a query, in its `select` form, and through a to-one
//! relation (`post::author().order(author::posts().count_desc())`).

use client::Client;

use super::db::{Models, author, post};
use super::{a_post, an_author, soft_delete};

pub(crate) async fn soft_delete_holds_in_order_by_count(c: &Client) {
    let ada = an_author(c, "ada@example.com").await;
    let bob = an_author(c, "bob@example.com").await;
    for slug in ["a1", "a2", "a3"] {
        a_post(c, ada.id, slug).await;
    }
    for slug in ["b1", "b2"] {
        a_post(c, bob.id, slug).await;
    }
    let soft = soft_delete(c);
    for slug in ["a1", "a2"] {
        soft.post()
            .delete(post::slug().equals(slug))
            .exec()
            .await
            .unwrap();
    }
    // Ada has 3 posts, 1 of them live; Bob 2, both live.
    let authors = async |c: &Client| {
        c.author()
            .find_many()
            .order_by(author::posts().count_desc())
            .order_by(author::id().asc())
            .exec()
            .await
    };
    let ids =
        |authors: Vec<super::db::Author>| authors.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(authors(&soft).await.unwrap()), [bob.id, ada.id]);
    assert_eq!(ids(authors(c).await.unwrap()), [ada.id, bob.id]);
    let emails = async |c: &Client| {
        c.author()
            .find_many()
            .order_by(author::posts().count_asc())
            .order_by(author::id().desc())
            .select(author::select::email())
            .exec()
            .await
    };
    assert_eq!(
        emails(&soft).await.unwrap(),
        ["ada@example.com", "bob@example.com"]
    );
    assert_eq!(
        emails(c).await.unwrap(),
        ["bob@example.com", "ada@example.com"]
    );
    // Through a to-one relation: posts by their author's number of (live) posts.
    let slugs = async |c: &Client| {
        c.post()
            .find_many()
            .order_by(post::author().order(author::posts().count_desc()))
            .order_by(post::id().asc())
            .select(post::select::slug())
            .exec()
            .await
    };
    assert_eq!(slugs(&soft).await.unwrap(), ["b1", "b2", "a3"]);
    assert_eq!(slugs(c).await.unwrap(), ["a1", "a2", "a3", "b1", "b2"]);
    // findFirst takes the same path.
    let first = soft
        .author()
        .find_first(client::Filter::all())
        .order_by(author::posts().count_desc())
        .exec()
        .await
        .unwrap();
    assert_eq!(first.map(|a| a.id), Some(bob.id));
}
