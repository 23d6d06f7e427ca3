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

use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

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

/// The first `n` characters of `text`: Python's `text[:n]`.
pub fn first_chars(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text; // n bytes hold at least n characters
    }
    match text.char_indices().nth(n) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The rest of `text` after its first `n` characters: Python's `text[n:]`.
pub fn after_chars(text: &str, n: usize) -> &str {
    &text[first_chars(text, n).len()..]
}

fn general_category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// Python's `str.isalpha()` for one character: a letter (general category
/// L*), which Rust's `char::is_alphabetic` (the Alphabetic property) is not.
pub fn is_py_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    GeneralCategoryGroup::Letter.contains(general_category(c))
}

/// Python's `str.isprintable()` for one character: not a control, format,
/// surrogate, private-use or unassigned character, and no separator but the
/// space.
pub fn is_py_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    use GeneralCategory as G;
    !matches!(
        general_category(c),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// Python's `repr()` of a string: in single quotes (double quotes when the
/// text holds a single quote and no double one), with backslash escapes for
/// the quote, backslashes and characters that are not printable.
///
/// ```
/// use _engine::text::py_repr;
/// assert_eq!(py_repr("Latest"), "'Latest'");
/// assert_eq!(py_repr("Don't\tstop"), "\"Don't\\tstop\"");
/// assert_eq!(py_repr("a\u{a0}b\u{200b}"), "'a\\xa0b\\u200b'");
/// ```
pub fn py_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            _ if is_py_printable(c) => out.push(c),
            _ => {
                let n = u32::from(c);
                let escaped = if n < 0x100 {
                    format!("\\x{n:02x}")
                } else if n < 0x10000 {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                };
                out.push_str(&escaped);
            }
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a float: the shortest digits that read back as `x`,
/// in scientific notation below 1e-4 and from 1e16 on (`1e-05`, `1e+16`),
/// else in fixed notation with at least one decimal (`0.1`, `2.0`).
///
/// ```
/// use _engine::text::py_float_repr;
/// assert_eq!(py_float_repr(0.1), "0.1");
/// assert_eq!(py_float_repr(2.0), "2.0");
/// assert_eq!(py_float_repr(1e-5), "1e-05");
/// assert_eq!(py_float_repr(1.5e16), "1.5e+16");
/// assert_eq!(py_float_repr(0.0001), "0.0001");
/// ```
pub fn py_float_repr(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let sci = format!("{x:e}"); // shortest digits: "-1.5e16", "1e-5", "0e0"
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if x != 0.0 && !(-4..16).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let fixed = format!("{x}");
    if fixed.contains('.') {
        fixed
    } else {
        fixed + ".0"
    }
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
    fn python_repr() {
        assert_eq!(py_repr("Most Popular"), "'Most Popular'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(py_repr("a\\b"), "'a\\\\b'");
        assert_eq!(
            py_repr("\u{7f}\u{85}\u{2028}\u{e000}"),
            "'\\x7f\\x85\\u2028\\ue000'"
        );
        assert_eq!(py_repr("\u{1f600}é"), "'\u{1f600}é'");
        assert_eq!(py_repr("\u{e0001}"), "'\\U000e0001'");
    }

    #[test]
    fn python_char_classes() {
        assert!(is_py_alpha('é') && is_py_alpha('ª') && !is_py_alpha('\u{16ee}'));
        assert!(!is_py_alpha('1') && !is_py_alpha('\u{0345}'));
        assert!(is_py_printable(' ') && !is_py_printable('\u{a0}'));
    }

    #[test]
    fn char_slices() {
        assert_eq!(first_chars("çéx", 2), "çé");
        assert_eq!(after_chars("çéx", 2), "x");
        assert_eq!(after_chars("ab", 5), "");
    }

    #[test]
    fn length_in_code_points() {
        assert_eq!(char_len("çé"), 2);
        assert_eq!(char_len("ab"), 2);
    }
}
