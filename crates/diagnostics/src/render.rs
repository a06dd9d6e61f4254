//! Rendering diagnostics as text (Prisma's layout) and JSON.
//!
//! The text layout is the one `prisma validate` prints: a header line, an arrow to
//! `file:line`, the line before the span, the span's lines with the span highlighted on its
//! first line, and a closing gutter. Warnings come first, then errors, each in the order
//! found. With colour, the ANSI codes are exactly Prisma's (bold bright red for errors, bold
//! bright yellow for warnings, bold bright blue gutters, underlined locations).

use std::fmt::Write as _;

use serde::Serialize;

use crate::{Diagnostic, Diagnostics, FileId, Severity, SourceFiles};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;94m";
const RED: &str = "\x1b[1;91m";
const YELLOW: &str = "\x1b[1;93m";
const UNDERLINE: &str = "\x1b[4m";

/// Every diagnostic as Prisma prints them: warnings first, then errors.
///
/// Linear in the size of the files and the number of diagnostics: each file's line starts are
/// indexed once, and every diagnostic finds its lines by binary search.
pub fn render_text(files: &SourceFiles, diagnostics: &Diagnostics, color: bool) -> String {
    render_text_limited(files, diagnostics, color, usize::MAX)
}

/// How many diagnostics the `refract` commands print before summing up the rest
/// ([`render_text_limited`]); `--json` lists them all.
pub const SHOWN_BY_DEFAULT: usize = 100;

/// The first `limit` diagnostics as [`render_text`] prints them (warnings first, then errors),
/// then, when some are left out, one line saying how many, as rustc sums up what it does not
/// show: `... and 7900 more errors not shown (the first 100 are above)`.
pub fn render_text_limited(
    files: &SourceFiles,
    diagnostics: &Diagnostics,
    color: bool,
    limit: usize,
) -> String {
    let mut indexes = LineIndexes::new(files);
    let mut out = String::new();
    let mut hidden_errors = 0usize;
    let mut hidden_warnings = 0usize;
    for (i, d) in diagnostics
        .warnings()
        .chain(diagnostics.errors())
        .enumerate()
    {
        if i >= limit {
            match d.severity {
                Severity::Error => hidden_errors += 1,
                Severity::Warning => hidden_warnings += 1,
            }
            continue;
        }
        render_into(&mut out, files, indexes.get(files, d.span.file), d, color);
    }
    let hidden = match (hidden_warnings, hidden_errors) {
        (0, 0) => return out,
        (0, e) => more(e, "error"),
        (w, 0) => more(w, "warning"),
        (w, e) => format!("{} and {}", more(w, "warning"), more(e, "error")),
    };
    let _ = writeln!(
        out,
        "... and {hidden} not shown (the first {limit} are above)"
    );
    out
}

/// `1 more error`, `2 more errors`.
fn more(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} more {noun}{s}")
}

/// Where each line of a text starts, so that the line of an offset is a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of every line (the first is 0).
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The 0-based line of a byte offset (the number of line breaks before it).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The text of a 0-based line, without its line break (empty past the end).
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        &text[start..end]
    }

    /// The 1-based line and column (in characters) of a byte offset in `text`, the text the
    /// index was made from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// The line index of every file, made when first needed.
struct LineIndexes(Vec<Option<LineIndex>>);

impl LineIndexes {
    fn new(files: &SourceFiles) -> Self {
        LineIndexes(vec![None; files.len()])
    }

    fn get(&mut self, files: &SourceFiles, file: FileId) -> &LineIndex {
        let slot = &mut self.0[file.0 as usize];
        slot.get_or_insert_with(|| LineIndex::new(&files.get(file).text))
    }
}

/// The 1-based line and column (in characters) of a byte offset.
///
/// This reads `text` up to `offset`; for many lookups in one text, make a [`LineIndex`].
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn gutter(line: Option<usize>, color: bool) -> String {
    let g = match line {
        Some(n) => format!("{n:2} | "),
        None => "   | ".to_string(),
    };
    paint(&g, BLUE, color)
}

