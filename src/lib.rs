//! cable-ls: a language server and checker for US diplomatic cable markup.
//!
//! See `ARCHITECTURE.md` for the map of modules.

pub mod analysis;
pub mod cli;
pub mod document;
mod fast_hash;
pub mod ide;
pub mod reference;
pub mod semantics;
pub mod server;
pub mod syntax;
pub mod text;
pub mod workspace;

/// mimalloc serves every allocation of the server, the checker, the benches
/// and the tests: the parser allocates per line (items, portion marks,
/// codes), and glibc's allocator cost ~8% of a parse. Transparent huge
/// pages are off (`no_thp`): with them the server's resident memory nearly
/// doubled.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every built-in regular expression, by name and source: the lexer's and
/// the body-reference finder's. No pattern is ever compiled from user input;
/// `benches/regex_worst_case.rs` runs each on adversarial text.
pub fn builtin_patterns() -> Vec<(&'static str, &'static regex::Regex)> {
    syntax::lexer_patterns()
        .chain(semantics::body_refs::BODY_REF_PATTERNS)
        .map(|(name, pattern)| (*name, &***pattern))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_builtin_pattern_compiles() {
        // Reading each one compiles it; a bad pattern panics here.
        let mut names: Vec<&str> = super::builtin_patterns()
            .into_iter()
            .map(|(name, pattern)| {
                assert!(!pattern.as_str().is_empty(), "{name}");
                name
            })
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "pattern names are unique");
    }
}
