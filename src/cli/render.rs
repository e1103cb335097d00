//! Printing check results as they come: rustc-style text for people, one
//! JSON document for tools. Files are rendered one at a time, so memory
//! stays bounded however many are checked.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use super::Format;
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::Span;
use crate::text::{Encoding, LineIndex};

/// The diagnostics of one file, with its text for quoting.
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// Its text (decoded lossily).
    pub text: String,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// The files a check passed over, by why.
#[derive(Clone, Copy, Debug, Default)]
pub struct PassedOver {
    /// `.txt` files met in folders whose start does not look like a cable.
    pub not_cables: usize,
    /// Files met in folders that are neither `.cable` nor `.txt`.
    pub other_names: usize,
}

/// Widest source excerpt shown, in characters.
const EXCERPT: usize = 100;

/// One-based line and column (in characters) of a byte offset.
fn line_col(lines: &LineIndex, offset: usize) -> (usize, usize) {
    let (line, col) = lines.position(offset, Encoding::Utf32);
    (line as usize + 1, col as usize + 1)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Writes reports as they arrive and the summary at the end.
pub struct Renderer<W: Write> {
    out: W,
    format: Format,
    files: usize,
    counts: [usize; 3],
    first: bool,
}

impl<W: Write> Renderer<W> {
    /// Starts the output.
    pub fn new(mut out: W, format: Format) -> std::io::Result<Self> {
        if format == Format::Json {
            write!(out, "{{\"diagnostics\": [")?;
        }
        Ok(Renderer {
            out,
            format,
            files: 0,
            counts: [0; 3],
            first: true,
        })
    }

    /// Whether an error-severity diagnostic was written.
    pub fn saw_errors(&self) -> bool {
        self.counts[0] > 0
    }

    /// Writes one file's diagnostics.
    pub fn file(&mut self, report: &FileReport) -> std::io::Result<()> {
        self.files += 1;
        for d in &report.diagnostics {
            self.counts[match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Information => 2,
            }] += 1;
        }
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let lines = LineIndex::new(&report.text);
        match self.format {
            Format::Human => self.human(report, &lines),
            Format::Json => self.json(report, &lines),
        }
    }

    fn human(&mut self, report: &FileReport, lines: &LineIndex) -> std::io::Result<()> {
        let path = report.path.display();
        for d in &report.diagnostics {
            let (line, col) = line_col(lines, d.span.start);
            writeln!(
                self.out,
                "{}[{}]: {}",
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            )?;
            writeln!(self.out, "  --> {path}:{line}:{col}")?;
            excerpt(lines, d.span, line, &mut self.out)?;
            for r in &d.related {
                let (rl, rc) = line_col(lines, r.span.start);
                writeln!(self.out, "   = note: {} ({path}:{rl}:{rc})", r.message)?;
            }
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn json(&mut self, report: &FileReport, lines: &LineIndex) -> std::io::Result<()> {
        let file = report.path.display().to_string();
        let range = |span: Span| {
            let (sl, sc) = line_col(lines, span.start);
            let (el, ec) = line_col(lines, span.end);
            json!({"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec},
                   "offsets": {"start": span.start, "end": span.end}})
        };
        for d in &report.diagnostics {
            let value = json!({
                "file": file,
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": range(d.span),
                "related": d.related.iter().map(|r| json!({
                    "file": file, "message": r.message, "range": range(r.span)
                })).collect::<Vec<_>>(),
            });
            if !self.first {
                write!(self.out, ",")?;
            }
            self.first = false;
            write!(self.out, "\n  ")?;
            serde_json::to_writer(&mut self.out, &value)?;
        }
        Ok(())
    }

    /// Writes the summary: the problems (unreadable paths, already shown
    /// on stderr) count as errors; the JSON document also lists them.
    pub fn finish(mut self, problems: &[String], passed: PassedOver) -> std::io::Result<()> {
        let [diagnosed, warnings, info] = self.counts;
        let errors = diagnosed + problems.len();
        match self.format {
            Format::Human => {
                writeln!(
                    self.out,
                    "checked {} file{}: {errors} error{}, {warnings} warning{}, {info} info",
                    self.files,
                    plural(self.files),
                    plural(errors),
                    plural(warnings),
                )?;
                let total = passed.not_cables + passed.other_names;
                if total > 0 {
                    let mut why = Vec::new();
                    if passed.not_cables > 0 {
                        why.push(format!(
                            "{} .txt file{} whose start does not look like a cable",
                            passed.not_cables,
                            plural(passed.not_cables)
                        ));
                    }
                    if passed.other_names > 0 {
                        why.push(format!(
                            "{} named neither .cable nor .txt",
                            passed.other_names
                        ));
                    }
                    writeln!(
                        self.out,
                        "passed over {total} file{}: {}",
                        plural(total),
                        why.join(", ")
                    )?;
                }
            }
            Format::Json => {
                let summary = json!({"files": self.files, "errors": errors, "warnings": warnings, "info": info,
                    "passed_over": {"not_cables": passed.not_cables, "other_names": passed.other_names}});
                writeln!(
                    self.out,
                    "\n],\n\"problems\": {},\n\"summary\": {summary}}}",
                    serde_json::to_string(problems)?
                )?;
            }
        }
        self.out.flush()
    }
}

/// A character as the excerpt shows it: a tab as a space, other control
/// characters as their Unicode control pictures (`␀` for NUL, `␡` for
/// DEL), as rustc does, and C1 controls as `�`, so that a binary file
/// sends no control sequence to the terminal and every character keeps
/// one column under the marks.
fn shown(c: char) -> char {
    match c {
        '\t' => ' ',
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        c => c,
    }
}

/// The source line of `span` with `^` under the span (first line only),
/// cut to a window around it when the line is long.
fn excerpt(
    lines: &LineIndex,
    span: Span,
    line: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let text: String = lines
        .line(line - 1)
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r'))
        .collect();
    let chars: Vec<char> = text.chars().map(shown).collect();
    let (_, start_col) = line_col(lines, span.start);
    let (end_line, end_col) = line_col(lines, span.end);
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
