//! An open document: text in a rope, lexed lines kept across edits, and the
//! analysis of the current text, computed on demand and cached. No protocol
//! types here: changes come in as line and column numbers.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use ropey::Rope;

use crate::analysis::{Diagnostic, diagnose};
use crate::syntax::{Cable, LexedText};
use crate::text::{Encoding, position_to_offset};
use crate::workspace::{Summary, summarize};

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
    pub text: String,
}

impl Analysis {
    /// What the workspace index keeps of the document.
    pub fn summary(&self) -> &Summary {
        self.summary
            .get_or_init(|| summarize(&self.text, &self.cable))
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
    lexed: LexedText,
    analysis: Option<Arc<Analysis>>,
}

/// A text change in protocol terms: an optional range (start and end as
/// line and column) and the new text.
pub struct Change {
    /// `None` replaces the whole text.
    pub range: Option<((u32, u32), (u32, u32))>,
    /// The new text.
    pub text: String,
}

impl Document {
    /// A document holding `text`.
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            text: Rope::from_str(text),
            version,
            generation: 0,
            lexed: LexedText::new(text),
            analysis: None,
        }
    }

    /// Applies one change. Positions are clamped into the text and onto
    /// character boundaries; a reversed range is read start-first.
    pub fn apply(&mut self, change: &Change, encoding: Encoding) {
        self.analysis = None;
        self.generation += 1;
        let Some(((sl, sc), (el, ec))) = change.range else {
            self.text = Rope::from_str(&change.text);
            self.lexed = LexedText::new(&change.text);
            return;
        };
        let a = position_to_offset(&self.text, sl, sc, encoding);
        let b = position_to_offset(&self.text, el, ec, encoding);
        let (start, end) = (a.min(b), a.max(b));
        let start_char = self.text.byte_to_char(start);
        let end_char = self.text.byte_to_char(end);
        self.text.remove(start_char..end_char);
        self.text.insert(start_char, &change.text);
        self.lexed.edit(&self.text, start, end, change.text.len());
    }

    /// The lexed lines of the current text.
    pub fn lexed(&self) -> &LexedText {
        &self.lexed
    }

    /// The analysis of the current text (computed now if needed).
    pub fn analysis(&mut self) -> Arc<Analysis> {
        if let Some(analysis) = &self.analysis {
            return analysis.clone();
        }
        let cable = self.lexed.cable();
        let text = self.text.to_string();
        let diagnostics = diagnose(&text, &cable);
        let analysis = Arc::new(Analysis {
            cable,
            diagnostics,
            summary: OnceLock::new(),
            indexed: AtomicBool::new(false),
            text,
        });
        self.analysis = Some(analysis.clone());
        analysis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_place_and_clamp() {
        let mut doc = Document::new("a’b\nc", 1);
        // Replace ’ (UTF-16 column 1..2).
        doc.apply(
            &Change {
                range: Some(((0, 1), (0, 2))),
                text: "'".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(doc.text.to_string(), "a'b\nc");
        // Reversed and out-of-range positions.
        doc.apply(
            &Change {
                range: Some(((9, 9), (1, 0))),
                text: "X".into(),
            },
            Encoding::Utf8,
        );
        assert_eq!(doc.text.to_string(), "a'b\nX");
        assert_eq!(doc.generation, 2);
    }
}
