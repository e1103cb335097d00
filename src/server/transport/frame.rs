//! `Content-Length` framing without I/O: bytes go in as they arrive, whole
//! message bodies and framing errors come out, and nothing the bytes hold
//! can stop the framer or make it hold more than one message (or one header
//! line of [`MAX_HEADER_LINE`] bytes) in memory.
//!
//! A header block is lines ending in `\n` (with or without `\r`) and an
//! empty line. `Content-Length` is required; every other header, the
//! `Content-Type` among them, is ignored (LSP bodies are UTF-8). Blank lines
//! between messages are skipped. Bytes that are not a header line (a body
//! sent without a header, the rest of a body whose length was given short)
//! are skipped up to the next `Content-Length` header, with one error for
//! the run. A body over the limit is skipped by its length without being
//! held.

use std::collections::VecDeque;

/// The longest header line held while waiting for its end; a longer one is
/// not a header, and is skipped.
pub const MAX_HEADER_LINE: usize = 64 * 1024;

/// The header's name, which also marks where framing resumes after bytes
/// that are not headers.
const CONTENT_LENGTH: &[u8] = b"content-length";

/// A message body, or what was wrong with the bytes in its place.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A whole body, as sent.
    Body(Vec<u8>),
    /// Bytes that are not a well-framed message, and why.
    Bad(String),
}

/// What the framer needs before it can finish the frame it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// Nothing: it is between messages.
    Nothing,
    /// The rest of a header block: a line's end, or the empty line.
    Header,
    /// This many more body bytes.
    Body(u64),
}

/// Where the framer is in the byte stream.
#[derive(Debug)]
enum Reading {
    /// A header block, and the `Content-Length` values it gave so far.
    Header { lines: usize, lengths: Lengths },
    /// A body of this length, collected in `body`.
    Body(usize),
    /// A body over the limit: this many bytes still to pass over.
    Skip(u64),
}

/// The `Content-Length` values of one header block.
#[derive(Debug, Default)]
enum Lengths {
    #[default]
    None,
    One(u64),
    /// Two headers that disagree, or one that is not a number.
    Bad(String),
}

/// Splits a byte stream into message bodies.
#[derive(Debug)]
pub struct Framer {
    /// Bytes received and not yet framed, from `start`.
    buffer: Vec<u8>,
    start: usize,
    reading: Reading,
    /// The body being collected (its length is in `reading`).
    body: Vec<u8>,
    /// In a run of bytes that are not headers, already reported.
    skipping: bool,
    /// The largest body returned; longer ones are skipped.
    limit: usize,
    ready: VecDeque<Frame>,
}

impl Framer {
    /// A framer that returns bodies of up to `limit` bytes.
    pub fn new(limit: usize) -> Framer {
        Framer {
            buffer: Vec::new(),
            start: 0,
            reading: Reading::Header {
                lines: 0,
                lengths: Lengths::None,
            },
            body: Vec::new(),
            skipping: false,
            limit,
            ready: VecDeque::new(),
        }
    }

