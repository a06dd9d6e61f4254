//! The generator's `compact` option (decision 0038): how the generator block asks for it, the
//! errors for a value it cannot take and for the `omit` option beside it, and the names the
//! compact form reserves.

fn schema(generator_extra: &str, model_body: &str) -> String {
    format!(
        "datasource db {{\n  provider = \"sqlite\"\n}}\n\ngenerator client {{\n  provider = \"refract\"\n{generator_extra}}}\n\n\
         model User {{\n  id    Int    @id\n{model_body}}}\n"
    )
}

fn validated(text: &str) -> schema::ValidatedSchema {
    let files = diagnostics::SourceFiles::single("schema.prisma", text);
    let (ir, diagnostics) = schema::validate(&files);
    assert!(
        !diagnostics.has_errors(),
        "the test schema is valid: {diagnostics:?}"
    );
    ir
}

#[test]
fn the_generator_block_asks_for_the_compact_form() {
    for (extra, want) in [
        ("", Ok(false)),
        ("  compact = true\n", Ok(true)),
        ("  compact = \"true\"\n", Ok(true)),
        ("  compact = false\n", Ok(false)),
    ] {
        let ir = validated(&schema(extra, ""));
        assert_eq!(client_gen::compact_requested(&ir), want, "{extra}");
    }
    let ir = validated(&schema("  compact = \"yes\"\n", ""));
    let err = client_gen::compact_requested(&ir).unwrap_err();
    assert_eq!(
        err,
        "generator `client`: `compact` must be `true` or `false`"
    );
}

#[test]
fn another_generators_compact_key_is_not_ours() {
    let text = "datasource db {\n  provider = \"sqlite\"\n}\n\ngenerator js {\n  provider = \"prisma-client-js\"\n  compact  = \"maybe\"\n}\n\nmodel User {\n  id Int @id\n}\n";
    assert_eq!(client_gen::compact_requested(&validated(text)), Ok(false));
}

#[test]
fn the_compact_form_refuses_the_omit_option() {
    let ir = validated(&schema(
        "  compact = true\n  omit    = [\"User.secret\"]\n",
        "  secret String\n",
    ));
    let (input, skipped) = client_gen::from_validated(&ir);
    assert!(skipped.is_empty(), "{skipped:?}");
    let options = client_gen::Options {
        compact: true,
        ..client_gen::Options::default()
    };
    let err = client_gen::generate(&input, &options)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("model `User`")
            && err.contains("`omit` option cannot be used with `compact = true`"),
        "{err}"
    );
    // The default form takes it.
    assert!(client_gen::generate(&input, &client_gen::Options::default()).is_ok());
}

#[test]
fn the_compact_form_reserves_fields_and_write() {
    let ir = validated(&schema("", "  fields String\n  write  Int\n"));
    let (input, _) = client_gen::from_validated(&ir);
    let compact = client_gen::Options {
        compact: true,
        ..client_gen::Options::default()
    };
    let renamed: Vec<(String, String)> = client_gen::renamed(&input, &compact)
        .into_iter()
        .map(|r| (r.wanted, r.rust))
        .collect();
    assert_eq!(
        renamed,
        [
            ("fields".to_owned(), "fields_2".to_owned()),
            ("write".to_owned(), "write_2".to_owned())
        ]
    );
    assert!(client_gen::renamed(&input, &client_gen::Options::default()).is_empty());
    let code = client_gen::generate(&input, &compact).expect("generates");
    assert!(code.contains("pub fields_2: _P1,") && code.contains("pub write_2: _P2,"));
}
