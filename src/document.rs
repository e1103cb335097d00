//! An open document: text in a rope, lexed lines kept across edits, and the
//! analysis of the current text, computed on demand and cached. No protocol
//! types here: changes come in as byte ranges (the protocol edge converts
//! the client's positions).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use ropey::Rope;

use crate::analysis::{Code, Diagnostic, diagnose};
use crate::syntax::{Cable, LexedText, Span, parse};
use crate::text::rope_text;
use crate::workspace::{Summary, summarize_named};

/// What the analyses found in one version of a document.
#[derive(Debug)]
pub struct Analysis {
    /// The syntax model.
    pub cable: Cable,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// What the workspace index keeps of it; computed on first use, since
    /// the typing path (diagnostics) does not need it.
    summary: OnceLock<Summary>,
    /// Whether the index has this analysis's summary.
    pub indexed: AtomicBool,
    /// The text analysed.
    pub text: Arc<String>,
    /// The document's file name, which may give the cable's id.
    name: Option<Arc<str>>,
}

impl Analysis {
    /// What the workspace index keeps of the document.
    pub fn summary(&self) -> &Summary {
        self.summary
            .get_or_init(|| summarize_named(self.name.as_deref(), &self.text, &self.cable))
    }
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The current text.
    pub text: Rope,
    /// The version the client gave with the last change.
    pub version: i32,
    /// Bumped on every change; lets scheduled work notice it is stale.
    pub generation: u64,
    /// The lexed lines; `None` while the text is over `limit`.
    lexed: Option<LexedText>,
    /// The text as one string, shared with the analysis and kept in step
    /// with edits while nothing else holds it (then an edit costs a move
    /// of the bytes after it, not a copy of the whole text).
    flat: Option<Arc<String>>,
    /// Largest text analysed, in bytes.
    limit: usize,
    analysis: Option<Arc<Analysis>>,
    /// The file name, which may give the cable's id.
    name: Option<Arc<str>>,
}

/// A text change: an optional byte range of the current text and the new
/// text.
pub struct Change {
    /// `None` replaces the whole text.
    pub range: Option<std::ops::Range<usize>>,
    /// The new text.
    pub text: String,
}

impl Document {
    /// A document holding `text`, analysed whatever its size.
    pub fn new(text: &str, version: i32) -> Self {
        Document::with_limit(text, version, usize::MAX)
    }

    /// A document holding `text` that is analysed only while it is at most
    /// `limit` bytes long; a larger text is kept and edited as usual but
    /// analysed as one `file/too-large` diagnostic.
    pub fn with_limit(text: &str, version: i32, limit: usize) -> Self {
        Document {
            text: Rope::from_str(text),
            version,
            generation: 0,
            lexed: (text.len() <= limit).then(|| LexedText::new(text)),
            flat: None,
            limit,
            analysis: None,
            name: None,
        }
    }

    /// The document with its file name (the last segment of its path or
    /// URI), which gives the cable's id when it is a canonical id.
    pub fn named(mut self, name: &str) -> Self {
        let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
        self.name = Some(Arc::from(last));
        self.analysis = None;
        self
    }

    /// Applies one change. Offsets are clamped into the text and onto
    /// character boundaries (the start of the character they fall in); a
    /// reversed range is read start-first.
    pub fn apply(&mut self, change: &Change) {
        self.analysis = None;
        self.generation += 1;
        let Some(range) = &change.range else {
            self.flat = None;
            self.text = Rope::from_str(&change.text);
            self.lexed = (change.text.len() <= self.limit).then(|| LexedText::new(&change.text));
            return;
        };
        let char_at = |offset: usize| self.text.byte_to_char(offset.min(self.text.len_bytes()));
        let (a, b) = (char_at(range.start), char_at(range.end));
        let (start_char, end_char) = (a.min(b), a.max(b));
        let start = self.text.char_to_byte(start_char);
        let end = self.text.char_to_byte(end_char);
        self.text.remove(start_char..end_char);
        self.text.insert(start_char, &change.text);
        self.flat = self.flat.take().and_then(|mut flat| {
            let text = Arc::get_mut(&mut flat)?;
            (text.is_char_boundary(start) && text.is_char_boundary(end))
                .then(|| text.replace_range(start..end, &change.text))?;
            Some(flat)
        });
        let fits = self.text.len_bytes() <= self.limit;
        match &mut self.lexed {
            Some(lexed) if fits => {
                lexed.edit(&self.text, start, end, change.text.len());
            }
            _ if fits => self.lexed = Some(LexedText::new(&rope_text(&self.text))),
            _ => {
                self.lexed = None;
                self.flat = None;
            }
        }
    }

