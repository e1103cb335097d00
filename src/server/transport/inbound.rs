//! What to do with one message body from the editor. The protocol library
//! ends the session on the first body it cannot decode, so only bodies it
//! decodes reach it: each is checked with the library's own message types,
//! after text that is not UTF-8 and JSON-escaped lone surrogates (which
//! JavaScript clients send for a document holding one) are read as U+FFFD.
//! The rest are answered here, as JSON-RPC asks: -32700 for what is not
//! JSON, -32600 for JSON that is not a message (a batch among them: LSP has
//! none).

use serde::Deserialize;
use serde::de::IgnoredAny;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// A message from the editor as the library reads it (its own, private,
/// message type: a response, else a request or notification).
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    // Never read: only whether a body decodes as one matters.
    #[allow(dead_code)]
    Response(Response),
    Request(Request),
}

/// What a body is.
#[derive(Debug, PartialEq)]
pub enum Inbound {
    /// A message for the library: UTF-8 JSON that it decodes.
    Message {
        /// The body to pass on.
        body: String,
        /// It is `exit`, after which the library reads no more.
        exit: bool,
    },
    /// Not a message: this error response goes back instead.
    Refused(Response),
}

/// A body read, and what the log should say about it.
#[derive(Debug, PartialEq)]
pub struct Read {
    /// What it is.
    pub inbound: Inbound,
    /// What to log about it, if anything.
    pub notice: Option<String>,
}

/// Reads one message body.
pub fn read(mut body: Vec<u8>) -> Read {
    let surrogates = replace_lone_surrogates(&mut body);
    let (text, invalid) = decode(body);
    match check(&text) {
        Ok(method) => {
            let exit = method.as_deref() == Some("exit");
            let notice = (surrogates + invalid > 0)
                .then(|| replaced(method.as_deref(), surrogates, invalid));
            Read {
                inbound: Inbound::Message { body: text, exit },
                notice,
            }
        }
        Err(response) => {
            let notice = response
                .error()
                .map(|e| format!("answered {}: {}", e.code, e.message));
            Read {
                inbound: Inbound::Refused(response),
                notice,
            }
        }
    }
}

/// The method of a body the library decodes (`None` for a response), or
/// the error response for one it does not.
fn check(text: &str) -> Result<Option<String>, Response> {
    let refuse = |id, code, detail: &str| Err(Response::from_error(id, error(code, detail)));
    let start = text.trim_start_matches([' ', '\t', '\n', '\r']);
    // Only objects: the library would read an array as a request too,
    // field by field.
    if start.starts_with('{') {
        match serde_json::from_str::<Message>(text) {
            Ok(Message::Request(request)) => return Ok(Some(request.method().to_string())),
            Ok(Message::Response(_)) => return Ok(None),
            Err(e) if !e.is_data() => {
                return refuse(Id::Null, ErrorCode::ParseError, &e.to_string());
            }
            Err(_) => {}
        }
    }
    if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
        return refuse(Id::Null, ErrorCode::ParseError, &e.to_string());
    }
    if start.starts_with('{') {
        return refuse(
            request_id(text),
            ErrorCode::InvalidRequest,
            "not a JSON-RPC 2.0 request, notification or response (check its jsonrpc, method, \
             id, result and error members)",
        );
    }
    let detail = match start.strip_prefix('[') {
        Some(rest)
            if rest
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .starts_with(']') =>
        {
            "an empty batch"
        }
        Some(_) => "a batch, and LSP has none: send each message on its own",
        None => "not a message object",
    };
    refuse(Id::Null, ErrorCode::InvalidRequest, detail)
}

/// The answer to bytes that are not a well-framed message.
pub fn parse_error(detail: &str) -> Response {
    Response::from_error(Id::Null, error(ErrorCode::ParseError, detail))
}

/// An error with the specification's wording first.
fn error(code: ErrorCode, detail: &str) -> Error {
    Error {
        code,
        message: format!("{}: {detail}", code.description()).into(),
        data: None,
    }
}

/// The id of a request that is not a valid one, when it can be read, so
/// that the client's request gets its answer; else null.
fn request_id(text: &str) -> Id {
    #[derive(Deserialize)]
    struct Shape {
        method: Option<IgnoredAny>,
        id: Option<serde_json::Value>,
    }
    serde_json::from_str::<Shape>(text)
        .ok()
        .filter(|shape| shape.method.is_some())
        .and_then(|shape| shape.id)
        .and_then(|id| Id::deserialize(id).ok())
        .unwrap_or(Id::Null)
}

/// The log line for a message whose text had to be replaced.
fn replaced(method: Option<&str>, surrogates: usize, invalid: usize) -> String {
    let what = method.unwrap_or("a response");
    let mut parts = Vec::new();
    if surrogates > 0 {
        parts.push(format!(
            "{surrogates} lone surrogate{} (a \\u escape of half a UTF-16 pair)",
            plural(surrogates)
        ));
    }
    if invalid > 0 {
        parts.push(format!(
            "{invalid} byte sequence{} that {} not UTF-8",
            plural(invalid),
            if invalid == 1 { "is" } else { "are" }
        ));
    }
    format!("{what}: read {} as U+FFFD (�)", parts.join(" and "),)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The body as text, each sequence that is not UTF-8 read as U+FFFD, and
/// how many there were.
fn decode(body: Vec<u8>) -> (String, usize) {
    match String::from_utf8(body) {
        Ok(text) => (text, 0),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 16);
            let mut invalid = 0;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    invalid += 1;
                }
            }
            (text, invalid)
        }
    }
}

