//! `refract.toml`, Refract's own settings (read by the `config` crate): the working
//! directory's file, or the defaults when there is none.

/// The settings of `refract.toml` in the working directory (defaults without one).
pub fn refract_settings() -> anyhow::Result<config::RefractSettings> {
    let path = std::path::Path::new(config::REFRACT_TOML);
    match std::fs::read_to_string(path) {
        Ok(text) => config::read_refract_toml(&text, path)
            .map_err(|e| anyhow::anyhow!("Could not read {}", e.render(config::REFRACT_TOML))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
        Err(e) => Err(anyhow::anyhow!(
            "Could not read {}: {e}",
            config::REFRACT_TOML
        )),
    }
}
