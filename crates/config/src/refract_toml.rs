//! `refract.toml`: Refract's own settings, the ones Prisma's config file has no place for
//! (Prisma 7 validates `prisma.config.ts` and would reject keys it does not know). The CLI
//! reads the file from the working directory and passes its text here.
//!
//! ```toml
//! [migrations]
//! seed = "cargo run --bin seed"   # the command `refract db seed` runs
//! with_down = true                # `refract migrate dev` writes down.sql (as --with-down)
//! ```
//!
//! Keys Refract does not know are left alone (another version of Refract may know them).

use std::path::Path;

use crate::{ConfigError, Pos};

/// The file name, looked for in the working directory.
pub const REFRACT_TOML: &str = "refract.toml";

/// The settings of a `refract.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefractSettings {
    /// `[migrations] seed`: the command `refract db seed` runs.
    pub seed: Option<String>,
    /// `[migrations] with_down`: `refract migrate dev` writes a `down.sql` beside each new
    /// migration, as with `--with-down`.
    pub with_down: bool,
}

/// Reads the text of a `refract.toml` (`file` is only named in errors). A file that is not
/// TOML, or a known key of the wrong type, is an error naming the file, line and column.
pub fn read_refract_toml(text: &str, file: &Path) -> Result<RefractSettings, ConfigError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let pos = e.span().map(|span| position(text, span.start));
        ConfigError::in_file(file, pos, format!("not valid TOML: {}", e.message()))
    })?;
    let mut settings = RefractSettings::default();
    let Some(migrations) = doc.get("migrations") else {
        return Ok(settings);
    };
    let Some(migrations) = migrations.as_table() else {
        return Err(ConfigError::in_file(
            file,
            None,
            "`migrations` must be a table: write `[migrations]` on a line of its own, with its settings below it",
        ));
    };
    if let Some(seed) = migrations.get("seed") {
        let Some(seed) = seed.as_str() else {
            return Err(ConfigError::in_file(
                file,
                None,
                "`migrations.seed` must be a string: `seed = \"cargo run --bin seed\"`",
            ));
        };
        settings.seed = Some(seed.to_owned());
    }
    if let Some(with_down) = migrations.get("with_down") {
        let Some(with_down) = with_down.as_bool() else {
            return Err(ConfigError::in_file(
                file,
                None,
                "`migrations.with_down` must be `true` or `false` (without quotes)",
            ));
        };
        settings.with_down = with_down;
    }
    Ok(settings)
}

/// The line and column of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<RefractSettings, String> {
        read_refract_toml(text, Path::new("refract.toml")).map_err(|e| e.render("refract.toml"))
    }

    #[test]
    fn settings_are_read_and_unknown_keys_left_alone() {
        assert_eq!(read("").unwrap(), RefractSettings::default());
        let s = read(
            "[migrations]\nseed = \"cargo run --bin seed\"\nwith_down = true\n[lint]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(s.seed.as_deref(), Some("cargo run --bin seed"));
        assert!(s.with_down);
        assert!(!read("[migrations]\nwith_down = false\n").unwrap().with_down);
    }

    #[test]
    fn wrong_types_and_bad_toml_are_errors_naming_the_place_and_the_fix() {
        assert_eq!(
            read("[migrations]\nwith_down = \"yes\"\n").unwrap_err(),
            "refract.toml: `migrations.with_down` must be `true` or `false` (without quotes)"
        );
        assert!(
            read("migrations = 1\n")
                .unwrap_err()
                .contains("must be a table")
        );
        let err = read("[migrations]\nwith_down = \n").unwrap_err();
        assert!(err.starts_with("refract.toml:2:"), "{err}");
    }
}