    /// Takes the next bytes of the stream.
    pub fn push(&mut self, mut bytes: &[u8]) {
        // Body bytes go straight to the body, not through the buffer.
        if self.start == self.buffer.len() {
            match self.reading {
                Reading::Body(length) => {
                    let take = bytes.len().min(length - self.body.len());
                    self.body.extend_from_slice(&bytes[..take]);
                    bytes = &bytes[take..];
                }
                Reading::Skip(left) => {
                    let take = bytes.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                    self.reading = Reading::Skip(left - take as u64);
                    bytes = &bytes[take..];
                }
                Reading::Header { .. } => {}
            }
        }
        if self.start > 0 && self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// The next frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if let Some(frame) = self.ready.pop_front() {
                return Some(frame);
            }
            match self.reading {
                Reading::Body(length) => {
                    let missing = length - self.body.len();
                    let rest = &self.buffer[self.start..];
                    let take = rest.len().min(missing);
                    self.body.extend_from_slice(&rest[..take]);
                    self.start += take;
                    if self.body.len() < length {
                        return None;
                    }
                    self.reading = Reading::header();
                    return Some(Frame::Body(std::mem::take(&mut self.body)));
                }
                Reading::Skip(left) => {
                    let rest = self.buffer.len() - self.start;
                    let take = rest.min(usize::try_from(left).unwrap_or(usize::MAX));
                    self.start += take;
                    if left > take as u64 {
                        self.reading = Reading::Skip(left - take as u64);
                        return None;
                    }
                    self.reading = Reading::header();
                }
                Reading::Header { .. } => {
                    let rest = &self.buffer[self.start..];
                    match memchr::memchr(b'\n', rest) {
                        Some(end) => {
                            let line = rest[..end].to_vec();
                            self.start += end + 1;
                            self.header_line(line.strip_suffix(b"\r").unwrap_or(&line));
                        }
                        None => {
                            if rest.len() > MAX_HEADER_LINE {
                                self.overlong_line();
                            }
                            self.compact();
                            return None;
                        }
                    }
                }
            }
        }
    }

    /// What the framer is waiting for.
    pub fn awaiting(&self) -> Awaiting {
        let held = (self.buffer.len() - self.start) as u64;
        match self.reading {
            Reading::Body(length) => {
                Awaiting::Body(((length - self.body.len()) as u64).saturating_sub(held))
            }
            Reading::Skip(left) => Awaiting::Body(left.saturating_sub(held)),
            Reading::Header { lines, .. } if lines > 0 || held > 0 => Awaiting::Header,
            Reading::Header { .. } => Awaiting::Nothing,
        }
    }

    /// Drops the bytes already framed, once they are most of the buffer.
    fn compact(&mut self) {
        if self.start > 4096 && self.start * 2 > self.buffer.len() {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
    }

    /// Reads one header line (its end taken off).
    fn header_line(&mut self, line: &[u8]) {
        let Reading::Header { lines, lengths } = &mut self.reading else {
            return;
        };
        if line.is_empty() {
            if *lines > 0 {
                self.end_header();
            }
            return;
        }
        let header = split_header(line);
        if let Some((name, value)) = header
            && name.eq_ignore_ascii_case(CONTENT_LENGTH)
        {
            self.skipping = false;
            *lines += 1;
            lengths.add(value);
            return;
        }
        // Bytes before a `Content-Length` are what is left of something
        // else (a body sent without a header, or given a short length).
        if let Some(at) = find_content_length(line).filter(|&at| at > 0) {
            self.skipped(&line[..at]);
            self.header_line(&line[at..]);
        } else if header.is_some() {
            self.skipping = false;
            *lines += 1;
        } else {
            self.skipped(line);
        }
    }

    /// A line too long to be a header: skips it, keeping from a
    /// `Content-Length` inside it, else only its last bytes (which may be
    /// the start of one).
    fn overlong_line(&mut self) {
        let rest = &self.buffer[self.start..];
        let keep = match find_content_length(rest) {
            Some(at) if at > 0 => at,
            _ => rest.len() - (CONTENT_LENGTH.len() - 1),
        };
        let skipped = rest[..keep].to_vec();
        self.start += keep;
        self.skipped(&skipped);
    }

    /// Reports the start of a run of bytes that are not headers.
    fn skipped(&mut self, bytes: &[u8]) {
        if !self.skipping {
            self.skipping = true;
            self.ready.push_back(Frame::Bad(format!(
                "skipped bytes that are not a message header, up to the next Content-Length \
                 header: {}",
                preview(bytes)
            )));
        }
    }

    /// The empty line after a header block: the body follows.
    fn end_header(&mut self) {
        let reading = std::mem::replace(&mut self.reading, Reading::header());
        let Reading::Header { lengths, .. } = reading else {
            return;
        };
        match lengths {
            Lengths::None => self
                .ready
                .push_back(Frame::Bad("a message header without Content-Length".into())),
            Lengths::Bad(problem) => self.ready.push_back(Frame::Bad(problem)),
            Lengths::One(length) => match usize::try_from(length) {
                Ok(length) if length <= self.limit => {
                    self.body = Vec::with_capacity(length.min(1 << 20));
                    self.reading = Reading::Body(length);
                }
                _ => {
                    self.ready.push_back(Frame::Bad(format!(
                        "a message of {length} bytes is over the {}-byte limit",
                        self.limit
                    )));
                    self.reading = Reading::Skip(length);
                }
            },
        }
    }
}

impl Reading {
    fn header() -> Reading {
        Reading::Header {
            lines: 0,
            lengths: Lengths::None,
        }
    }
}

impl Lengths {
    fn add(&mut self, value: &[u8]) {
        let text = String::from_utf8_lossy(value);
        let parsed = text
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("Content-Length {text:?} is not a number of bytes"));
        *self = match (std::mem::take(self), parsed) {
            (Lengths::Bad(problem), _) | (_, Err(problem)) => Lengths::Bad(problem),
            (Lengths::None, Ok(n)) => Lengths::One(n),
            (Lengths::One(m), Ok(n)) if m == n => Lengths::One(n),
            (Lengths::One(m), Ok(n)) => {
                Lengths::Bad(format!("two Content-Length headers disagree: {m} and {n}"))
            }
        };
    }
}

/// A header line's name and value: `name: value`, the name a token.
fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = memchr::memchr(b':', line)?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then(|| (name, &line[colon + 1..]))
}

/// Where `Content-Length` (any case) starts in `bytes`.
fn find_content_length(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'c', b'C', bytes).find(|&at| {
        bytes[at..]
            .get(..CONTENT_LENGTH.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
    })
}

/// The start of `bytes`, readable in a log line.
fn preview(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(40)];
    let more = if bytes.len() > head.len() { "…" } else { "" };
    format!("{:?}{more}", String::from_utf8_lossy(head))
}