/// Rewrites each `\u` escape of a lone surrogate (a leading one without its
/// trailing one, or a trailing one alone) as `\ufffd`, in place (the escape
/// keeps its length); returns how many. Escapes are found by walking the
/// backslashes, so the `u` of an escaped backslash (`\\u`) is left alone.
fn replace_lone_surrogates(body: &mut [u8]) -> usize {
    let unit = |body: &[u8], at: usize| -> Option<u16> {
        let digits = body.get(at..at + 4)?;
        let digits = std::str::from_utf8(digits).ok()?;
        u16::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let leading = |u: u16| (0xD800..0xDC00).contains(&u);
    let trailing = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = body.get(at..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let escape = at + found;
        at = escape + 2;
        if body.get(escape + 1) != Some(&b'u') {
            continue;
        }
        let Some(u) = unit(body, escape + 2) else {
            continue;
        };
        at = escape + 6;
        let paired = leading(u)
            && body.get(escape + 6..escape + 8) == Some(b"\\u")
            && unit(body, escape + 8).is_some_and(trailing);
        if paired {
            at = escape + 12;
        } else if leading(u) || trailing(u) {
            body[escape + 2..escape + 6].copy_from_slice(b"fffd");
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(body: &[u8]) -> (i64, Id) {
        match read(body.to_vec()).inbound {
            Inbound::Refused(response) => {
                let (id, result) = response.into_parts();
                (result.unwrap_err().code.code(), id)
            }
            Inbound::Message { body, .. } => panic!("passed on: {body}"),
        }
    }

    fn passed(body: &[u8]) -> (String, Option<String>) {
        let read = read(body.to_vec());
        match read.inbound {
            Inbound::Message { body, .. } => (body, read.notice),
            Inbound::Refused(response) => panic!("refused: {response:?}"),
        }
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        for body in [
            &b"42"[..],
            b"\"text\"",
            b"null",
            b"[\"2.0\"]",
            b"{\"jsonrpc\":\"2.0\",\"method\":5,\"params\":null}",
            b"{\"jsonrpc\":\"1.0\",\"method\":\"initialized\"}",
            b"{\"method\":\"initialized\",\"params\":{}}",
            b"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":null}",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"method\":\"m\"}",
        ] {
            assert_eq!(
                error_of(body),
                (-32600, Id::Null),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn an_invalid_request_with_a_readable_id_is_answered_with_it() {
        assert_eq!(
            error_of(b"{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"shutdown\"}"),
            (-32600, Id::Number(7))
        );
        assert_eq!(
            error_of(b"{\"id\":\"x\",\"method\":[]}"),
            (-32600, Id::String("x".into()))
        );
    }

    #[test]
    fn batches_are_refused_whole() {
        let (code, id) = error_of(
            b"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"},{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}]",
        );
        assert_eq!((code, id), (-32600, Id::Null));
        assert_eq!(error_of(b" [ ] "), (-32600, Id::Null));
    }

    #[test]
    fn what_is_not_json_is_a_parse_error() {
        for body in [
            &b""[..],
            b"{",
            b"[1,",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\\q\"}",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\\u12\"}",
            b"\xff",
        ] {
            assert_eq!(
                error_of(body),
                (-32700, Id::Null),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let deep = format!(
            "{{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(error_of(deep.as_bytes()), (-32700, Id::Null));
    }

    #[test]
    fn messages_pass_as_they_are() {
        for body in [
            &br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#[..],
            br#"{"jsonrpc":"2.0","method":"x","params":"\ud83d\ude00 \\ud800 \u00e9"}"#,
            br#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            br#" {"jsonrpc":"2.0","id":"a","error":{"code":1,"message":"m"}}"#,
        ] {
            assert_eq!(
                passed(body),
                (String::from_utf8(body.to_vec()).unwrap(), None)
            );
        }
        let exit = read(br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec());
        assert!(matches!(exit.inbound, Inbound::Message { exit: true, .. }));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_replaced_once_each() {
        let (text, notice) = passed(
            b"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":\"Caf\xe9 \xf0\x9f\x98 \xff\xfe\"}",
        );
        assert!(
            text.contains("Caf\u{fffd} \u{fffd} \u{fffd}\u{fffd}\""),
            "{text}"
        );
        assert_eq!(
            notice.as_deref(),
            Some("textDocument/didChange: read 4 byte sequences that are not UTF-8 as U+FFFD (�)")
        );
    }

    /// Found by the `messages` fuzz target: the escape after a last
    /// backslash was looked for past the end.
    #[test]
    fn a_body_ending_in_a_backslash() {
        for body in [&b"\\"[..], b"{\"a\":\"\\", b"\\u", b"\"\\ud800\\"] {
            assert_eq!(error_of(body), (-32700, Id::Null));
        }
    }

    #[test]
    fn lone_surrogates_are_replaced() {
        let (text, notice) = passed(
            br#"{"jsonrpc":"2.0","method":"m","params":"\ud800 lone \udc00 \uD83D\uD83D\uDE00 \udbff\u0041 \\\ud800"}"#,
        );
        assert_eq!(
            text,
            r#"{"jsonrpc":"2.0","method":"m","params":"\ufffd lone \ufffd \ufffd\uD83D\uDE00 \ufffd\u0041 \\\ufffd"}"#
        );
        assert_eq!(
            notice.as_deref(),
            Some("m: read 5 lone surrogates (a \\u escape of half a UTF-16 pair) as U+FFFD (�)")
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value["params"],
            "\u{fffd} lone \u{fffd} \u{fffd}😀 \u{fffd}A \\\u{fffd}"
        );
    }
}
