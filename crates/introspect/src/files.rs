//! A pulled schema split over the files of a multi-file schema, as Prisma 7's `db pull` writes
//! a schema folder: each `generator`, `datasource`, model, view, enum and composite type goes
//! back to the file that held the block of the same name; blocks the existing schema did not
//! have go to `introspected.prisma` (after what that file already holds, when the folder has
//! one); a file whose blocks all went away is left empty. Comments right above a block go with
//! it.

use diagnostics::{FileId, SourceFiles};
use schema::ValidatedSchema;

/// Where a block of the pulled schema goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Destination {
    /// A file of the existing schema.
    Existing(FileId),
    /// `introspected.prisma`, which the folder does not have yet.
    Introspected,
}

/// The name of the file new blocks go to, in the schema folder.
pub const INTROSPECTED_FILE: &str = "introspected.prisma";

/// `pulled` (formatted schema text) split by destination: every file of `files` (empty when
/// nothing goes back to it), then the new `introspected.prisma` when something goes there.
/// Each text ends with a newline unless empty.
pub fn split_into_files(
    pulled: &str,
    previous: &ValidatedSchema,
    files: &SourceFiles,
) -> Vec<(Destination, String)> {
    let mut homes: Vec<(&str, &str, FileId)> = Vec::new();
    for g in &previous.generators {
        homes.push(("generator", &g.name, g.span.file));
    }
    if let Some(d) = &previous.datasource {
        homes.push(("datasource", &d.name, d.span.file));
    }
    let models: Vec<_> = previous.models().collect();
    for m in &models {
        let keyword = if m.is_view { "view" } else { "model" };
        homes.push((keyword, &m.name, m.span.file));
    }
    let enums: Vec<_> = previous.enums().collect();
    for e in &enums {
        homes.push(("enum", &e.name, e.span.file));
    }
    for (_, c) in previous.composite_types() {
        homes.push(("type", &c.name, c.span.file));
    }
    let introspected = files
        .iter()
        .find(|(_, f)| file_name(&f.name) == INTROSPECTED_FILE)
        .map(|(id, _)| id);
    let new_home = introspected.map_or(Destination::Introspected, Destination::Existing);

    let mut out: Vec<(Destination, Vec<String>)> = files
        .iter()
        .map(|(id, _)| (Destination::Existing(id), Vec::new()))
        .collect();
    let mut pending = String::new();
    let mut current: Option<(Destination, String)> = None;
    for line in pulled.split_inclusive('\n') {
        if let Some((dest, block)) = current.as_mut() {
            block.push_str(line);
            if line.trim_end() == "}" {
                let (dest, block) = (*dest, std::mem::take(block));
                push(&mut out, dest, block);
                current = None;
            }
            continue;
        }
        let mut words = line.split_whitespace();
        let (keyword, name) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let is_block = matches!(
            keyword,
            "model" | "view" | "enum" | "type" | "generator" | "datasource"
        ) && line.trim_end().ends_with('{');
        if !is_block {
            pending.push_str(line);
            continue;
        }
        let dest = homes
            .iter()
            .find(|(k, n, _)| *k == keyword && *n == name)
            .map_or(new_home, |(_, _, f)| Destination::Existing(*f));
        // What stands between two blocks (comments) goes with the next one.
        let mut block = std::mem::take(&mut pending)
            .trim_start_matches('\n')
            .to_owned();
        block.push_str(line);
        if line.trim_end().ends_with("{}") {
            push(&mut out, dest, block);
        } else {
            current = Some((dest, block));
        }
    }
    out.into_iter()
        .filter(|(dest, blocks)| *dest != Destination::Introspected || !blocks.is_empty())
        .map(|(dest, blocks)| {
            let text = blocks
                .iter()
                .map(|b| b.trim_matches('\n'))
                .collect::<Vec<_>>()
                .join("\n\n");
            (dest, if text.is_empty() { text } else { text + "\n" })
        })
        .collect()
}

fn push(out: &mut Vec<(Destination, Vec<String>)>, dest: Destination, block: String) {
    match out.iter_mut().find(|(d, _)| *d == dest) {
        Some((_, blocks)) => blocks.push(block),
        None => out.push((dest, vec![block])),
    }
}

/// The last component of a file name as `SourceFiles` holds it (`prisma/schema/a.prisma`).
fn file_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_go_back_to_their_files_and_new_ones_to_introspected_prisma() {
        let mut files = SourceFiles::new();
        let config = files.add(
            "config.prisma",
            "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n",
        );
        let user = files.add("User.prisma", "model User {\n  id Int @id\n}\n");
        let blog = files.add("Blog.prisma", "model Blog {\n  id Int @id\n}\n");
        let (previous, _) = schema::validate(&files);
        let pulled = "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n\n/// Users.\nmodel User {\n  id Int @id\n}\n\n// A note.\nmodel Post {\n  id Int @id\n}\n\nenum Role {\n  A\n}\n";
        let split = split_into_files(pulled, &previous, &files);
        assert_eq!(
            split,
            vec![
                (
                    Destination::Existing(config),
                    "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n".to_owned()
                ),
                (
                    Destination::Existing(user),
                    "/// Users.\nmodel User {\n  id Int @id\n}\n".to_owned()
                ),
                (Destination::Existing(blog), String::new()),
                (
                    Destination::Introspected,
                    "// A note.\nmodel Post {\n  id Int @id\n}\n\nenum Role {\n  A\n}\n".to_owned()
                ),
            ]
        );
    }
}
