//! `refract studio [--port N] [--url URL] [--schema PATH] [--no-open]`: serves Refract Studio
//! (crates/studio) on 127.0.0.1, prints its URL with the token, and opens the browser.
//! Without a schema (only `--url`), the database is introspected as `db pull` would.

use anyhow::Context;

use crate::project::{Project, block_on, validate_schema};
use crate::schema_location::SchemaArg;

/// Arguments of `refract studio`.
#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on (on 127.0.0.1 only; 0 picks a free one)
    #[arg(long, short = 'p', default_value_t = 5555)]
    port: u16,
    /// The database URL to open (instead of the datasource's); without a schema, the
    /// database is introspected
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Do not open a browser
    #[arg(long)]
    no_open: bool,
    #[command(flatten)]
    schema: SchemaArg,
}

/// The schema of a database without one: what `db pull` would write.
async fn introspected(project: &Project) -> anyhow::Result<schema::ValidatedSchema> {
    let conn = project.connect().await?;
    let provider = schema::Provider::from_name(conn.provider().prisma_name())
        .context("this database's provider has no Prisma name")?;
    // The views preview feature, so that views are read too (read-only in Studio).
    let config = format!(
        "generator client {{\n  provider        = \"prisma-client\"\n  previewFeatures = [\"views\"]\n}}\n\ndatasource db {{\n  provider = \"{}\"\n}}\n",
        provider.as_str()
    );
    let config_files = diagnostics::SourceFiles::single("schema.prisma".to_owned(), config);
    let (config_schema, _) = schema::validate(&config_files);
    // `db pull`'s own pipeline, on a schema that is only these two blocks.
    let pulled = introspect::pull_database(
        &conn,
        &introspect::PullRequest {
            files: &config_files,
            schema: &config_schema,
            schemas: None,
            force: true,
            view_definitions: false,
        },
    )
    .await
    .map_err(|e| crate::errors::coded(e.code(), e.to_string()))?
    .pulled;
    let files = diagnostics::SourceFiles::single("introspected.prisma".to_owned(), pulled.schema);
    let (validated, diagnostics) = schema::validate(&files);
    if diagnostics.has_errors() {
        anyhow::bail!(
            "the introspected schema is not valid:\n{}",
            diagnostics::render::render_text(&files, &diagnostics, false)
        );
    }
    Ok(validated)
}

/// Opens `url` in the desktop's browser, if there is one; failures are ignored (the URL is
/// printed anyway).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Runs the command (until interrupted).
pub fn run(args: Args) -> anyhow::Result<u8> {
    let project = Project::load(&args.schema, args.url.as_deref())?;
    let url = project.url.to_url_string();
    block_on(async {
        let validated = match &project.schema {
            Some(loaded) => validate_schema(loaded)?,
            None => introspected(&project).await?,
        };
        let studio = studio::Studio::open(&validated, &url).await?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .with_context(|| {
                format!(
                    "could not listen on 127.0.0.1:{}: pass another --port",
                    args.port
                )
            })?;
        let address = studio.url(listener.local_addr()?);
        println!("Refract Studio is running on {address}");
        println!("(the token in the URL is its password; stop it with Ctrl+C)");
        if !args.no_open {
            open_browser(&address);
        }
        studio.serve(listener).await?;
        anyhow::Ok(crate::exit::OK)
    })?
}
