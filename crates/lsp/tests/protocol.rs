//! Every request the server answers, through the protocol, over the in-memory connection.
// Workspace edits are keyed by `Uri` (see the note in src/lib.rs).
#![allow(clippy::mutable_key_type)]

mod common;

use common::{Client, at, end_of, position_of, uri};
use diagnostics::SourceFiles;
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename,
};
use lsp_types::{
    CodeActionContext, CodeActionOrCommand, CodeActionParams, CompletionParams, CompletionResponse,
    DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse, FormattingOptions,
    GotoDefinitionParams, GotoDefinitionResponse, HoverContents, HoverParams, Range,
    ReferenceContext, ReferenceParams, RenameParams, TextDocumentIdentifier, TextEdit, Uri,
    WorkspaceEdit,
};

const SCHEMA: &str = r#"datasource db {
  provider = "postgresql"
}

generator client {
  provider = "refract"
}

/// Someone who writes posts.
model User {
  id    Int    @id @default(autoincrement())
  email String @unique @db.VarChar(200)
  role  Role   @default(USER)
  posts Post[]
}

enum Role {
  USER
  ADMIN
}

model Post {
  id       Int    @id
  /// Who wrote it.
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
  title    String @map("post_title")
}
"#;

/// Writes `name` into a `prisma` folder inside `dir`: one folder below the test's temporary
/// folder, so that the schema's root (found as Prisma's server finds it: up while the parent
/// folder holds a `.prisma` file) never reaches the system's temporary folder and whatever
/// `.prisma` file another program left there.
fn write(dir: &std::path::Path, name: &str, text: &str) -> Uri {
    let dir = dir.join("prisma");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    uri(&path)
}

fn labels(response: Option<CompletionResponse>) -> Vec<String> {
    match response {
        Some(CompletionResponse::List(l)) => l.items.into_iter().map(|i| i.label).collect(),
        Some(CompletionResponse::Array(a)) => a.into_iter().map(|i| i.label).collect(),
        None => Vec::new(),
    }
}

fn complete(client: &mut Client, uri: &Uri, text: &str, needle: &str, delta: usize) -> Vec<String> {
    let position = position_of(text, needle, 0, delta);
    labels(client.request::<Completion>(CompletionParams {
        text_document_position: at(uri, position),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: None,
    }))
}

/// Applies the edits of one file, last first.
fn apply(text: &str, edits: &[TextEdit]) -> String {
    let index = |p: lsp_types::Position| {
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i == p.line as usize {
                return offset + p.character as usize;
            }
            offset += line.len();
        }
        text.len()
    };
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(index(e.range.start)..index(e.range.end), &e.new_text);
    }
    out
}

#[test]
fn diagnostics_are_validates_and_follow_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let broken = SCHEMA.replace("role  Role", "role  Rol");
    let uri = write(dir.path(), "schema.prisma", &broken);
    let mut client = Client::in_memory();
    client.open(&uri, &broken);
    let published = client.diagnostics(&uri);
    let (_, expected) = schema::validate(&SourceFiles::single("schema.prisma", broken.as_str()));
    assert!(expected.has_errors());
    let errors: Vec<&str> = published.iter().map(|d| d.message.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(errors, wanted);
    let range = published[0].range;
    assert_eq!(
        range,
        Range::new(
            position_of(&broken, "Rol ", 0, 0),
            position_of(&broken, "Rol ", 0, 3)
        )
    );

    // Live: fixing the type (an incremental change) clears them.
    client.change(&uri, Some(Range::new(range.end, range.end)), "e");
    assert_eq!(client.diagnostics(&uri), vec![]);
    // And a whole-document change brings one back.
    client.change(&uri, None, &SCHEMA.replace("@unique", "@uniqe"));
    let again = client.diagnostics(&uri);
    assert_eq!(again.len(), 1, "{again:?}");
    assert!(
        again[0].message.contains("Attribute not known"),
        "{again:?}"
    );
    client.shutdown();
}

