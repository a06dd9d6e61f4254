//! Parses statements from the arguments with a dialect: `cargo run -p lint --example probe -- sqlite "SQL"`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let d = lint::Dialect::from_provider(&args[1]).unwrap();
    let r = lint::lint(
        d,
        &[lint::Migration {
            name: "x".into(),
            path: "x".into(),
            sql: args[2].clone(),
            lint: true,
        }],
    );
    print!("{}", r.to_text());
}
