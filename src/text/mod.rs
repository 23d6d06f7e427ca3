//! Layer 1: text utilities of one line or one text, which know nothing of
//! passes or pages: statistics ([`textstats`]), dates ([`dates`]) and
//! normalization ([`normalize`]).
//!
//! Lengths and positions that the rules compare are counted in characters
//! (code points), as Python's `len()` counts them; byte offsets stay inside a
//! function. The helpers here are Python's string methods that Rust's standard
//! library defines differently.

pub mod dates;
pub mod normalize;

pub mod textstats;

use std::borrow::Cow;

/// Python's `str.isspace()` for one character: Unicode White_Space plus the
/// four information separators U+001C..U+001F (which Rust's
/// `char::is_whitespace` leaves out).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`: white space as [`is_py_space`] has it.
pub fn py_strip(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Python's `str.casefold()`: full case folding (`ß` becomes `ss`), by ICU4X
/// (ASCII letters lowered here; only the runs of other characters go to ICU).
pub fn casefold(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii() {
            while i < bytes.len() && bytes[i].is_ascii() {
                i += 1;
            }
            out.extend(
                text[start..i]
                    .bytes()
                    .map(|b| b.to_ascii_lowercase() as char),
            );
        } else {
            while i < bytes.len() && !bytes[i].is_ascii() {
                i += 1;
            }
            let folded = icu_casemap::CaseMapper::new().fold(&text[start..i]);
            // writing into a String cannot fail
            let _ = writeable::Writeable::write_to(&folded, &mut out);
        }
    }
    Cow::Owned(out)
}

/// The number of characters (code points) of `text`: Python's `len()`.
pub fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casefold_is_full_folding() {
        assert_eq!(casefold("Straße"), "strasse");
        assert_eq!(casefold("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
        assert_eq!(casefold("ﬁne"), "fine");
        assert_eq!(casefold("MiXeD"), "mixed");
        assert!(matches!(casefold("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn python_white_space() {
        assert!(is_py_space('\u{1c}') && is_py_space('\u{a0}') && is_py_space('\u{3000}'));
        assert!(!is_py_space('\u{200b}') && !is_py_space('x'));
        assert_eq!(py_strip("\u{1f} a b\u{2009}"), "a b");
    }

    #[test]
    fn length_in_code_points() {
        assert_eq!(char_len("çé"), 2);
        assert_eq!(char_len("ab"), 2);
    }
}
