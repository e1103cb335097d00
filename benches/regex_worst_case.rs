//! Worst-case behaviour of every built-in pattern, and of the whole parser,
//! on adversarial text. `cargo bench --bench regex_worst_case`.
//!
//! Each pattern runs (all matches, with captures, as the lexer runs them)
//! over 256 KB single-line inputs: runs of one character, near-misses of
//! every field the lexer knows, and random text over the pattern's own
//! characters. The table gives each pattern's slowest input and its
//! throughput; the regex crate guarantees linear time, and this shows the
//! constant. Then whole pathological documents go through parse and
//! diagnose. Set `CABLE_LS_BENCH_SCALE=0.1` for a quick smoke run.

use std::time::{Duration, Instant};

const LINE: usize = 256 * 1024;

/// Near-misses and runs that stress the lexer's patterns.
const FRAGMENTS: &[&str] = &[
    "A",
    "1",
    " ",
    "[",
    "(",
    "¶",
    "’",
    "/",
    "ABCD 1234 ",
    "(C) ",
    "(S//NF) ",
    "( C ",
    "1. ",
    "¶1. (",
    "- 13. ",
    "$\\P3$ . ",
    "REF: A. STATE 1234, B. ",
    "(A) 05 STATE ",
    "S E C R E T ",
    "C O N F I D E N T I A L SECTION 01 OF ",
    "E.O. 12958: DECL: 1/1/2000 ",
    "DECL: 25X",
    "TAGS: PREL PGOV ",
    "CLASSIFIED BY: ",
    "REASON: 1.4 (",
    "[PER x  ] ",
    "[PER ",
    "<a id='par1' href='#par1'>¶</a>1 . ",
    "</pre></code>",
    "END SUMMARY. ",
    "(NOTE: ",
    "DE RUEHC #1234/01 1234567 ",
    "VZCZC",
    "O 101039Z MAY 06 ",
    "RUEHC/SECSTATE WASHDC IMMEDIATE 1234 ",
    "ZNY CCCCC ZZH ",
    "AMEMBASSY DUSHANBE 000862 002 OF 003 ",
    "in India. 20. (S) ",
    "reftel (REF A) ",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn repeated(fragment: &str, len: usize) -> String {
    let mut s = fragment.repeat(len / fragment.len().max(1) + 1);
    let mut end = len.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// Random text over the characters a pattern's source mentions.
fn soup(source: &str, len: usize, rng: &mut Rng) -> String {
    let mut alphabet: Vec<char> = source
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\\' | '^' | '$'))
        .collect();
    alphabet.extend([' ', '1', 'A', 'Z']);
    alphabet.sort_unstable();
    alphabet.dedup();
    let mut out = String::with_capacity(len + 4);
    while out.len() < len {
        let i = (rng.next() % alphabet.len() as u64) as usize;
        out.push(alphabet[i]);
    }
    out
}

/// Time to find every match (with captures) in `input`.
fn scan(pattern: &regex::Regex, input: &str) -> Duration {
    let start = Instant::now();
    let mut found = 0usize;
    for caps in pattern.captures_iter(input) {
        found += caps.len();
    }
    std::hint::black_box(found);
    start.elapsed()
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

fn main() {
    let scale: f64 = std::env::var("CABLE_LS_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let line = ((LINE as f64 * scale) as usize).max(1024);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let inputs: Vec<(String, String)> = FRAGMENTS
        .iter()
        .map(|f| (format!("{f:?}×"), repeated(f, line)))
        .collect();

    println!(
        "Every built-in pattern over {} KB single-line inputs ({} adversarial inputs each, plus random text over its own characters):",
        line / 1024,
        inputs.len()
    );
    println!();
    println!("| pattern | slowest input | MB/s on it | median MB/s |");
    println!("|---|---|---:|---:|");
    let mut worst: Option<(&str, f64)> = None;
    for (name, pattern) in cable_ls::builtin_patterns() {
        let own = soup(pattern.as_str(), line, &mut rng);
        let mut rates: Vec<(f64, String)> = inputs
            .iter()
            .map(|(label, input)| (mb_per_s(input.len(), scan(pattern, input)), label.clone()))
            .collect();
        rates.push((
            mb_per_s(own.len(), scan(pattern, &own)),
            "random over its characters".into(),
        ));
        rates.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (slowest, label) = &rates[0];
        let median = rates[rates.len() / 2].0;
        println!("| `{name}` | {label} | {slowest:.0} | {median:.0} |");
        if worst.is_none_or(|(_, w)| *slowest < w) {
            worst = Some((name, *slowest));
        }
    }
    if let Some((name, rate)) = worst {
        println!();
        println!("Slowest pattern on its worst input: {name} at {rate:.0} MB/s.");
    }

    println!();
    println!("Pathological documents through parse + diagnose:");
    println!();
    println!("| document | size | time | diagnostics |");
    println!("|---|---:|---:|---:|");
    let n = (1_000_000.0 * scale) as usize;
    let documents: Vec<(&str, String)> = vec![
        (
            "one 10 MB line of random text",
            soup(
                "ABC (S) [PER ¶1. REF: 05 STATE 1234",
                (10_000_000.0 * scale) as usize,
                &mut rng,
            ),
        ),
        ("a million `[`", "[".repeat(n)),
        ("a million `[PER ` openings", "[PER ".repeat(n)),
        (
            "a million paragraph numbers, out of order",
            (0..n)
                .map(|i| format!("{}. (C) x\n", (i * 7919) % 1000))
                .collect(),
        ),
        ("a million portion marks on one line", "(S//NF) ".repeat(n)),
        (
            "a REF list of a million items",
            format!(
                "REF: {}\n",
                (0..n)
                    .map(|i| format!("{}. STATE {i}", (b'A' + (i % 26) as u8) as char))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    ];
    for (label, text) in documents {
        let start = Instant::now();
        let cable = cable_ls::syntax::parse(&text);
        let diagnostics = cable_ls::analysis::diagnose(&text, &cable);
        let time = start.elapsed();
        println!(
            "| {label} | {:.1} MB | {:.2} s | {} |",
            text.len() as f64 / 1e6,
            time.as_secs_f64(),
            diagnostics.len()
        );
    }
}
