//! Scalar lists (PostgreSQL) and `Unsupported` columns (every database), in headless
//! Chromium: shown, filtered with the client's list filters, edited as typed lists (null and
//! the empty list kept apart), and `Unsupported` values shown read-only with the reason.

mod common;

use common::{Browser, TestResult, chromedriver, http, start_with};

/// Sets the row editor's input `name` to `value` (a JS string literal) and ticks or clears
/// its null box.
fn set(name: &str, value: &str) -> String {
    format!(
        "document.querySelector('[form=\"edit\"][name=\"v.{name}\"]').value={value};\
         document.querySelector('[form=\"edit\"][name=\"null.{name}\"]').checked=false;"
    )
}

const SAVE: &str = "document.querySelector('button[form=\"edit\"]').click();";

#[tokio::test]
async fn scalar_lists_postgresql() -> TestResult {
    let Some(driver) = chromedriver() else {
        return Ok(());
    };
    let seed = "INSERT INTO things (name, tags, scores, colors, doc) VALUES \
        ('a', ARRAY['x', 'y'], ARRAY[1, 2], ARRAY['RED', 'BLUE']::\"Color\"[], to_tsvector('simple', 'hello world')), \
        ('b', '{}', NULL, '{}', NULL), \
        ('c', ARRAY['y', 'z'], ARRAY[3], NULL, NULL);";
    let Some(app) = start_with("postgresql", "lists.prisma", seed).await else {
        return Ok(());
    };
    let b = Browser::start(&driver).await;
    b.goto(&app.url).await?;
    b.goto(&app.at("/m/Thing")).await?;

    // Shown: each list as a JSON array, NULL apart from the empty list, the tsvector as
    // PostgreSQL writes it, and the types in the headers.
    let main = b.main_contains("3 rows").await?;
    for shown in [
        r#"["x","y"]"#,
        "[1,2]",
        r#"["RED","BLUE"]"#,
        "'hello':1 'world':2",
        "String[]",
        "Color[]",
        r#"Unsupported("tsvector")?"#,
    ] {
        assert!(main.contains(shown), "{shown} in:\n{main}");
    }
    let page = http(&app, "GET", "/m/Thing?op.name=equals&q.name=b", &[], "").await;
    assert!(page.contains("<td>[]</td>") && page.contains("td class=\"null\">null</td>"));

    // The client's list filters.
    for (query, expected, count) in [
        ("op.tags=has&q.tags=x", vec!["a"], "1 matching"),
        ("op.tags=hasSome&q.tags=x,+z", vec!["a", "c"], "2 matching"),
        ("op.tags=hasEvery&q.tags=y,+z", vec!["c"], "1 matching"),
        ("op.tags=isEmpty", vec!["b"], "1 matching"),
        ("op.colors=has&q.colors=BLUE", vec!["a"], "1 matching"),
        ("op.scores=has&q.scores=3", vec!["c"], "1 matching"),
    ] {
        let url = format!("/m/Thing?{query}");
        b.goto(&app.at(&url)).await?;
        b.main_contains(count).await?;
        let page = http(&app, "GET", &url, &[], "").await;
        let names: Vec<&str> = ["a", "b", "c"]
            .into_iter()
            .filter(|n| page.contains(&format!("<td>{n}</td>")))
            .collect();
        assert_eq!(names, expected, "{query}");
    }
    let bad = http(&app, "GET", "/m/Thing?op.scores=has&q.scores=x", &[], "").await;
    assert!(bad.contains("scores: `x` is not a whole number."), "{bad}");

    // Edit row a: new tags, an empty list of scores, colors set to NULL.
    b.goto(&app.at("/m/Thing?op.name=equals&q.name=a")).await?;
    b.click_link("Edit").await?;
    let main = b.main_contains("a JSON array of Int").await?;
    assert!(
        main.contains("read-only: Prisma Client cannot write Unsupported(\"tsvector\")?"),
        "{main}"
    );
    b.run(&format!(
        "{}{}document.querySelector('[form=\"edit\"][name=\"null.colors\"]').checked=true;{SAVE}",
        set("tags", "'[\"z\", \"w\"]'"),
        set("scores", "'[]'"),
    ))
    .await?;
    b.main_contains("Saved the Thing record.").await?;
    let page = http(&app, "GET", "/m/Thing?op.name=equals&q.name=a", &[], "").await;
    assert!(
        page.contains(r#"<td>[&quot;z&quot;,&quot;w&quot;]</td>"#),
        "{page}"
    );
    assert!(page.contains("<td>[]</td>"), "{page}");
    assert!(page.contains("td class=\"null\">null</td>"), "{page}");
    assert!(
        page.contains("'hello':1 'world':2"),
        "the tsvector is kept: {page}"
    );

    if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
        b.goto(&app.at("/m/Thing?hide=name&edit=%5B%221%22%5D"))
            .await?;
        b.main_contains("a JSON array of Int").await?;
        b.screenshot("studio-lists.png").await?;
        b.goto(&app.at("/m/Thing?op.name=equals&q.name=a")).await?;
    }

    // A wrong element is refused, naming it; the browser's own check refuses what is not
    // a JSON array before it is sent.
    b.click_link("Edit").await?;
    b.run(&format!("{}{SAVE}", set("scores", "'[1, \"two\"]'")))
        .await?;
    b.main_contains("scores[1]: `two` is not a whole number.")
        .await?;
    let valid: bool = b
        .client
        .execute(
            &format!(
                "{}const a = document.querySelector('textarea[name=\"v.scores\"]');\
                 a.dispatchEvent(new Event('input')); return a.checkValidity();",
                set("scores", "'1, 2'")
            ),
            vec![],
        )
        .await?
        .as_bool()
        .unwrap_or(true);
    assert!(!valid, "`1, 2` is not a JSON array");

    // Create: the list default applies when left empty; given lists are written.
    b.goto(&app.at("/m/Thing?new=1")).await?;
    b.run(&format!(
        "document.querySelector('[form=\"edit\"][name=\"v.name\"]').value='d';{}{SAVE}",
        set("tags", "'[\"new\"]'")
    ))
    .await?;
    b.main_contains("Created a Thing record.").await?;
    let page = http(&app, "GET", "/m/Thing?op.name=equals&q.name=d", &[], "").await;
    assert!(page.contains("<td>[&quot;new&quot;]</td>"), "{page}");
    assert!(page.contains("<td>[&quot;RED&quot;]</td>"), "{page}");
    Ok(())
}