/// `body` with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = header(body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The header of a body of `length` bytes.
pub fn header(length: usize) -> String {
    format!("Content-Length: {length}\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frames of `bytes` pushed in pieces of `piece` bytes.
    fn frames_in_pieces(bytes: &[u8], piece: usize) -> Vec<Frame> {
        let mut framer = Framer::new(100);
        let mut out = Vec::new();
        for chunk in bytes.chunks(piece.max(1)) {
            framer.push(chunk);
            while let Some(frame) = framer.next_frame() {
                out.push(frame);
            }
        }
        out
    }

    /// The frames of `bytes`, which are the same however the bytes arrive.
    fn frames(bytes: &[u8]) -> Vec<Frame> {
        let whole = frames_in_pieces(bytes, bytes.len());
        for piece in [1, 2, 3, 7, 64] {
            assert_eq!(
                frames_in_pieces(bytes, piece),
                whole,
                "in pieces of {piece}"
            );
        }
        whole
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    fn is_bad(frame: &Frame, words: &str) -> bool {
        matches!(frame, Frame::Bad(why) if why.contains(words))
    }

    #[test]
    fn well_framed_messages() {
        let mut bytes = frame(b"{}");
        bytes.extend(b"\r\n\n");
        bytes.extend(
            b"content-length: 3\nContent-Type: application/vscode-jsonrpc; charset=latin1\n\n[1]",
        );
        bytes.extend(frame(b""));
        bytes.extend(frame("“¶”".as_bytes()));
        assert_eq!(
            frames(&bytes),
            [body("{}"), body("[1]"), body(""), body("“¶”")]
        );
    }

    #[test]
    fn a_missing_length_skips_to_the_next_header() {
        // The body of a message without a length runs into the next header.
        let mut bytes = b"Content-Type: x\r\n\r\n{\"id\": 1}".to_vec();
        bytes.extend(frame(b"{}"));
        bytes.extend(b"{\"no header\": true}\r\n");
        bytes.extend(frame(b"[]"));
        let got = frames(&bytes);
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(is_bad(&got[0], "without Content-Length"));
        assert!(is_bad(&got[1], "not a message header"));
        assert_eq!(got[2], body("{}"));
        assert!(is_bad(&got[3], "not a message header"));
        assert_eq!(got[4], body("[]"));
    }

    #[test]
    fn bad_and_disagreeing_lengths() {
        let bytes = b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}\
                      Content-Length: x\r\n\r\n\
                      Content-Length: 2\r\nContent-Length: 3\r\n\r\n\
                      Content-Length: -1\r\n\r\n\
                      Content-Length: 99999999999999999999999\r\n\r\n";
        let got = frames(bytes);
        assert_eq!(got[0], body("{}"));
        assert!(is_bad(&got[1], "not a number"));
        assert!(is_bad(&got[2], "disagree: 2 and 3"));
        assert!(is_bad(&got[3], "not a number"));
        assert!(is_bad(&got[4], "not a number"));
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn a_body_over_the_limit_is_skipped_by_its_length() {
        let mut bytes = frame(&[b'x'; 150]);
        bytes.extend(frame(b"{}"));
        let got = frames(&bytes);
        assert!(is_bad(&got[0], "over the 100-byte limit"));
        assert_eq!(got[1..], [body("{}")]);
        let mut framer = Framer::new(100);
        framer.push(b"Content-Length: 18446744073709551615\r\n\r\n");
        assert!(framer.next_frame().is_some());
        framer.push(&[0; 1000]);
        assert_eq!(framer.next_frame(), None);
        assert_eq!(framer.awaiting(), Awaiting::Body(u64::MAX - 1000));
    }

    #[test]
    fn an_endless_line_is_not_held() {
        let mut framer = Framer::new(100);
        let mut reports = 0;
        for _ in 0..100 {
            framer.push(&[b'a'; 10_000]);
            while let Some(frame) = framer.next_frame() {
                assert!(is_bad(&frame, "not a message header"));
                reports += 1;
            }
            assert!(framer.buffer.len() <= MAX_HEADER_LINE + 10_000 + 4096);
        }
        assert_eq!(reports, 1);
        // A header starting at the end of the run is kept.
        framer.push(b"Content-");
        framer.push(b"Length: 2\r\n\r\n{}");
        assert_eq!(framer.next_frame(), Some(body("{}")));
    }

    #[test]
    fn what_it_awaits() {
        let mut framer = Framer::new(100);
        assert_eq!(framer.awaiting(), Awaiting::Nothing);
        for (bytes, awaiting) in [
            (&b"Content-Len"[..], Awaiting::Header),
            (b"gth: 5\r\n", Awaiting::Header),
            (b"\r\n", Awaiting::Body(5)),
            (b"{}", Awaiting::Body(3)),
            (b"   ", Awaiting::Nothing),
        ] {
            framer.push(bytes);
            while framer.next_frame().is_some() {}
            assert_eq!(framer.awaiting(), awaiting, "after {bytes:?}");
        }
    }
}