#[test]
fn formatting_is_refract_formats() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "model A {\nid Int @id\n  b B[]\n}\nmodel B {\n id Int @id\n aId Int\n  a A @relation(fields:[aId],references:[id])\n}\n";
    let uri = write(dir.path(), "schema.prisma", messy);
    let mut client = Client::in_memory();
    client.open(&uri, messy);
    let edits = client
        .request::<Formatting>(DocumentFormattingParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            options: FormattingOptions {
                tab_size: 2,
                insert_spaces: true,
                ..Default::default()
            },
            work_done_progress_params: Default::default(),
        })
        .unwrap();
    assert_eq!(apply(messy, &edits), schema_format::format_text(messy));
    client.shutdown();
}

#[test]
fn completion_knows_the_language_and_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{SCHEMA}\nmodel Comment {{\n  id     Int @id\n  postId Int\n  post   Post @relation(fields: [], references: [])\n  body   String @db.\n  kind   Ro\n  @@\n}}\n\n"
    );
    let uri = write(dir.path(), "schema.prisma", &text);
    let mut client = Client::in_memory();
    client.open(&uri, &text);
    client.diagnostics(&uri);

    let top = complete(
        &mut client,
        &uri,
        &text,
        "\n\n",
        text.len() - text.rfind("\n\n").unwrap() - 1,
    );
    let _ = top;
    let end = end_of(&text);
    let keywords = labels(client.request::<Completion>(CompletionParams {
        text_document_position: at(&uri, end),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: None,
    }));
    for k in ["model", "enum", "datasource", "generator", "view", "type"] {
        assert!(keywords.contains(&k.to_string()), "{keywords:?}");
    }
    let fields = complete(&mut client, &uri, &text, "fields: []", 9);
    assert_eq!(
        fields,
        ["id", "postId", "body", "kind"],
        "scalar fields of Comment"
    );
    let references = complete(&mut client, &uri, &text, "references: []", 13);
    assert_eq!(
        references,
        ["id", "authorId", "title"],
        "scalar fields of Post"
    );
    let native = complete(&mut client, &uri, &text, "@db.\n", 4);
    assert!(native.contains(&"VarChar()".to_string()), "{native:?}");
    assert!(native.contains(&"Text".to_string()), "{native:?}");
    assert!(
        !native.contains(&"Integer".to_string()),
        "only String's: {native:?}"
    );
    let types = complete(&mut client, &uri, &text, "kind   Ro", 9);
    assert_eq!(types, ["Role"]);
    let types = complete(&mut client, &uri, &text, "kind   Ro", 7);
    for t in ["String", "Int", "User", "Post", "Role", "Unsupported"] {
        assert!(types.contains(&t.to_string()), "{types:?}");
    }
    let block = complete(&mut client, &uri, &text, "  @@\n", 4);
    for a in ["@@id", "@@unique", "@@index", "@@map"] {
        assert!(block.contains(&a.to_string()), "{block:?}");
    }
    let attributes = complete(&mut client, &uri, &text, "title    String ", 16);
    for a in ["@unique", "@default", "@map", "@db.Text", "@id"] {
        assert!(attributes.contains(&a.to_string()), "{attributes:?}");
    }
    assert!(!attributes.contains(&"@relation".to_string()));
    let relation_args = complete(&mut client, &uri, &text, "@relation(", 10);
    for a in [
        "fields",
        "references",
        "onDelete",
        "onUpdate",
        "name",
        "map",
    ] {
        assert!(relation_args.contains(&a.to_string()), "{relation_args:?}");
    }
    let defaults = complete(&mut client, &uri, &text, "@default(USER", 9);
    assert_eq!(defaults, ["USER", "ADMIN", "dbgenerated(\"\")"]);
    let properties = complete(&mut client, &uri, &text, "  provider = \"postgresql\"", 0);
    for p in [
        "provider",
        "relationMode",
        "schemas",
        "extensions",
        "directUrl",
    ] {
        assert!(properties.contains(&p.to_string()), "{properties:?}");
    }
    let providers = complete(&mut client, &uri, &text, "\"postgresql\"", 1);
    assert!(providers.contains(&"mysql".to_string()) && providers.contains(&"sqlite".to_string()));
    let generator = complete(&mut client, &uri, &text, "  provider = \"refract\"", 0);
    for p in ["output", "previewFeatures"] {
        assert!(generator.contains(&p.to_string()), "{generator:?}");
    }
    // Preview features inside the list.
    let with_preview = text.replace(
        "provider = \"refract\"",
        "provider = \"refract\"\n  previewFeatures = [\"\"]",
    );
    client.change(&uri, None, &with_preview);
    client.diagnostics(&uri);
    let features = complete(&mut client, &uri, &with_preview, "[\"\"]", 2);
    assert!(
        features.contains(&"views".to_string()) && features.contains(&"relationJoins".to_string()),
        "{features:?}"
    );
    client.shutdown();
}