    /// The lexed lines of the current text; `None` when it is over the
    /// size limit.
    pub fn lexed(&self) -> Option<&LexedText> {
        self.lexed.as_ref()
    }

    /// The analysis of the current text (computed now if needed).
    pub fn analysis(&mut self) -> Arc<Analysis> {
        if let Some(analysis) = &self.analysis {
            return analysis.clone();
        }
        let (cable, text, diagnostics) = match &mut self.lexed {
            Some(lexed) => {
                let text = self
                    .flat
                    .get_or_insert_with(|| Arc::new(rope_text(&self.text)))
                    .clone();
                let cable = lexed.cable(&text);
                let diagnostics = diagnose(&text, &cable);
                (cable, text, diagnostics)
            }
            None => (parse(""), Arc::default(), vec![self.too_large()]),
        };
        let analysis = Arc::new(Analysis {
            cable,
            diagnostics,
            summary: OnceLock::new(),
            indexed: AtomicBool::new(false),
            text,
            name: self.name.clone(),
        });
        self.analysis = Some(analysis.clone());
        analysis
    }
}

impl Document {
    fn too_large(&self) -> Diagnostic {
        let size = self.text.len_bytes();
        let first_line: usize = self
            .text
            .chars()
            .take(200)
            .take_while(|c| !matches!(c, '\n' | '\r'))
            .map(char::len_utf8)
            .sum();
        Diagnostic::new(
            Code::TooLarge,
            Span::new(0, first_line),
            format!(
                "This document is {} MB, over the {} MB limit for analysis (setting limits.maxDocumentBytes): \
                 it is kept and can be edited, but gets no diagnostics, outline or navigation.",
                size.div_ceil(1 << 20),
                self.limit >> 20
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_place_and_clamp() {
        let mut doc = Document::new("a’b\nc", 1);
        // Replace ’ (bytes 1..4).
        doc.apply(&Change {
            range: Some(1..4),
            text: "'".into(),
        });
        assert_eq!(doc.text.to_string(), "a'b\nc");
        // Reversed and out-of-range offsets.
        doc.apply(&Change {
            range: Some(std::ops::Range { start: 99, end: 4 }),
            text: "X".into(),
        });
        assert_eq!(doc.text.to_string(), "a'b\nX");
        assert_eq!(doc.generation, 2);
        // An offset inside a character lands on its start.
        let mut doc = Document::new("a’b", 1);
        doc.apply(&Change {
            range: Some(2..3),
            text: "x".into(),
        });
        assert_eq!(doc.text.to_string(), "ax’b");
    }

    #[test]
    fn a_document_over_the_limit_is_kept_but_not_analysed() {
        let line = "1. (C) A paragraph.\n";
        let mut doc = Document::with_limit(&line.repeat(10), 1, 100);
        assert!(doc.lexed().is_none());
        let analysis = doc.analysis();
        assert_eq!(analysis.diagnostics.len(), 1);
        assert_eq!(analysis.diagnostics[0].code, Code::TooLarge);
        assert_eq!(analysis.diagnostics[0].span, Span::new(0, line.len() - 1));
        // Deleting text brings it under the limit: analysed again, lexed as
        // a fresh parse would be.
        doc.apply(&Change {
            range: Some(line.len() * 2..line.len() * 10),
            text: String::new(),
        });
        assert_eq!(doc.text.to_string(), line.repeat(2));
        assert_eq!(doc.lexed(), Some(&LexedText::new(&line.repeat(2))));
        assert!(
            doc.analysis()
                .diagnostics
                .iter()
                .all(|d| d.code != Code::TooLarge)
        );
        // And growing it again drops the analysis.
        doc.apply(&Change {
            range: Some(0..0),
            text: line.repeat(5),
        });
        assert!(doc.lexed().is_none());
        assert_eq!(doc.text.len_bytes(), line.len() * 7);
    }
}
