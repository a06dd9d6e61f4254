//! Identifiers Prisma Client generates itself: `uuid()`, `cuid()`, `nanoid()`.

use std::sync::atomic::{AtomicU32, Ordering};

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