/// One diagnostic in Prisma's layout, ending with a line break.
///
/// This indexes the diagnostic's file; to render many, use [`render_text`].
pub fn render_diagnostic(files: &SourceFiles, d: &Diagnostic, color: bool) -> String {
    let index = LineIndex::new(&files.get(d.span.file).text);
    let mut out = String::new();
    render_into(&mut out, files, &index, d, color);
    out
}

/// One diagnostic in Prisma's layout, appended to `out`; `index` is its file's.
fn render_into(
    out: &mut String,
    files: &SourceFiles,
    index: &LineIndex,
    d: &Diagnostic,
    color: bool,
) {
    let file = files.get(d.span.file);
    let text = file.text.as_str();
    let start = (d.span.start as usize).min(text.len());
    let end = (d.span.end as usize).clamp(start, text.len());
    let start_line = index.line(start);
    let end_line = index.line(end);
    let line_start = index.starts[start_line];
    let first = index.line_text(text, start_line);
    let first = first.strip_suffix('\r').unwrap_or(first);
    let start_in_line = (start - line_start).min(first.len());
    let end_in_line = (start_in_line + (end - start)).min(first.len());

    let (label, color_code) = match d.severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
    };
    let _ = writeln!(
        out,
        "{}: {}",
        paint(label, color_code, color),
        paint(&d.message, BOLD, color)
    );
    let _ = writeln!(
        out,
        "  {}  {}",
        paint("-->", BLUE, color),
        paint(
            &format!("{}:{}", file.name, start_line + 1),
            UNDERLINE,
            color
        )
    );
    let _ = writeln!(out, "{}", gutter(None, color));
    if start_line > 0 {
        let before = index.line_text(text, start_line - 1);
        let _ = writeln!(
            out,
            "{}{}",
            gutter(Some(start_line), color),
            before.strip_suffix('\r').unwrap_or(before)
        );
    } else {
        let _ = writeln!(out, "{}", gutter(None, color));
    }
    let _ = writeln!(
        out,
        "{}{}{}{}",
        gutter(Some(start_line + 1), color),
        &first[..start_in_line],
        paint(&first[start_in_line..end_in_line], color_code, color),
        &first[end_in_line..]
    );
    for n in start_line + 1..=end_line {
        let line = index.line_text(text, n);
        let _ = writeln!(
            out,
            "{}{}",
            gutter(Some(n + 1), color),
            line.strip_suffix('\r').unwrap_or(line)
        );
    }
    let _ = writeln!(out, "{}", gutter(None, color));
}

/// One diagnostic in the JSON output.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: &'a str,
    /// The file name.
    pub file: &'a str,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column (characters) of the span's start.
    pub column: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column of the span's end.
    pub end_column: usize,
    /// Byte offset of the span's start.
    pub start: u32,
    /// Byte offset of the span's end.
    pub end: u32,
}

