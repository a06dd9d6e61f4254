//! Identifiers Prisma Client generates itself: `uuid()`, `cuid()`, `cuid(2)`, `ulid()`,
//! `nanoid()`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use sha3::{Digest, Sha3_512};

fn random_bytes() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

/// A version-4 UUID, hyphenated lower case (`@default(uuid())`, `@default(uuid(4))`).
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A version-7 UUID (a millisecond timestamp, then random bits: sorts by creation time),
/// hyphenated lower case (`@default(uuid(7))`).
pub fn uuid_v7() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn base36(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A CUID (version 1 layout: `c`, timestamp, counter, fingerprint, random; 25 characters),
/// as `@default(cuid())` produces.
pub fn cuid() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let millis = chrono::Utc::now().timestamp_millis().max(0) as u64;
    let count = u64::from(COUNTER.fetch_add(1, Ordering::Relaxed)) % (36u64.pow(4));
    let pid = u64::from(std::process::id()) % (36u64.pow(4));
    let r = random_bytes();
    let random =
        u64::from_le_bytes([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]]) % 36u64.pow(8);
    format!(
        "c{}{}{}{}",
        base36(millis, 8),
        base36(count, 4),
        base36(pid, 4),
        base36(random, 8)
    )
}

/// A nanoid of `len` characters from `A-Za-z0-9_-` (`@default(nanoid())`, 21 by default).
pub fn nanoid(len: usize) -> String {
    const ALPHABET: &[u8] = b"_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes() {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[(b & 63) as usize] as char);
        }
    }
    out
}

/// Crockford's base 32 alphabet (no I, L, O, U), as ULIDs are written.
const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID (`@default(ulid())`): 26 characters of Crockford base 32, upper case; the first 10
/// encode the milliseconds since 1970 (48 bits), the other 16 are 80 random bits. Sorts by
/// creation time to the millisecond, like the `ulid` package Prisma Client uses.
pub fn ulid() -> String {
    let millis = chrono::Utc::now().timestamp_millis().max(0) as u128;
    ulid_from(millis, random_bytes())
}

/// The ULID of a timestamp and 80 random bits (the first ten of `random`).
fn ulid_from(millis: u128, random: [u8; 16]) -> String {
    let mut bits = (millis & ((1u128 << 48) - 1)) << 80;
    for (i, b) in random[..10].iter().enumerate() {
        bits |= u128::from(*b) << (72 - 8 * i);
    }
    (0..26)
        .map(|i| CROCKFORD[((bits >> (125 - 5 * i)) & 31) as usize] as char)
        .collect()
}

/// The length of a `cuid(2)` identifier (the reference generator's default).
const CUID2_LENGTH: usize = 24;

/// A CUID2 (`@default(cuid(2))`): 24 characters of `a-z0-9` starting with a letter. As the
/// reference generator (`@paralleldrive/cuid2`) builds it: a random letter, then SHA3-512 of
/// the time, random salt, a per-process counter (starting at a random value) and a per-process
/// fingerprint, written in base 36. Not guessable and not ordered, unlike `cuid()`.
pub fn cuid2() -> String {
    static COUNTER: OnceLock<AtomicU64> = OnceLock::new();
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    let counter = COUNTER.get_or_init(|| {
        let r = random_bytes();
        // The reference's initial count is below 476,782,367.
        AtomicU64::new(u64::from(
            u32::from_le_bytes([r[0], r[1], r[2], r[3]]) % 476_782_367,
        ))
    });
    let fingerprint = FINGERPRINT.get_or_init(|| {
        let seed = format!("{}{}", std::process::id(), entropy(32));
        let mut hashed = sha3_base36(&seed);
        hashed.truncate(32);
        hashed
    });
    let count = counter.fetch_add(1, Ordering::Relaxed);
    let millis = chrono::Utc::now().timestamp_millis().max(0) as u64;
    let input = format!(
        "{}{}{}{fingerprint}",
        base36_trimmed(millis),
        entropy(CUID2_LENGTH),
        base36_trimmed(count)
    );
    let letter = (b'a' + random_bytes()[0] % 26) as char;
    let hashed = sha3_base36(&input);
    let mut id = String::with_capacity(CUID2_LENGTH);
    id.push(letter);
    id.extend(hashed.chars().skip(1).take(CUID2_LENGTH - 1));
    id
}

/// `n` in base 36 without leading zeros (JavaScript's `n.toString(36)`).
fn base36_trimmed(n: u64) -> String {
    let s = base36(n, 13);
    let trimmed = s.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// `len` random base-36 digits.
fn entropy(len: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes() {
            // 252 = 7 × 36: rejecting the top values keeps the digits uniform.
            if out.len() < len && b < 252 {
                out.push(DIGITS[usize::from(b % 36)] as char);
            }
        }
    }
    out
}

/// SHA3-512 of `input` read as one big-endian number and written in base 36, the leading digit
/// dropped (it is biased), as the reference generator's `hash`.
fn sha3_base36(input: &str) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut number: Vec<u8> = Sha3_512::digest(input.as_bytes()).to_vec();
    let mut digits = Vec::with_capacity(100);
    // Long division by 36 until the number is zero.
    while number.iter().any(|b| *b != 0) {
        let mut rem = 0u32;
        for byte in number.iter_mut() {
            let cur = (rem << 8) | u32::from(*byte);
            *byte = (cur / 36) as u8;
            rem = cur % 36;
        }
        digits.push(DIGITS[rem as usize]);
    }
    digits.reverse();
    String::from_utf8(digits.into_iter().skip(1).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulid_layout() {
        // The specification's example: 1469918176385 ms encodes as 01ARYZ6S41.
        let id = ulid_from(1_469_918_176_385, [0; 16]);
        assert_eq!(id, "01ARYZ6S410000000000000000");
        assert_eq!(ulid_from(0, [0xff; 16]), "0000000000ZZZZZZZZZZZZZZZZ");
        let now = ulid();
        assert_eq!(now.len(), 26);
        assert!(now.bytes().all(|b| CROCKFORD.contains(&b)), "{now}");
        // Ids made a millisecond apart sort by time.
        let a = ulid();
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert!(ulid() > a);
    }

    #[test]
    fn cuid2_layout() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..2000 {
            let id = cuid2();
            assert_eq!(id.len(), CUID2_LENGTH, "{id}");
            assert!(id.as_bytes()[0].is_ascii_lowercase(), "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{id}"
            );
            assert!(seen.insert(id), "a repeated cuid2");
        }
    }

    #[test]
    fn sha3_base36_is_the_hash_in_base_36() {
        // SHA3-512("") starts a6 9f 73 ...; its base-36 form has 99 or 100 digits.
        let h = sha3_base36("");
        assert!((98..=100).contains(&h.len()), "{}", h.len());
        assert_eq!(base36_trimmed(0), "0");
        assert_eq!(base36_trimmed(35), "z");
        assert_eq!(base36_trimmed(36), "10");
    }
}
