//! Checks of paragraph numbering and portion marks.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Code, Diagnostic};
use crate::syntax::{Cable, NumberStyle, Paragraph, Span};

/// Runs every paragraph check.
pub fn check(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    numbering(text, cable, out);
    marks(cable, out);
}

/// Whether the text between two paragraph numbers was withheld: a line of
/// redaction alone (`XXXXXXXXXXXX`, `xxxxxxxxxxxx`), or a paragraph ending
/// in one, where
/// the numbers of the paragraphs withheld went with their text.
fn redacted_between(text: &str, from: usize, to: usize) -> bool {
    let between = text.get(from..to).unwrap_or("");
    let redaction = |s: &str| s.len() >= 5 && s.bytes().all(|b| b == b'X' || b == b'x');
    let ends_redacted = between
        .trim_end()
        .trim_end_matches(['.', ')'])
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(redaction);
    ends_redacted
        || between
            .lines()
            .any(|l| redaction(l.trim().trim_end_matches(['.', ')'])))
}

/// The number a misread pilcrow stands for: `15` after `¶4` is `¶5`, a
/// dashed `- 11.` is `¶1`.
fn misread_pilcrow(p: &Paragraph, expected: u32) -> Option<u32> {
    if !matches!(p.style, NumberStyle::Plain | NumberStyle::Dashed) {
        return None;
    }
    let digits = p.number.to_string();
    let rest = digits.strip_prefix('1')?;
    let value: u32 = rest.parse().ok()?;
    (value == expected && !rest.starts_with('0')).then_some(value)
}

/// How many numbers a paragraph covers: one, or a range's (`4-12.`).
fn covers(p: &Paragraph) -> u32 {
    p.through.saturating_sub(p.number) + 1
}

/// Effective numbers: misread pilcrows and LaTeX residue are reported and
/// read as the number they stand for.
fn effective_numbers(paragraphs: &[Paragraph], out: &mut Vec<Diagnostic>) -> Vec<u32> {
    let mut numbers: Vec<u32> = Vec::with_capacity(paragraphs.len());
    for (i, p) in paragraphs.iter().enumerate() {
        let expected = numbers.last().map_or(1, |n| n + covers(&paragraphs[i - 1]));
        let mut number = p.number;
        if p.style == NumberStyle::RunIn {
            out.push(Diagnostic::new(
                Code::RunIn,
                p.number_span,
                format!("Paragraph {} starts in the middle of a line: the line break before it was lost.", p.number),
            ));
        }
        if p.style == NumberStyle::Latex {
            out.push(Diagnostic::new(
                Code::OcrPilcrow,
                p.number_span,
                format!("`$\\P{number}$` is conversion residue for `¶{number}`."),
            ));
        } else if p.number != expected
            && let Some(meant) = misread_pilcrow(p, expected)
        {
            let mut diag = Diagnostic::new(
                Code::OcrPilcrow,
                p.number_span,
                format!(
                    "Paragraph {} is probably `¶{meant}` with the `¶` misread as `1`.",
                    p.number
                ),
            );
            if i > 0 {
                diag = diag.with_related(
                    paragraphs[i - 1].number_span,
                    format!("the paragraph before is {}", numbers[i - 1]),
                );
            }
            out.push(diag);
            number = meant;
        }
        numbers.push(number);
    }
    numbers
}

