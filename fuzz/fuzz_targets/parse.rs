//! The parser and every diagnostic on arbitrary bytes: no panic, and every
//! range inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = cable_ls::analysis::decode(data);
    let cable = cable_ls::syntax::parse(&text);
    for d in cable_ls::analysis::diagnose(&text, &cable) {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let summary = cable_ls::workspace::summarize(&text, &cable);
    for m in &summary.mentions {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
    }
});