#[test]
fn hover_shows_types_documentation_and_attribute_docs() {
    let dir = tempfile::tempdir().unwrap();
    let uri = write(dir.path(), "schema.prisma", SCHEMA);
    let mut client = Client::in_memory();
    client.open(&uri, SCHEMA);
    let mut hover = |needle: &str, n: usize, delta: usize| -> String {
        let h = client
            .request::<HoverRequest>(HoverParams {
                text_document_position_params: at(&uri, position_of(SCHEMA, needle, n, delta)),
                work_done_progress_params: Default::default(),
            })
            .expect("a hover");
        match h.contents {
            HoverContents::Markup(m) => m.value,
            other => panic!("{other:?}"),
        }
    };
    let user = hover("User", 1, 1); // the type of `author`
    assert!(
        user.contains("model User") && user.contains("Someone who writes posts."),
        "{user}"
    );
    let author = hover("author ", 0, 1);
    assert!(
        author.contains("User   @relation(fields: [authorId], references: [id])"),
        "{author}"
    );
    assert!(author.contains("Who wrote it."), "{author}");
    let unique = hover("@unique", 0, 2);
    assert!(unique.contains("unique constraint"), "{unique}");
    let map = hover("@map", 0, 1);
    assert!(map.contains("column's name"), "{map}");
    let native = hover("@db.VarChar", 0, 5);
    assert!(
        native.contains("native type `VarChar` of postgresql"),
        "{native}"
    );
    let scalar = hover("String @unique", 0, 1);
    assert!(scalar.contains("Text of any length"), "{scalar}");
    let keyword = hover("enum Role", 0, 1);
    assert!(keyword.contains("fixed list of values"), "{keyword}");
    client.shutdown();
}

