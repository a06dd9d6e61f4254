//! A new migration's folder name from what the user typed, as Prisma's CLI makes it (the
//! `slugify` it uses, with `_` between words): accents transliterated, `&` read as "and",
//! camel case split into words, lower case, `'s`/`'t` joined to their word, every other run of
//! characters outside `a-z0-9` one `_`, none at either end, at most 200 bytes.

use super::folder::MAX_MIGRATION_NAME_BYTES;

/// The folder-name form of a migration name: `Add Users table!` → `add_users_table`,
/// `addUserTable` → `add_user_table`, `café & crème` → `cafe_and_creme`.
pub fn migration_slug(name: &str) -> String {
    let text: String = name.chars().map(transliterate).collect();
    let text = decamelize(&text).to_lowercase();
    let text = join_apostrophes(&text);
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_owned();
    // ASCII only, so any byte is a character boundary.
    out.truncate(MAX_MIGRATION_NAME_BYTES);
    out
}

/// A character as ASCII where it has a common Latin spelling (`é` → `e`, `ß` → `ss`), `&` as
/// ` and `; anything else unchanged (and later a separator, when not ASCII).
fn transliterate(c: char) -> String {
    let s = match c {
        '&' => " and ",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' | 'ð' => "d",
        'Ď' | 'Đ' | 'Ð' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' | 'ĺ' => "l",
        'Ł' | 'Ľ' | 'Ĺ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ŕ' | 'ř' => "r",
        'Ŕ' | 'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'þ' => "th",
        'Þ' => "TH",
        _ => return c.to_string(),
    };
    s.to_owned()
}

/// Splits camel case into words, in the four steps of Prisma's slugify: an acronym from the
/// digits after it (`HTML5` → `HTML 5`), a word from the acronym after it (`fooBAR` →
/// `foo BAR`), a lower-case letter or digit from the capital after it (`addUser` →
/// `add User`), and an acronym from the capitalised word after it (`XMLHttp` → `XML Http`,
/// but not a plural acronym: `APIs` stays).
fn decamelize(text: &str) -> String {
    let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let upper = |c: char| c.is_ascii_uppercase();
    // Step 1: `([A-Z]{2,})(\d+)`.
    let text = split(text, |chars, i| {
        chars[i].is_ascii_digit() && i >= 2 && upper(chars[i - 1]) && upper(chars[i - 2])
    });
    // Step 2: `([a-z\d]+)([A-Z]{2,})`.
    let text = split(&text, |chars, i| {
        i >= 1
            && lower_or_digit(chars[i - 1])
            && upper(chars[i])
            && chars.get(i + 1).is_some_and(|&c| upper(c))
    });
    // Step 3: `([a-z\d])([A-Z])`.
    let text = split(&text, |chars, i| {
        i >= 1 && lower_or_digit(chars[i - 1]) && upper(chars[i])
    });
    // Step 4: `([A-Z]+)([A-Z][a-rt-z\d]+)`.
    split(&text, |chars, i| {
        i >= 1
            && upper(chars[i - 1])
            && upper(chars[i])
            && chars
                .get(i + 1)
                .is_some_and(|&c| (lower_or_digit(c)) && c != 's')
    })
}

/// `text` with a space inserted before every character where `at` holds.
fn split(text: &str, at: impl Fn(&[char], usize) -> bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for i in 0..chars.len() {
        if at(&chars, i) {
            out.push(' ');
        }
        out.push(chars[i]);
    }
    out
}

/// `user's posts` → `users posts`, `don't` → `dont`: an apostrophe between a word and a final
/// `s` or `t` goes.
fn join_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let joined = c == '\''
            && i >= 1
            && chars[i - 1].is_ascii_alphanumeric()
            && matches!(chars.get(i + 1), Some('s' | 't'))
            && chars.get(i + 2).is_none_or(|c| c.is_whitespace());
        if !joined {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::migration_slug;

    /// Each input with what Prisma 7.10's slugify (`@sindresorhus/slugify` 2, separator `_`)
    /// makes of it, from running it.
    #[test]
    fn names_are_slugified_as_prisma_does() {
        for (input, expected) in [
            ("init", "init"),
            ("Add Users table!", "add_users_table"),
            ("AddUsers", "add_users"),
            ("addUserTable", "add_user_table"),
            ("XMLHttpRequest", "xml_http_request"),
            ("APIs list", "apis_list"),
            ("user's posts", "users_posts"),
            ("café & crème", "cafe_and_creme"),
            ("v2Migration", "v2_migration"),
            ("Add_Index", "add_index"),
            ("  ", ""),
            ("foo--bar", "foo_bar"),
            ("HTML5 page", "html_5_page"),
            ("already_snake", "already_snake"),
            ("ABCDef", "abc_def"),
            ("déjà vu", "deja_vu"),
            ("a@b", "a_b"),
            ("100% done", "100_done"),
            ("C++ code", "c_code"),
        ] {
            assert_eq!(migration_slug(input), expected, "{input:?}");
        }
        assert_eq!(migration_slug(&"ab ".repeat(150)).len(), 200);
    }
}
