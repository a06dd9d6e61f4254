//! The open documents and, per schema, its analysis: which files make up the schema (as
//! Prisma's language server finds them), their syntax trees and the validator's diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use diagnostics::{Diagnostics, FileId, SourceFiles, Span};
use lsp_types::{Location, Position, Range, Uri};
use schema::Provider;
use schema_syntax::ast::SchemaAst;

use crate::text::{LineIndex, path_to_uri, uri_to_path};

/// One schema: a single file, or every `.prisma` file below a schema folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum GroupKey {
    /// The folder every file was found in (recursively).
    Folder(PathBuf),
    /// A document that is not a file on disk (or whose folder could not be read).
    Single(Uri),
}

/// Everything known about one schema after its last change.
pub(crate) struct Analysis {
    /// The URI of each file, by [`FileId`].
    pub(crate) uris: Vec<Uri>,
    /// The texts, as the validator saw them.
    pub(crate) files: SourceFiles,
    /// Line starts of each file.
    pub(crate) lines: Vec<LineIndex>,
    /// The syntax tree of each file.
    pub(crate) asts: Vec<SchemaAst>,
    /// What `refract validate` reports for this schema.
    pub(crate) diagnostics: Diagnostics,
    /// The datasource's provider, when it names a known one.
    pub(crate) provider: Option<Provider>,
}

impl Analysis {
    /// Parses and validates `files`.
    fn new(uris: Vec<Uri>, files: SourceFiles) -> Self {
        let (validated, diagnostics, asts) = schema::validate_keeping_syntax(&files);
        let lines = files.iter().map(|(_, f)| LineIndex::new(&f.text)).collect();
        Analysis {
            uris,
            provider: validated.provider(),
            files,
            lines,
            asts,
            diagnostics,
        }
    }

    /// The file of a URI, when it is part of this schema.
    pub(crate) fn file_of(&self, uri: &Uri) -> Option<FileId> {
        self.uris
            .iter()
            .position(|u| u == uri)
            .map(|i| FileId(i as u32))
    }

    /// The text of a file.
    pub(crate) fn text(&self, file: FileId) -> &str {
        &self.files.get(file).text
    }

    /// The syntax tree of a file.
    pub(crate) fn ast(&self, file: FileId) -> &SchemaAst {
        &self.asts[file.0 as usize]
    }

    /// The protocol range of a span.
    pub(crate) fn range(&self, span: Span) -> Range {
        self.lines[span.file.0 as usize].range(self.text(span.file), span)
    }

    /// The byte offset of a position in a file.
    pub(crate) fn offset(&self, file: FileId, position: Position) -> usize {
        self.lines[file.0 as usize].offset(self.text(file), position)
    }

    /// The protocol location of a span.
    pub(crate) fn location(&self, span: Span) -> Location {
        Location::new(self.uris[span.file.0 as usize].clone(), self.range(span))
    }
}

/// The open documents and the analyses of their schemas.
#[derive(Default)]
pub(crate) struct World {
    open: HashMap<Uri, String>,
    analyses: HashMap<GroupKey, Rc<Analysis>>,
}

impl World {
    /// The text of an open document.
    pub(crate) fn document(&self, uri: &Uri) -> Option<&str> {
        self.open.get(uri).map(String::as_str)
    }

    /// A document was opened or its whole text replaced.
    pub(crate) fn set_document(&mut self, uri: Uri, text: String) {
        self.forget(&uri);
        self.open.insert(uri, text);
    }

    /// A document changed on disk, was saved or closed: its schema is read again.
    pub(crate) fn close_document(&mut self, uri: &Uri) {
        self.forget(uri);
        self.open.remove(uri);
    }

    /// Drops every analysis the file at `uri` may be part of.
    pub(crate) fn forget(&mut self, uri: &Uri) {
        let path = uri_to_path(uri);
        self.analyses.retain(|key, analysis| match key {
            GroupKey::Single(u) => u != uri,
            GroupKey::Folder(root) => {
                !path.as_deref().is_some_and(|p| p.starts_with(root))
                    && !analysis.uris.contains(uri)
            }
        });
    }