/// A table with an `Unsupported` column: shown as the database's text, never written; the
/// record's other fields still edit.
async fn unsupported(provider: &str, value_sql: &str, shown: &str) -> TestResult {
    let Some(driver) = chromedriver() else {
        return Ok(());
    };
    let seed = format!(
        "INSERT INTO places (name, shape) VALUES ('here', {value_sql}), ('nowhere', NULL);"
    );
    let fixture = format!("unsupported_{provider}.prisma");
    let Some(app) = start_with(provider, &fixture, &seed).await else {
        return Ok(());
    };
    let b = Browser::start(&driver).await;
    b.goto(&app.url).await?;
    b.goto(&app.at("/m/Place")).await?;
    let main = b.main_contains("2 rows").await?;
    assert!(main.contains(shown), "{provider}: {shown} in\n{main}");
    assert!(main.contains("read-only"), "{main}");
    b.goto(&app.at("/m/Place?op.name=equals&q.name=here"))
        .await?;
    b.click_link("Edit").await?;
    b.main_contains("read-only: Prisma Client cannot write")
        .await?;
    b.run(
        "document.querySelector('[form=\"edit\"][name=\"v.name\"]').value='there';\
         document.querySelector('button[form=\"edit\"]').click();",
    )
    .await?;
    b.main_contains("Saved the Place record.").await?;
    b.goto(&app.at("/m/Place?op.name=equals&q.name=there"))
        .await?;
    let main = b.main_contains("1 matching").await?;
    assert!(
        main.contains(shown),
        "{provider}: the value is kept\n{main}"
    );
    // Creating a record leaves the column to the database (it is optional).
    b.goto(&app.at("/m/Place?new=1")).await?;
    b.run(
        "document.querySelector('[form=\"edit\"][name=\"v.name\"]').value='new';\
         document.querySelector('button[form=\"edit\"]').click();",
    )
    .await?;
    b.main_contains("Created a Place record.").await?;
    Ok(())
}

#[tokio::test]
async fn unsupported_postgresql() -> TestResult {
    unsupported("postgresql", "circle '((1,2),3)'", "<(1,2),3>").await
}

#[tokio::test]
async fn unsupported_mysql() -> TestResult {
    unsupported("mysql", "ST_GeomFromText('POINT(1 2)')", "POINT(1 2)").await
}

#[tokio::test]
async fn unsupported_sqlite() -> TestResult {
    unsupported("sqlite", "'<(1,2),3>'", "<(1,2),3>").await
}
