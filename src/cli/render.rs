//! Printing check results: rustc-style text for people, JSON for tools.

use std::io::Write;
use std::path::PathBuf;

use ropey::Rope;
use serde_json::json;

use crate::analysis::{Diagnostic, Severity};
use crate::syntax::Span;
use crate::text::{Encoding, offset_to_position};

/// The diagnostics of one file, with its text for quoting.
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// Its text (decoded lossily).
    pub text: String,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// Widest source excerpt shown, in characters.
const EXCERPT: usize = 100;

/// One-based line and column (in characters) of a byte offset.
fn line_col(rope: &Rope, offset: usize) -> (usize, usize) {
    let (line, col) = offset_to_position(rope, offset, Encoding::Utf32);
    (line as usize + 1, col as usize + 1)
}

fn counts(reports: &[FileReport]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match d.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Information => c.2 += 1,
        }
    }
    c
}

/// Prints each diagnostic with its source line underlined, then a summary.
pub fn render_human(
    reports: &[FileReport],
    problems: &[String],
    out: &mut impl Write,
) -> std::io::Result<()> {
    for report in reports {
        let rope = Rope::from_str(&report.text);
        let path = report.path.display();
        for d in &report.diagnostics {
            let (line, col) = line_col(&rope, d.span.start);
            writeln!(
                out,
                "{}[{}]: {}",
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            )?;
            writeln!(out, "  --> {path}:{line}:{col}")?;
            excerpt(&rope, d.span, line, out)?;
            for r in &d.related {
                let (rl, rc) = line_col(&rope, r.span.start);
                writeln!(out, "   = note: {} ({path}:{rl}:{rc})", r.message)?;
            }
            writeln!(out)?;
        }
    }
    for p in problems {
        writeln!(out, "error: {p}")?;
    }
    let (errors, warnings, infos) = counts(reports);
    writeln!(
        out,
        "checked {} file{}: {errors} error{}, {warnings} warning{}, {infos} note{}",
        reports.len(),
        plural(reports.len()),
        plural(errors),
        plural(warnings),
        plural(infos)
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The source line of `span` with `^` under the span (first line only),
/// cut to a window around it when the line is long.
fn excerpt(rope: &Rope, span: Span, line: usize, out: &mut impl Write) -> std::io::Result<()> {
    let text: String = rope
        .line(line - 1)
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r'))
        .collect();
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let (_, start_col) = line_col(rope, span.start);
    let (end_line, end_col) = line_col(rope, span.end);
    let start = start_col - 1;
    let end = if end_line == line {
        (end_col - 1).max(start + 1)
    } else {
        chars.len().max(start + 1)
    };
    let window_start = start.saturating_sub(20).min(chars.len());
    let window_end = (window_start + EXCERPT).min(chars.len()).max(window_start);
    let mut shown: String = chars[window_start..window_end].iter().collect();
    let lead = if window_start > 0 { "…" } else { "" };
    if window_end < chars.len() {
        shown.push('…');
    }
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let marks_from = start - window_start + lead.chars().count();
    let marks = end.min(window_end.max(start + 1)) - start;
    writeln!(out, "{pad} |")?;
    writeln!(out, "{line} | {lead}{shown}")?;
    write!(
        out,
        "{pad} | {}{}",
        " ".repeat(marks_from),
        "^".repeat(marks.max(1))
    )?;
    if end_line > line {
        write!(out, " (to line {end_line})")?;
    }
    writeln!(out)
}

/// Prints one JSON document: every diagnostic, problems and a summary.
/// Lines and columns are one-based; columns count characters.
pub fn render_json(
    reports: &[FileReport],
    problems: &[String],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut diagnostics = Vec::new();
    for report in reports {
        let rope = Rope::from_str(&report.text);
        let file = report.path.display().to_string();
        let range = |span: Span| {
            let (sl, sc) = line_col(&rope, span.start);
            let (el, ec) = line_col(&rope, span.end);
            json!({"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec},
                   "offsets": {"start": span.start, "end": span.end}})
        };
        for d in &report.diagnostics {
            diagnostics.push(json!({
                "file": file,
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": range(d.span),
                "related": d.related.iter().map(|r| json!({
                    "file": file, "message": r.message, "range": range(r.span)
                })).collect::<Vec<_>>(),
            }));
        }
    }
    let (errors, warnings, infos) = counts(reports);
    let doc = json!({
        "summary": {"files": reports.len(), "errors": errors, "warnings": warnings, "notes": infos},
        "problems": problems,
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
