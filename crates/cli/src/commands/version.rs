//! `refract version` (also `refract --version` / `-v`): what `prisma version` lists, in
//! Refract's terms: the version, the commit and compiler it was built from, the target, the
//! databases this build can open, and the schema engine (built in: there is no separate engine
//! binary). With `--json`, the same as one JSON object whose keys are the labels in kebab case,
//! as Prisma's are.

use crate::exit;
use crate::schema_location::SchemaArg;

/// Arguments of `refract version`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Output version information in JSON format
    #[arg(long)]
    json: bool,
}

/// The rows, label then value, in the order they are printed.
pub fn rows(preview_features: &[String]) -> Vec<(&'static str, String)> {
    let databases: Vec<&str> = driver::Provider::ALL
        .into_iter()
        .filter(|p| driver::DriverCapabilities::is_compiled_in(*p))
        .map(|p| p.prisma_name())
        .collect();
    let mut rows = vec![
        ("refract", env!("CARGO_PKG_VERSION").to_owned()),
        ("Commit", env!("REFRACT_COMMIT").to_owned()),
        ("Rust Compiler", env!("REFRACT_RUSTC").to_owned()),
        ("Target", env!("REFRACT_TARGET").to_owned()),
        ("Operating System", std::env::consts::OS.to_owned()),
        ("Architecture", std::env::consts::ARCH.to_owned()),
        ("Databases", databases.join(", ")),
        ("Schema Engine", "built in".to_owned()),
    ];
    if !preview_features.is_empty() {
        rows.push(("Preview Features", preview_features.join(", ")));
    }
    rows
}

/// Prisma's key for a label: lower case, words joined by `-` (`Rust Compiler` →
/// `rust-compiler`).
fn json_key(label: &str) -> String {
    label
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// The rows as text (`label : value`, labels padded to the longest) or JSON.
pub fn render(rows: &[(&'static str, String)], json: bool) -> String {
    if json {
        // Written by hand to keep the rows' order (serde_json's map sorts its keys).
        let fields: Vec<String> = rows
            .iter()
            .map(|(k, v)| {
                format!(
                    "  {}: {}",
                    serde_json::Value::String(json_key(k)),
                    serde_json::Value::String(v.clone())
                )
            })
            .collect();
        return format!("{{\n{}\n}}", fields.join(",\n"));
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(k, v)| format!("{k:<width$} : {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the command. The schema is read only for its preview features, as Prisma's does; a
/// missing or unreadable schema is not an error here.
pub fn run(args: Args) -> anyhow::Result<u8> {
    print(&args.schema, args.json);
    Ok(exit::OK)
}

/// Prints the version information (`refract version`, `refract --version`).
pub fn print(schema: &SchemaArg, json: bool) {
    let features: Vec<String> = schema
        .load()
        .ok()
        .map(|loaded| {
            let (validated, _) = schema::validate(&loaded.files);
            validated.preview_features().map(str::to_owned).collect()
        })
        .unwrap_or_default();
    println!("{}", render(&rows(&features), json));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_pads_labels_and_json_uses_kebab_case_keys() {
        let rows = vec![
            ("refract", "1.0.0".to_owned()),
            ("Rust Compiler", "rustc 1".to_owned()),
        ];
        assert_eq!(
            render(&rows, false),
            "refract       : 1.0.0\nRust Compiler : rustc 1"
        );
        let text = render(&rows, true);
        assert_eq!(
            text,
            "{\n  \"refract\": \"1.0.0\",\n  \"rust-compiler\": \"rustc 1\"\n}"
        );
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["rust-compiler"], "rustc 1");
    }
}
