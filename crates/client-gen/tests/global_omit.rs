//! The generator's `omit` option (Prisma's global omit): a named field leaves the model's
//! struct; a key the client needs cannot be omitted; a name that is no field is reported.

fn input(schema: &str) -> (client_gen::input::Schema, Vec<client_gen::Skipped>) {
    let files = diagnostics::SourceFiles::single("schema.prisma", schema);
    let (ir, diagnostics) = schema::validate(&files);
    assert!(!diagnostics.has_errors(), "the test schema is valid");
    client_gen::from_validated(&ir)
}

fn schema(omit: &str) -> String {
    format!(
        "datasource db {{\n  provider = \"sqlite\"\n}}\n\ngenerator client {{\n  provider = \"refract\"\n  omit     = {omit}\n}}\n\n\
         model User {{\n  id       Int    @id\n  email    String @unique\n  password String\n  posts    Post[]\n}}\n\n\
         model Post {{\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}}\n"
    )
}

#[test]
fn an_omitted_field_leaves_the_struct_but_not_the_metadata() {
    let (input, skipped) = input(&schema("[\"User.password\"]"));
    assert!(skipped.is_empty(), "{skipped:?}");
    let user = &input.models[0];
    let omitted: Vec<(&str, bool)> = user
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.omitted))
        .collect();
    assert_eq!(
        omitted,
        [("id", false), ("email", false), ("password", true)]
    );
    let code = client_gen::generate(&input, &client_gen::Options::default()).unwrap();
    let user_struct = &code[code.find("pub struct User {").unwrap()..];
    let user_struct = &user_struct[..user_struct.find('}').unwrap()];
    assert!(
        user_struct.contains("pub email: ::std::string::String"),
        "{user_struct}"
    );
    assert!(!user_struct.contains("password"), "{user_struct}");
    assert!(
        code.contains("name: \"password\""),
        "the field stays in META"
    );
    assert!(code.contains("omitted: true"));
}

#[test]
fn keys_cannot_be_omitted() {
    for key in ["User.id", "Post.authorId"] {
        let (input, skipped) = input(&schema(&format!("[\"{key}\"]")));
        assert!(skipped.is_empty());
        let err = client_gen::generate(&input, &client_gen::Options::default()).unwrap_err();
        assert!(
            err.to_string()
                .contains("needs to identify records or load relations"),
            "{key}: {err}"
        );
    }
}

#[test]
fn a_name_that_is_no_field_is_reported() {
    let (_, skipped) = input(&schema("[\"User.nope\", \"Nobody.x\"]"));
    let items: Vec<&str> = skipped.iter().map(|s| s.item.as_str()).collect();
    assert_eq!(items, ["User.nope", "Nobody.x"]);
}
