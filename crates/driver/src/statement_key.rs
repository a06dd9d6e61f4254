//! The hash the PostgreSQL and MySQL backends find a prepared statement by its text with.
//!
//! The standard library's hasher (SipHash) spends about 2.5 instructions a byte, about 500 for
//! a lookup's statement of 200 bytes, the largest part of finding it in the cache. This one
//! takes the text eight bytes at a time, a multiply each (FxHash's, as rustc hashes its own
//! tables with). It does not resist collisions made on purpose, which SipHash does: the keys
//! are the statements the application runs, not text from its users, and each cache holds at
//! most a few hundred (it is cleared when full), so even colliding keys would cost only a
//! longer probe, never a wrong statement (the map compares the texts).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from a statement's text.
pub(crate) type StatementMap<V> = HashMap<String, V, BuildHasherDefault<TextHasher>>;

/// FxHash's multiplier.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher of [`StatementMap`].
#[derive(Default, Clone, Copy)]
pub(crate) struct TextHasher(u64);

impl TextHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for TextHasher {
    #[inline]
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

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    fn hash(text: &str) -> u64 {
        BuildHasherDefault::<TextHasher>::default().hash_one(text)
    }

    /// Texts that differ anywhere (in a full word, in the last partial one, by length alone)
    /// hash apart; the same text in another string finds its entry.
    #[test]
    fn texts_hash_apart() {
        let texts = [
            "",
            "a",
            "b",
            "SELECT 1",
            "SELECT 2",
            "SELECT 10",
            "SELECT `id` FROM `User` WHERE `email` = ? LIMIT 1",
            "SELECT `id` FROM `User` WHERE `email` = ? LIMIT 2",
            "SELECT `id` FROM `User` WHERE `name` = ? LIMIT 1",
        ];
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} {b:?}");
            }
        }
        let mut map = StatementMap::default();
        for (i, text) in texts.iter().enumerate() {
            map.insert((*text).to_owned(), i);
        }
        for (i, text) in texts.iter().enumerate() {
            assert_eq!(map.get(*text), Some(&i));
        }
    }
}
