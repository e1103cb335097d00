//! A fast hasher for short string keys, the index's and the name
//! extractor's (the FxHash mixing function of rustc): the standard SipHash
//! resists hash flooding, which the user's own files do not call for, at
//! several times the cost.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`FxHasher`]s.
pub type FastHash = BuildHasherDefault<FxHasher>;

/// The Fx hash: a multiply and a rotate per eight bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak, and hash tables pick the
        // bucket from them: bring the well-mixed high bits down.
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_strings_hash_equal_and_others_mostly_differ() {
        let build = FastHash::default();
        assert_eq!(build.hash_one("karasin"), build.hash_one("karasin"));
        let hashes: std::collections::HashSet<u64> =
            ["a", "b", "ab", "ba", "abcdefghi", "abcdefghj"]
                .iter()
                .map(|s| build.hash_one(s))
                .collect();
        assert_eq!(hashes.len(), 6);
    }
}