#[test]
fn definition_references_and_rename_span_the_files_of_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema_dir = dir.path().join("schema");
    std::fs::create_dir(&schema_dir).unwrap();
    let users = "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id\n  posts Post[]\n  @@map(\"users\")\n}\n";
    let posts = "model Post {\n  id       Int  @id\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n  @@index([authorId])\n}\n";
    let users_uri = write(&schema_dir, "users.prisma", users);
    let posts_uri = write(&schema_dir, "posts.prisma", posts);
    let mut client = Client::in_memory();
    // Only one file is open: the other is read from the folder.
    client.open(&posts_uri, posts);
    assert_eq!(client.diagnostics(&posts_uri), vec![]);

    let definition = client
        .request::<GotoDefinition>(GotoDefinitionParams {
            text_document_position_params: at(&posts_uri, position_of(posts, "User", 0, 2)),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    let GotoDefinitionResponse::Scalar(location) = definition else {
        panic!("{definition:?}")
    };
    assert_eq!(location.uri, users_uri);
    assert_eq!(location.range.start, position_of(users, "User", 0, 0));

    let references = client
        .request::<References>(ReferenceParams {
            text_document_position: at(&posts_uri, position_of(posts, "authorId", 1, 0)),
            context: ReferenceContext {
                include_declaration: true,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    assert_eq!(
        references.len(),
        3,
        "declaration, fields: [...], @@index: {references:?}"
    );

    let prepared =
        client.request::<PrepareRenameRequest>(at(&posts_uri, position_of(posts, "User", 0, 0)));
    assert!(prepared.is_some());
    let edit: WorkspaceEdit = client
        .request::<Rename>(RenameParams {
            text_document_position: at(&posts_uri, position_of(posts, "User", 0, 1)),
            new_name: "Account".into(),
            work_done_progress_params: Default::default(),
        })
        .unwrap();
    let changes = edit.changes.unwrap();
    assert_eq!(
        apply(users, &changes[&users_uri]),
        users.replace("model User", "model Account")
    );
    assert_eq!(
        apply(posts, &changes[&posts_uri]),
        posts.replace(" User ", " Account ")
    );
    let note = client
        .notifications
        .iter()
        .find(|n| n.method == "window/showMessage")
        .expect("a note on the table name");
    assert!(
        note.params["message"]
            .as_str()
            .unwrap()
            .contains("`@@map(\"users\")` keeps the table `users`"),
        "{note:?}"
    );

    // A field: the column's name would change without @map.
    client.clear();
    let edit: WorkspaceEdit = client
        .request::<Rename>(RenameParams {
            text_document_position: at(&posts_uri, position_of(posts, "authorId", 2, 0)),
            new_name: "writerId".into(),
            work_done_progress_params: Default::default(),
        })
        .unwrap();
    let renamed = apply(posts, &edit.changes.unwrap()[&posts_uri]);
    assert_eq!(renamed, posts.replace("authorId", "writerId"));
    let note = client
        .notifications
        .iter()
        .find(|n| n.method == "window/showMessage")
        .unwrap();
    assert!(
        note.params["message"]
            .as_str()
            .unwrap()
            .contains("Add `@map(\"authorId\")`"),
        "{note:?}"
    );

    // Names that are taken or invalid are refused.
    let taken = client.try_request(
        "textDocument/rename",
        serde_json::to_value(RenameParams {
            text_document_position: at(&posts_uri, position_of(posts, "User", 0, 1)),
            new_name: "Post".into(),
            work_done_progress_params: Default::default(),
        })
        .unwrap(),
    );
    assert_eq!(taken.unwrap_err(), "A model named `Post` already exists.");

    // Live across files: emptying posts.prisma leaves users.prisma's `Post[]` unresolved.
    client.clear();
    client.change(&posts_uri, None, "");
    assert_eq!(client.diagnostics(&posts_uri), vec![]);
    let in_users = client.diagnostics(&users_uri);
    assert_eq!(in_users.len(), 1, "{in_users:?}");
    assert!(
        in_users[0].message.starts_with("Type \"Post\" is neither"),
        "{in_users:?}"
    );
    assert_eq!(in_users[0].range.start, position_of(users, "Post[]", 0, 0));
    client.shutdown();
}

#[test]
fn rename_of_an_enum_value_follows_defaults_and_partial_index_literals() {
    let dir = tempfile::tempdir().unwrap();
    let schema_dir = dir.path().join("schema");
    std::fs::create_dir(&schema_dir).unwrap();
    let enums = "datasource db {\n  provider = \"postgresql\"\n}\n\ngenerator client {\n  provider        = \"refract\"\n  previewFeatures = [\"partialIndexes\"]\n}\n\nenum Role {\n  USER\n  ADMIN  @map(\"admin\")\n}\n";
    let users = "model User {\n  id    Int    @id\n  role  Role   @default(USER)\n  roles Role[] @default([USER, ADMIN])\n  email String\n\n  @@index([email], where: { role: \"USER\" })\n  @@index([id], where: { role: { not: \"USER\" } })\n  @@index([role], where: { role: \"admin\" })\n}\n";
    let enums_uri = write(&schema_dir, "enums.prisma", enums);
    let users_uri = write(&schema_dir, "users.prisma", users);
    let mut client = Client::in_memory();
    client.open(&users_uri, users);
    assert_eq!(client.diagnostics(&users_uri), vec![]);

    // From a use in `@default`: the declaration in the other file, both defaults and the two
    // `where:` literals (database values: `USER` has no `@map`).
    let rename = |client: &mut Client, uri: &Uri, at_: lsp_types::Position, to: &str| {
        client.clear();
        let edit: WorkspaceEdit = client
            .request::<Rename>(RenameParams {
                text_document_position: at(uri, at_),
                new_name: to.into(),
                work_done_progress_params: Default::default(),
            })
            .unwrap();
        let note = client
            .notifications
            .iter()
            .find(|n| n.method == "window/showMessage")
            .map(|n| n.params["message"].as_str().unwrap().to_string())
            .unwrap_or_default();
        (edit.changes.unwrap(), note)
    };
    let (changes, note) = rename(
        &mut client,
        &users_uri,
        position_of(users, "USER)", 0, 1),
        "MEMBER",
    );
    assert_eq!(
        apply(enums, &changes[&enums_uri]),
        enums.replace("  USER\n", "  MEMBER\n")
    );
    assert_eq!(
        apply(users, &changes[&users_uri]),
        users.replace("USER", "MEMBER")
    );
    assert!(
        note.contains("replaces the value `USER` by `MEMBER` in the database too")
            && note.contains("Add `@map(\"USER\")`"),
        "{note}"
    );

    // A value with `@map`: its database name stays, and so does the `where:` literal.
    let (changes, note) = rename(
        &mut client,
        &enums_uri,
        position_of(enums, "ADMIN", 0, 0),
        "ADMINISTRATOR",
    );
    assert_eq!(
        apply(enums, &changes[&enums_uri]),
        enums.replace("ADMIN ", "ADMINISTRATOR ")
    );
    assert_eq!(
        apply(users, &changes[&users_uri]),
        users.replace("ADMIN]", "ADMINISTRATOR]")
    );
    assert!(
        note.contains("`@map(\"admin\")` keeps the value `admin` in the database"),
        "{note}"
    );

    // References and hover know the value too; a taken name is refused.
    let references = client
        .request::<References>(ReferenceParams {
            text_document_position: at(&enums_uri, position_of(enums, "USER", 0, 0)),
            context: ReferenceContext {
                include_declaration: true,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    assert_eq!(references.len(), 5, "{references:?}");
    let hover = client
        .request::<HoverRequest>(HoverParams {
            text_document_position_params: at(&users_uri, position_of(users, "USER)", 0, 0)),
            work_done_progress_params: Default::default(),
        })
        .unwrap();
    let HoverContents::Markup(hover) = hover.contents else {
        panic!("{hover:?}")
    };
    assert!(
        hover.value.contains("Value of the enum `Role`"),
        "{hover:?}"
    );
    let taken = client.try_request(
        "textDocument/rename",
        serde_json::to_value(RenameParams {
            text_document_position: at(&enums_uri, position_of(enums, "USER", 0, 0)),
            new_name: "ADMIN".into(),
            work_done_progress_params: Default::default(),
        })
        .unwrap(),
    );
    assert_eq!(
        taken.unwrap_err(),
        "`Role` already has a value named `ADMIN`."
    );
    client.shutdown();
}

fn actions(client: &mut Client, uri: &Uri, range: Range) -> Vec<lsp_types::CodeAction> {
    client
        .request::<CodeActionRequest>(CodeActionParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            range,
            context: CodeActionContext::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap_or_default()
        .into_iter()
        .map(|a| match a {
            CodeActionOrCommand::CodeAction(a) => a,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn a_misspelt_enum_value_in_a_default_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "datasource db {\n  provider = \"postgresql\"\n}\n\nenum Role {\n  USER\n  ADMIN\n}\n\nmodel User {\n  id   Int  @id\n  role Role @default(USR)\n}\n";
    let uri = write(dir.path(), "schema.prisma", text);
    let mut client = Client::in_memory();
    client.open(&uri, text);
    let published = client.diagnostics(&uri);
    assert_eq!(published.len(), 1, "{published:?}");
    let found = actions(&mut client, &uri, published[0].range);
    let fix = found
        .iter()
        .find(|a| a.title == "Change `USR` to `USER`")
        .expect("{found:?}");
    let fixed = apply(
        text,
        &fix.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri],
    );
    assert_eq!(fixed, text.replace("USR", "USER"));
    client.shutdown();
}

#[test]
fn code_actions_fix_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let text = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n}\n\nmodel Post {\n  id       Int  @id\n  author   Usr @relation(fields: [authorId], references: [id])\n  authorId Int @uniqe\n}\n";
    let uri = write(dir.path(), "schema.prisma", text);
    let mut client = Client::in_memory();
    client.open(&uri, text);
    let published = client.diagnostics(&uri);
    assert_eq!(published.len(), 2, "{published:?}");

    // A misspelt type and attribute: the closest name.
    let found = actions(&mut client, &uri, published[0].range);
    let fix = found
        .iter()
        .find(|a| a.title == "Change `Usr` to `User`")
        .expect("{found:?}");
    let fixed = apply(
        text,
        &fix.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri],
    );
    assert!(fixed.contains("author   User @relation"));
    let found = actions(&mut client, &uri, published[1].range);
    assert!(
        found
            .iter()
            .any(|a| a.title == "Change `uniqe` to `unique`"),
        "{found:?}"
    );

    // A misspelt field in `fields: [...]`.
    let typo = text
        .replace("Usr", "User")
        .replace(" @uniqe", "")
        .replace("fields: [authorId]", "fields: [authrId]");
    client.change(&uri, None, &typo);
    let published = client.diagnostics(&uri);
    let found = actions(&mut client, &uri, published[0].range);
    let fix = found
        .iter()
        .find(|a| a.title == "Change `authrId` to `authorId`")
        .expect("{found:?}");
    let fixed = apply(
        &typo,
        &fix.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri],
    );
    assert!(fixed.contains("fields: [authorId]"), "{fixed}");

    // The opposite relation field, as format adds it.
    let text = text.replace("Usr", "User").replace(" @uniqe", "");
    client.change(&uri, None, &text);
    let published = client.diagnostics(&uri);
    assert_eq!(published.len(), 1, "{published:?}");
    assert!(
        published[0]
            .message
            .contains("missing an opposite relation field")
    );
    let found = actions(&mut client, &uri, published[0].range);
    let add = found
        .iter()
        .find(|a| a.title.starts_with("Add the missing relation fields"))
        .expect("{found:?}");
    let fixed = apply(
        &text,
        &add.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri],
    );
    assert!(fixed.contains("  id Int @id\n  posts Post[]\n}"), "{fixed}");
    assert_eq!(
        schema_format::format_text(&fixed),
        schema_format::format_text(&text)
    );
    assert!(
        !schema::validate(&SourceFiles::single("s", fixed.as_str()))
            .1
            .has_errors(),
        "{fixed}"
    );

    // An index on the foreign key, offered on the relation field.
    let on_author = Range::new(
        position_of(&text, "author ", 0, 0),
        position_of(&text, "author ", 0, 0),
    );
    let found = actions(&mut client, &uri, on_author);
    let index = found
        .iter()
        .find(|a| a.title == "Add an index on the foreign key `authorId`")
        .expect("{found:?}");
    let fixed = apply(
        &text,
        &index.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri],
    );
    assert!(
        fixed.contains("  authorId Int\n  @@index([authorId])\n}"),
        "{fixed}"
    );
    client.change(&uri, None, &fixed);
    client.diagnostics(&uri);
    let found = actions(&mut client, &uri, on_author);
    assert!(
        !found.iter().any(|a| a.title.starts_with("Add an index")),
        "already indexed: {found:?}"
    );
    client.shutdown();
}

#[test]
fn document_symbols_outline_the_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let uri = write(dir.path(), "schema.prisma", SCHEMA);
    let mut client = Client::in_memory();
    client.open(&uri, SCHEMA);
    let symbols = client
        .request::<DocumentSymbolRequest>(DocumentSymbolParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        })
        .unwrap();
    let DocumentSymbolResponse::Nested(symbols) = symbols else {
        panic!()
    };
    let outline: Vec<String> = symbols
        .iter()
        .map(|s| {
            let children: Vec<&str> = s
                .children
                .iter()
                .flatten()
                .map(|c| c.name.as_str())
                .collect();
            format!(
                "{} {}: {}",
                s.detail.as_deref().unwrap_or(""),
                s.name,
                children.join(" ")
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            "datasource db: provider",
            "generator client: provider",
            "model User: id email role posts",
            "enum Role: USER ADMIN",
            "model Post: id author authorId title",
        ]
    );
    client.shutdown();
}

#[test]
fn ignored_models_and_fields_are_greyed_out() {
    let dir = tempfile::tempdir().unwrap();
    let text = "model A {\n  id  Int @id\n  old Int @ignore\n}\n\nmodel B {\n  id Int @id\n  @@ignore\n}\n";
    let uri = write(dir.path(), "schema.prisma", text);
    let mut client = Client::in_memory();
    client.open(&uri, text);
    let published = client.diagnostics(&uri);
    let hints: Vec<(u32, &str)> = published
        .iter()
        .filter(|d| d.severity == Some(lsp_types::DiagnosticSeverity::HINT))
        .filter(|d| d.tags == Some(vec![lsp_types::DiagnosticTag::UNNECESSARY]))
        .map(|d| (d.range.start.line, d.message.split(':').next().unwrap()))
        .collect();
    assert_eq!(hints, [(2, "@ignore"), (5, "@@ignore")], "{published:?}");
    client.shutdown();
}
