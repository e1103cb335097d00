//! Writes a benchmark workspace of N cables varied from real ones:
//!
//! ```sh
//! cargo run --release --example make-corpus -- N DIR [SOURCE]
//! ```
//!
//! SOURCE is a folder of cables, the sample cables in `examples/` unless
//! given (the benches give the real corpus when it is there: see
//! `tests/common/bench.rs`). Each cable is a source
//! cable with a new serial (banner and DE line agree), and its REF items
//! pointed at cables written before it (with the cited year, so the
//! reference graph resolves and is dense); every tenth is turned into the
//! entity-annotated flavour (`<code><pre>`, `[PER …  ]` tags). Next to DIR,
//! `DIR-large/` receives one 5 MB and one 20 MB document made of many
//! cables' bodies. The output depends only on N and the sources.

use std::path::{Path, PathBuf};

use cable_ls::syntax::{Cable, Span, parse};
use cable_ls::workspace::summarize;

/// A deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A source cable that can be varied: it has a banner with a serial.
struct Source {
    text: String,
    cable: Cable,
    station: String,
    year: u32,
    serial: u32,
}

/// What a written cable can be cited as: `06 DUSHANBE 1234`.
struct Written {
    year: u32,
    station: String,
    serial: u32,
}

fn read_sources(dir: &Path) -> Vec<Source> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "cable"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
            let cable = parse(&text);
            let banner = cable.banner.as_ref()?;
            let serial = banner.serial.as_ref()?.value;
            let id = cable.id.as_ref()?.id.clone();
            let year = id.get(..2)?.parse().ok()?;
            let station = banner.station.clone();
            (!station.is_empty()).then_some(Source {
                text,
                cable,
                station,
                year,
                serial,
            })
        })
        .collect()
}

/// Applies replacements (non-overlapping spans) to `text`.
fn rewrite(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (span, new) in edits {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(&new);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The entity-annotated flavour: names tagged, wrapped in `<code><pre>`.
fn annotate(text: &str) -> String {
    let cable = parse(text);
    let summary = summarize(text, &cable);
    let edits = summary
        .mentions
        .iter()
        .filter(|m| m.kind.is_none())
        .enumerate()
        .map(|(i, m)| {
            let kind = ["PER", "ORG", "LOC", "MISC"][i % 4];
            (m.span, format!("[{kind} {}  ]", m.span.text(text)))
        })
        .collect();
    format!("<code><pre>{}</pre></code>\n", rewrite(text, edits))
}

/// One varied cable: `k`-th use of `source`, citing earlier cables.
fn vary(source: &Source, k: usize, written: &[Written], rng: &mut Rng) -> (String, Written) {
    let serial = (source.serial as usize + k * 1009) % 99_999 + 1;
    let serial = u32::try_from(serial).unwrap_or(1);
    let mut edits = Vec::new();
    if let Some(s) = source.cable.banner.as_ref().and_then(|b| b.serial.as_ref()) {
        edits.push((s.span, format!("{serial:06}")));
    }
    if let Some(s) = source
        .cable
        .transmission
        .as_ref()
        .and_then(|t| t.de.as_ref())
        .and_then(|d| d.serial.as_ref())
    {
        edits.push((s.span, format!("{serial:04}")));
    }
    for item in &source.cable.refs {
        let Some(cited) = &item.cable else { continue };
        if written.is_empty() {
            break;
        }
        let target = &written[rng.below(written.len())];
        let start = cited
            .year
            .as_ref()
            .map_or(cited.origin.start, |y| y.span.start);
        edits.push((
            Span::new(start, cited.serial.span.end),
            format!("{:02} {} {}", target.year, target.station, target.serial),
        ));
    }
    let text = rewrite(&source.text, edits);
    let me = Written {
        year: source.year,
        station: source.station.clone(),
        serial,
    };
    (text, me)
}

/// A document of about `bytes` made of many cables' bodies after the first
/// cable's header.
fn large(sources: &[Source], bytes: usize) -> String {
    let mut out = sources[0].text.clone();
    for source in sources.iter().cycle().skip(1) {
        if out.len() >= bytes {
            break;
        }
        let body = source.cable.paragraphs.first().map_or(0, |p| p.span.start);
        out.push_str(&source.text[body..]);
        out.push('\n');
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: make-corpus N DIR [SOURCE]");
        std::process::exit(2);
    };
    // The sample cables unless a source folder is given.
    let source_dir = args.get(2).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        PathBuf::from,
    );
    let sources = read_sources(&source_dir);
    if sources.is_empty() {
        eprintln!("no usable cables in {}", source_dir.display());
        std::process::exit(1);
    }
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create DIR");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut written: Vec<Written> = Vec::with_capacity(n);
    let mut bytes = 0usize;
    for i in 0..n {
        let source = &sources[i % sources.len()];
        let (mut text, me) = vary(source, i / sources.len(), &written, &mut rng);
        if i % 10 == 9 {
            text = annotate(&text);
        }
        bytes += text.len();
        std::fs::write(dir.join(format!("c{i:06}.txt")), text).expect("write a cable");
        written.push(me);
    }
    let large_dir = PathBuf::from(format!("{}-large", dir.display()));
    std::fs::create_dir_all(&large_dir).expect("create DIR-large");
    for (name, size) in [("big-5mb.cable", 5 << 20), ("big-20mb.cable", 20 << 20)] {
        std::fs::write(large_dir.join(name), large(&sources, size))
            .expect("write a large document");
    }
    println!(
        "wrote {n} cables ({:.1} MB) to {} from {} sources, and two large documents to {}",
        bytes as f64 / 1e6,
        dir.display(),
        sources.len(),
        large_dir.display()
    );
}