/// Marks paragraphs that belong to lists restarting at 1 inside the main
/// numbering (`… 4, 1, 2, 3, 5 …`, or `¶1.` then `1)`, `2)`: questions
/// listed in paragraph 1); they are not checked against it. A list
/// that runs past the main numbering's next number is still the list when
/// that number comes later (`3, 1, 2, … 21, 4`: twenty-one measures listed
/// in paragraph 3).
fn nested_lists(numbers: &[u32], parenthesised: &[bool]) -> Vec<bool> {
    let mut nested = vec![false; numbers.len()];
    let mut main_last = 0;
    // Whether the main numbering's last number closes with `)`.
    let mut main_parenthesised = false;
    let mut list_last: Option<u32> = None;
    let mut i = 0;
    while i < numbers.len() {
        let n = numbers[i];
        if let Some(last) = list_last {
            if n == last + 1 && n != main_last + 1 {
                nested[i] = true;
                list_last = Some(n);
                i += 1;
                continue;
            }
            list_last = None;
        }
        // A list restarts at 1, or is written `1)` under a `¶1.`.
        let restarts = main_last > 1 || main_last == 1 && parenthesised[i] && !main_parenthesised;
        if n == 1 && restarts {
            let run = 1 + numbers[i + 1..]
                .iter()
                .zip(&numbers[i..])
                .take_while(|(next, this)| **next == **this + 1)
                .count();
            if numbers[i + run..].contains(&(main_last + 1)) {
                nested[i..i + run].fill(true);
                i += run;
            } else {
                nested[i] = true;
                list_last = Some(1);
                i += 1;
            }
            continue;
        }
        if n >= main_last {
            main_parenthesised = parenthesised[i];
        }
        main_last = main_last.max(n);
        i += 1;
    }
    nested
}

/// For each candidate, the length of the longest strictly increasing run
/// of `key` values ending at it, in the order given.
fn run_lengths(
    numbers: &[u32],
    order: impl Iterator<Item = usize>,
    key: impl Fn(u32) -> u32,
) -> Vec<usize> {
    let mut lengths = vec![0; numbers.len()];
    let mut tails: Vec<u32> = Vec::new();
    for i in order {
        let k = key(numbers[i]);
        let pos = tails.partition_point(|&t| t < k);
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
        lengths[i] = pos + 1;
    }
    lengths
}

/// The longest strictly increasing subsequence of `numbers` over
/// `candidates` (indices), as a membership mask. Of several such runs the
/// one using the earliest paragraphs is chosen, so in `… 5, 4 …` it is the
/// `4` that is out of place. Paragraphs outside it are the ones out of order.
fn longest_run(numbers: &[u32], candidates: &[usize]) -> Vec<bool> {
    let ending = run_lengths(numbers, candidates.iter().copied(), |n| n);
    let starting = run_lengths(numbers, candidates.iter().rev().copied(), |n| u32::MAX - n);
    let best = candidates
        .iter()
        .map(|&i| ending[i] + starting[i] - 1)
        .max()
        .unwrap_or(0);
    let mut member = vec![false; numbers.len()];
    let mut want = 1;
    let mut last: Option<u32> = None;
    for &i in candidates {
        let on_a_best_run = ending[i] + starting[i] - 1 == best;
        if on_a_best_run && ending[i] == want && last.is_none_or(|l| numbers[i] > l) {
            member[i] = true;
            last = Some(numbers[i]);
            want += 1;
        }
    }
    member
}