    /// The analysis of the schema `uri` belongs to (built when missing).
    pub(crate) fn analysis(&mut self, uri: &Uri) -> Rc<Analysis> {
        if let Some(found) = self.analyses.values().find(|a| a.uris.contains(uri)) {
            return found.clone();
        }
        let (key, members) = self.members(uri);
        let mut files = SourceFiles::new();
        let mut uris = Vec::new();
        let root = match &key {
            GroupKey::Folder(root) => Some(root.clone()),
            GroupKey::Single(_) => None,
        };
        let multi = members.len() > 1;
        for (member, path) in members {
            let text = match self.open.get(&member) {
                Some(text) => text.clone(),
                None => match path.as_deref().map(std::fs::read_to_string) {
                    Some(Ok(text)) => text,
                    _ => continue,
                },
            };
            let name = display_name(path.as_deref(), root.as_deref(), multi, &member);
            files.add(name, text);
            uris.push(member);
        }
        let analysis = Rc::new(Analysis::new(uris, files));
        self.analyses.insert(key, analysis.clone());
        analysis
    }

    /// The files of the schema `uri` belongs to, in the order the validator reads them.
    fn members(&self, uri: &Uri) -> (GroupKey, Vec<(Uri, Option<PathBuf>)>) {
        let single = || {
            (
                GroupKey::Single(uri.clone()),
                vec![(uri.clone(), uri_to_path(uri))],
            )
        };
        let Some(path) = uri_to_path(uri) else {
            return single();
        };
        let Some(root) = schema_root(&path) else {
            return single();
        };
        let mut paths = Vec::new();
        collect_prisma_files(&root, &mut paths);
        // Open documents not saved yet are part of their folder's schema too.
        for open in self.open.keys() {
            if let Some(p) = uri_to_path(open)
                && p.starts_with(&root)
                && p.extension().is_some_and(|e| e == "prisma")
                && !paths.contains(&p)
            {
                paths.push(p);
            }
        }
        if !paths.contains(&path) {
            paths.push(path);
        }
        paths.sort();
        let members = paths
            .into_iter()
            .filter_map(|p| {
                let member = if uri_to_path(uri).as_deref() == Some(p.as_path()) {
                    uri.clone()
                } else {
                    self.open
                        .keys()
                        .find(|u| uri_to_path(u).as_deref() == Some(p.as_path()))
                        .cloned()
                        .or_else(|| path_to_uri(&p))?
                };
                Some((member, Some(p)))
            })
            .collect();
        (GroupKey::Folder(root), members)
    }
}

/// The name a file is shown with in diagnostics: its path below the schema folder for a
/// multi-file schema, its file name otherwise.
fn display_name(path: Option<&Path>, root: Option<&Path>, multi: bool, uri: &Uri) -> String {
    match (path, root) {
        (Some(path), Some(root)) if multi => path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned(),
        (Some(path), _) => path
            .file_name()
            .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
            .into_owned(),
        _ => uri.as_str().to_string(),
    }
}

/// Where the schema of the file at `path` starts, as Prisma's language server finds it: the
/// highest folder above the file whose parent folder has no `.prisma` file.
fn schema_root(path: &Path) -> Option<PathBuf> {
    let mut dir = path.parent()?.to_path_buf();
    loop {
        let Some(parent) = dir.parent() else {
            return Some(dir);
        };
        let has_prisma = std::fs::read_dir(parent).ok()?.flatten().any(|e| {
            e.path().extension().is_some_and(|x| x == "prisma")
                && e.file_type().is_ok_and(|t| t.is_file())
        });
        if !has_prisma {
            return Some(dir);
        }
        dir = parent.to_path_buf();
    }
}

/// Every `.prisma` file below `dir` (hidden folders and `node_modules` left out).
fn collect_prisma_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                collect_prisma_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
}