/// Every diagnostic (warnings first, then errors) as one JSON array.
pub fn render_json(files: &SourceFiles, diagnostics: &Diagnostics) -> String {
    let mut indexes = LineIndexes::new(files);
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .warnings()
        .chain(diagnostics.errors())
        .map(|d| {
            let file = files.get(d.span.file);
            let index = indexes.get(files, d.span.file);
            let (line, column) = index.line_column(&file.text, d.span.start as usize);
            let (end_line, end_column) = index.line_column(&file.text, d.span.end as usize);
            JsonDiagnostic {
                severity: d.severity,
                message: &d.message,
                file: &file.name,
                line,
                column,
                end_line,
                end_column,
                start: d.span.start,
                end: d.span.end,
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn plain_layout_shows_the_line_before_and_the_span() {
        let files = SourceFiles::single("schema.prisma", "model A {\n  id Int @id @bad\n}\n");
        let mut d = Diagnostics::new();
        d.error(
            "Attribute not known: \"@bad\".",
            Span::new(crate::FileId(0), 22, 26),
        );
        assert_eq!(
            render_text(&files, &d, false),
            "error: Attribute not known: \"@bad\".\n  -->  schema.prisma:2\n   | \n 1 | model A {\n 2 |   id Int @id @bad\n   | \n"
        );
    }

    #[test]
    fn coloured_layout_uses_prismas_codes_and_warnings_come_first() {
        let files = SourceFiles::single("schema.prisma", "a\nb\n");
        let mut d = Diagnostics::new();
        d.error("E", Span::new(crate::FileId(0), 2, 3));
        d.warning("W", Span::new(crate::FileId(0), 0, 1));
        let text = render_text(&files, &d, true);
        assert!(text.starts_with("\x1b[1;93mwarning\x1b[0m: \x1b[1mW\x1b[0m\n"));
        assert!(text.contains("\x1b[1;94m 2 | \x1b[0m\x1b[1;91mb\x1b[0m\n"));
        assert!(text.contains("\x1b[1;94m-->\x1b[0m  \x1b[4mschema.prisma:2\x1b[0m"));
    }

    #[test]
    fn multi_line_spans_show_every_line() {
        let files = SourceFiles::single("s.prisma", "x\nmodel A {\n  id Int\n}\n");
        let mut d = Diagnostics::new();
        d.error("M", Span::new(crate::FileId(0), 2, 22));
        assert_eq!(
            render_text(&files, &d, false),
            "error: M\n  -->  s.prisma:2\n   | \n 1 | x\n 2 | model A {\n 3 |   id Int\n 4 | }\n   | \n"
        );
    }

    #[test]
    fn json_has_lines_and_columns() {
        let files = SourceFiles::single("s.prisma", "ab\ncd");
        let mut d = Diagnostics::new();
        d.error("M", Span::new(crate::FileId(0), 4, 5));
        let json = render_json(&files, &d);
        assert!(json.contains("\"line\": 2"));
        assert!(json.contains("\"column\": 2"));
    }

    #[test]
    fn the_line_index_agrees_with_counting_lines() {
        let text = "a\r\nbé\n\nmodel X {\n  ïd Int\n}";
        let index = LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            assert_eq!(
                index.line_column(text, offset),
                line_column(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(index.line_text(text, 1), "bé");
        assert_eq!(index.line_text(text, 2), "");
        assert_eq!(index.line_text(text, 5), "}");
        assert_eq!(index.line_text(text, 6), "");
    }

    fn many_errors(n: usize) -> (SourceFiles, Diagnostics) {
        let mut text = String::new();
        let mut d = Diagnostics::new();
        for i in 0..n {
            let start = text.len();
            let _ = writeln!(text, "  field{i} Unknown{i}");
            d.error(
                format!("Type \"Unknown{i}\" is not defined."),
                Span::new(crate::FileId(0), start + 2, text.len() - 1),
            );
        }
        (SourceFiles::single("schema.prisma", text), d)
    }

    #[test]
    fn only_the_first_diagnostics_are_shown_and_the_rest_counted() {
        let (files, mut d) = many_errors(5);
        d.warning("W", Span::new(crate::FileId(0), 0, 1));
        let text = render_text_limited(&files, &d, false, 3);
        assert_eq!(text.matches("error: ").count(), 2);
        assert_eq!(text.matches("warning: ").count(), 1);
        assert!(
            text.ends_with("   | \n... and 3 more errors not shown (the first 3 are above)\n"),
            "{text}"
        );
        assert_eq!(
            render_text_limited(&files, &d, false, 0),
            "... and 1 more warning and 5 more errors not shown (the first 0 are above)\n"
        );
        assert!(
            render_text_limited(&files, &d, false, 5)
                .ends_with("... and 1 more error not shown (the first 5 are above)\n")
        );
        let all = render_text_limited(&files, &d, false, 6);
        assert_eq!(all, render_text(&files, &d, false));
        assert!(!all.contains("not shown"));
    }

    /// The time to render N diagnostics grows like N, not N²: 16,000 take about 16 times as
    /// long as 1,000, where quadratic rendering took about 250 times (the bound, 80, leaves
    /// room for a loaded machine).
    #[test]
    fn rendering_time_grows_linearly() {
        fn best_of_3(n: usize) -> std::time::Duration {
            let (files, d) = many_errors(n);
            (0..3)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let text = render_text(&files, &d, false);
                    let took = start.elapsed();
                    assert_eq!(text.matches("error: ").count(), n);
                    took
                })
                .min()
                .expect("three runs")
        }
        let small = best_of_3(1_000);
        let large = best_of_3(16_000);
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        assert!(
            ratio < 80.0,
            "1,000 diagnostics: {small:?}, 16,000: {large:?} ({ratio:.1} times as long)"
        );
    }
}