/// The opening words of a paragraph's text, after its number and mark,
/// squeezed: what tells a repeated paragraph from another with its number.
fn opening_words(text: &str, p: &Paragraph) -> String {
    let from = p.mark.as_ref().map_or(p.number_span.end, |m| m.span.end);
    let words = Span::new(from, p.span.end).text(text);
    words
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two paragraphs are one paragraph written twice: the same number
/// and the same opening words.
fn same_paragraph(text: &str, a: &Paragraph, b: &Paragraph) -> bool {
    a.number == b.number && {
        let words = opening_words(text, a);
        words.len() >= 12 && words == opening_words(text, b)
    }
}

/// A run of paragraphs that repeats an earlier run, as when a file holds a
/// cable's text twice: where it starts, where it ends, and where the run it
/// repeats starts. A single repeated paragraph counts only when last. The
/// paragraph just before a run of two or more, numbered as the one before
/// the run it repeats and in sequence with the run, is the copy's too,
/// whatever its words (an OCR slip in `contribuQions` keeps it from
/// matching word for word).
fn repeated_run(text: &str, paragraphs: &[Paragraph]) -> Option<(usize, usize, usize)> {
    (1..paragraphs.len()).find_map(|i| {
        let j = (0..i).find(|&j| same_paragraph(text, &paragraphs[j], &paragraphs[i]))?;
        let len = (0..)
            .take_while(|&k| {
                j + k < i
                    && i + k < paragraphs.len()
                    && same_paragraph(text, &paragraphs[j + k], &paragraphs[i + k])
            })
            .count();
        if len < 2 {
            return (i + 1 == paragraphs.len()).then_some((i, i + len, j));
        }
        let slip = j > 0
            && i > j + len
            && paragraphs[i - 1].number == paragraphs[j - 1].number
            && paragraphs[i - 1].through + 1 == paragraphs[i].number;
        let back = usize::from(slip);
        Some((i - back, i + len, j - back))
    })
}

fn numbering(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    let mut kept: Vec<Paragraph>;
    let mut paragraphs = cable.paragraphs.as_slice();
    if let Some((again, end, first)) = repeated_run(text, paragraphs) {
        let (n, m) = (paragraphs[again].number, paragraphs[end - 1].number);
        let which = if n == m {
            format!("paragraph {n}")
        } else {
            format!("paragraphs {n}-{m}")
        };
        out.push(
            Diagnostic::new(
                Code::RepeatedPreview,
                paragraphs[again].number_span,
                format!(
                    "The text of {which} is repeated here: the file holds it twice. Numbering is read from the first copy."
                ),
            )
            .with_related(paragraphs[first].number_span, format!("the first paragraph {n}")),
        );
        kept = paragraphs[..again].to_vec();
        kept.extend_from_slice(&paragraphs[end..]);
        paragraphs = &kept;
    }
    let numbers = effective_numbers(paragraphs, out);
    let parenthesised: Vec<bool> = paragraphs
        .iter()
        .map(|p| p.number_span.text(text).ends_with(')'))
        .collect();
    let nested = nested_lists(&numbers, &parenthesised);
    let main: Vec<usize> = (0..numbers.len()).filter(|&i| !nested[i]).collect();
    let in_run = longest_run(&numbers, &main);
    // The last number each paragraph covers.
    let ends: Vec<u32> = (0..numbers.len())
        .map(|i| numbers[i] + covers(&paragraphs[i]) - 1)
        .collect();
    let present: HashSet<u32> = main.iter().flat_map(|&i| numbers[i]..=ends[i]).collect();
    let mut previous: Option<usize> = None;
    let mut previous_in_run: Option<usize> = None;
    // The paragraphs after a stray one that carry its numbering on
    // (`… 11, 10, 11, 12 …`, `… 3, 15, 16, 4 …`): one problem, reported once.
    let mut stray_run: Option<usize> = None;
    let mut first_in_run: HashMap<u32, usize> = HashMap::new();
    for (k, &i) in main.iter().enumerate() {
        let p = &paragraphs[i];
        let n = numbers[i];
        if !in_run[i] && stray_run.is_some_and(|r| numbers[r] + 1 == n) {
            stray_run = Some(i);
            previous = Some(i);
            continue;
        }
        stray_run = None;
        if !in_run[i] {
            // How many paragraphs after this one carry its numbering on.
            let more = main[k..]
                .iter()
                .zip(&main[k + 1..])
                .take_while(|&(&a, &b)| !in_run[b] && numbers[b] == numbers[a] + 1)
                .count();
            let m = numbers[main[k + more]];
            let repeats_block = more > 0 && (n..=m).all(|x| first_in_run.contains_key(&x));
            let repeats_last = more == 0 && previous_in_run.is_some_and(|r| numbers[r] == n);
            if (repeats_block || repeats_last)
                && let Some(&first) = first_in_run.get(&n)
            {
                let message = if more == 0 {
                    format!("Paragraph number {n} is used twice.")
                } else {
                    format!(
                        "Paragraph numbers {n}-{m} are used twice: after paragraph {} the numbering goes back to {n}.",
                        previous.map_or(n, |b| numbers[b])
                    )
                };
                out.push(
                    Diagnostic::new(Code::ParagraphDuplicate, p.number_span, message).with_related(
                        paragraphs[first].number_span,
                        format!("the first paragraph {n}"),
                    ),
                );
            } else if let Some(before) = previous {
                let message = if more == 0 {
                    format!(
                        "Paragraph {n} is out of order: it comes after paragraph {}.",
                        numbers[before]
                    )
                } else {
                    format!(
                        "Paragraphs {n}-{m} are out of order: they come after paragraph {}.",
                        numbers[before]
                    )
                };
                out.push(
                    Diagnostic::new(Code::ParagraphOutOfOrder, p.number_span, message)
                        .with_related(
                            paragraphs[before].number_span,
                            format!("paragraph {}", numbers[before]),
                        ),
                );
            }
            stray_run = Some(i);
        } else {
            if let Some(before) = previous_in_run {
                let last = ends[before];
                let related = paragraphs[before].number_span;
                // A partial extract leaves paragraphs out by design.
                // `45, 45, 47`: the second 45 is a misnumbered 46, reported
                // as the duplicate it is, not again as a gap.
                let misnumbered =
                    n == last + 2 && previous.is_some_and(|q| q != before && numbers[q] == last);
                let gap = n > last + 1
                    && !misnumbered
                    && (last + 1..n).any(|m| !present.contains(&m))
                    && cable.extract_notice.is_none()
                    && !redacted_between(
                        text,
                        paragraphs[before].number_span.end,
                        p.number_span.start,
                    );
                if gap {
                    let missing = if n == last + 2 {
                        format!("¶{} is missing", last + 1)
                    } else {
                        format!("¶{}-¶{} are missing", last + 1, n - 1)
                    };
                    out.push(
                        Diagnostic::new(
                            Code::ParagraphGap,
                            p.number_span,
                            format!("Paragraph numbering jumps from {last} to {n}: {missing}."),
                        )
                        .with_related(related, format!("the previous paragraph is {last}")),
                    );
                }
            }
            previous_in_run = Some(i);
            first_in_run.entry(n).or_insert(i);
        }
        previous = Some(i);
    }
}

fn marks(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let banner = cable.banner.as_ref();
    // Paragraphs marked above the classification: one report, at the first.
    let mut above: Option<Diagnostic> = None;
    for p in &cable.paragraphs {
        let Some(mark) = &p.mark else { continue };
        let problem = match (mark.opened, mark.closed, mark.level) {
            (false, _, _) => Some(format!(
                "This portion mark lacks its `(`: write `({})`.",
                mark.text
            )),
            (_, false, _) => Some(format!(
                "This portion mark lacks its `)`: write `({})`.",
                mark.text
            )),
            (_, _, None) => Some(format!(
                "`({})` is not a known portion marking; expected (U), (SBU), (C), (S) or (TS), optionally with a caveat such as /NF.",
                mark.text
            )),
            _ => None,
        };
        if let Some(message) = problem {
            out.push(Diagnostic::new(Code::MalformedMarking, mark.span, message));
        }
        let (Some(level), Some(banner)) = (mark.level, banner) else {
            continue;
        };
        if level.rank() <= banner.classification.value.rank() {
            continue;
        }
        above = Some(match above.take() {
            None => Diagnostic::new(
                Code::MarkingExceedsClassification,
                mark.span,
                format!(
                    "This paragraph is marked {} but the cable is only {}.",
                    level.name(),
                    banner.classification.value.name()
                ),
            )
            .with_related(banner.classification.span, "the cable's classification"),
            Some(first) => first.with_related(
                mark.span,
                format!("paragraph {} is marked {} too", p.number, level.name()),
            ),
        });
    }
    if let Some(mut diag) = above {
        let more = diag.related.len() - 1;
        let also = match more {
            0 => String::new(),
            1 => " So is one more paragraph (see the related places).".to_string(),
            n => format!(" So are {n} more paragraphs (see the related places)."),
        };
        diag.message.push_str(&also);
        out.push(diag);
    }
}
