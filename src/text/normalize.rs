//! Layer 1: normalization, the text every pass sees (the port of
//! `cleaner/normalize.py`): Unicode repair, white space, bullets, paragraph
//! layout, and the segments of a normalized text.
//!
//! ftfy stays in Python: the engine screens each line natively (the
//! characters some fix of ftfy's changes, ftfy's own badness pattern, NFC)
//! and asks the caller's fixer (in the binding, `ftfy.fix_text`) only for the
//! lines the screen flags. A line the screen passes is one ftfy would return
//! unchanged, so the answer is ftfy's on every line.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use super::{char_len, py_strip, textstats::is_bullet};

/// Characters with no visible width that carry no meaning in article text
/// (ZWJ and ZWNJ are kept).
pub const INVISIBLE: &[char] = &[
    '\u{200b}', '\u{2060}', '\u{feff}', '\u{ad}', '\u{180e}', '\u{200e}', '\u{200f}', '\u{202a}',
    '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
];
/// The space separators (category Zs) and the tab: what folds to one space.
fn is_space_to_fold(c: char) -> bool {
    matches!(
        c,
        '\t' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}
/// C0/C1 control characters other than tab.
fn is_control(c: char) -> bool {
    matches!(c, '\x00'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}')
}
const BULLETS: &[char] = &[
    '•', '●', '▪', '◦', '‣', '∙', '·', '■', '□', '◆', '◇', '►', '▸', '▶', '➤', '➢', '✓', '✔', '⁃',
    '*',
];
static UPPER_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\p{Lu}").unwrap());

/// Punctuation ftfy never changes on an otherwise printable-ASCII line.
const FTFY_SAFE_PUNCT: &[char] = &[
    '\u{a0}', '\u{2013}', '\u{2014}', '\u{2026}', '\u{2022}', '\u{ab}', '\u{bb}', '\u{a9}',
    '\u{ae}', '\u{2122}', '\u{b7}',
];
/// Curly quotes: safe only while quotes are not straightened.
const FTFY_SAFE_QUOTES: &[char] = &['\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}'];

/// How many times `normalize` may run over its own output.
pub const MAX_ROUNDS: usize = 4;

/// What normalization does (the fields of `Config` it reads, and ftfy's
/// `max_decode_length`).
#[derive(Clone, Debug)]
pub struct Options {
    pub fix_unicode: bool,
    pub straighten_quotes: bool,
    /// The canonical bullet; empty keeps each line's own glyph.
    pub bullet: String,
    /// Lines longer than this (in characters) go to the fixer unscreened, as
    /// ftfy cuts them itself.
    pub max_decode_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fix_unicode: true,
            straighten_quotes: false,
            bullet: "-".to_string(),
            max_decode_length: 1_000_000,
        }
    }
}

/// The native screen before ftfy: which lines ftfy might change. Built from
/// ftfy's own tables, which the caller passes in.
#[derive(Debug)]
pub struct FtfyScreen {
    triggers: HashSet<char>,
    quote_triggers: HashSet<char>,
    badness: Regex,
}

impl FtfyScreen {
    /// `triggers`: the characters some fix of ftfy's (other than its mojibake
    /// repair) changes; `quote_triggers`: the quotes it straightens;
    /// `badness`: ftfy's `BADNESS_RE` pattern (Python `re`, verbose).
    pub fn new(triggers: &str, quote_triggers: &str, badness: &str) -> Result<Self, regex::Error> {
        Ok(FtfyScreen {
            triggers: triggers.chars().collect(),
            quote_triggers: quote_triggers.chars().collect(),
            badness: Regex::new(&python_verbose_to_rust(badness))?,
        })
    }

    /// Whether ftfy's `fix_text` returns `line` (no line break in it)
    /// unchanged: no trigger character, not flagged as mojibake, NFC already.
    pub fn keeps(&self, line: &str, straighten_quotes: bool) -> bool {
        !line.chars().any(|c| {
            self.triggers.contains(&c) || (straighten_quotes && self.quote_triggers.contains(&c))
        }) && !self.badness.is_match(line)
            && is_nfc(line)
    }
}

/// A Python `re` pattern in verbose mode as a Rust `regex` pattern: comments
/// and white space outside classes dropped, white space inside them escaped,
/// `\w` and `\s` as Python's `re` reads them (`[\p{L}\p{N}_]`, Unicode white
/// space and U+001C..U+001F), `[`, `&` and `~` inside classes escaped (Rust
/// reads them as class operators).
pub fn python_verbose_to_rust(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') if in_class => out.push_str(r"\p{L}\p{N}_"),
                Some('w') => out.push_str(r"[\p{L}\p{N}_]"),
                Some('s') if in_class => out.push_str(r"\s\x1c-\x1f"),
                Some('s') => out.push_str(r"[\s\x1c-\x1f]"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push_str(r"\\"),
            },
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap());
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str(r"\]");
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            c if in_class && c.is_whitespace() => out.push_str(&format!(r"\x{{{:x}}}", c as u32)),
            c if c.is_whitespace() => {}
            '#' => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Python's `str.splitlines()`: lines without their breaks (`\n`, `\r`,
/// `\r\n`, VT, FF, U+001C..U+001E, U+0085, U+2028, U+2029); no last empty line.
pub fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(&text[start..i]);
        let mut end = i + c.len_utf8();
        if c == '\r' && matches!(iter.peek(), Some((_, '\n'))) {
            iter.next();
            end += 1;
        }
        start = end;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Whitespace and bullets of one line: no control or zero-width characters,
/// single spaces, no leading or trailing space, one canonical bullet.
pub fn normalize_line(line: &str, bullet: &str) -> String {
    let mut folded = String::with_capacity(line.len());
    let mut in_space = false;
    for c in line.chars() {
        if INVISIBLE.contains(&c) || is_control(c) {
            continue;
        }
        if is_space_to_fold(c) {
            if !in_space {
                folded.push(' ');
            }
            in_space = true;
        } else {
            folded.push(c);
            in_space = false;
        }
    }
    let line = py_strip(&folded);
    let mut chars = line.chars();
    let Some(first) = chars.next().filter(|c| BULLETS.contains(c)) else {
        return line.to_string();
    };
    let after = chars.as_str();
    let rest = after.trim_start_matches(char::is_whitespace);
    let body = if rest.len() < after.len() {
        // `\s+(?=\S)`: the white space after the glyph, then more text
        (!rest.is_empty()).then_some(rest)
    } else {
        // `(?=\p{Lu})`: a capital right after the glyph
        UPPER_RE.is_match(after).then_some(after)
    };
    match body {
        Some(body) => {
            let glyph = if bullet.is_empty() {
                first.to_string()
            } else {
                bullet.to_string()
            };
            format!("{glyph} {body}")
        }
        None => line.to_string(),
    }
}

/// Normalizes texts, asking `fixer` (ftfy's `fix_text` on one line without its
/// break) for the lines the screen flags.
pub struct Normalizer<'a> {
    pub options: &'a Options,
    pub screen: &'a FtfyScreen,
    pub fixer: &'a mut dyn FnMut(&str) -> String,
}

impl Normalizer<'_> {
    fn dirty(&self, c: char) -> bool {
        !(matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' '..='~')
            || FTFY_SAFE_PUNCT.contains(&c)
            || (!self.options.straighten_quotes && FTFY_SAFE_QUOTES.contains(&c)))
    }

    fn fix_line(&mut self, line: &str) -> String {
        if char_len(line) <= self.options.max_decode_length
            && self.screen.keeps(line, self.options.straighten_quotes)
        {
            return line.to_string();
        }
        (self.fixer)(line)
    }

    /// ftfy on each line that holds a character other than printable ASCII
    /// and the safe punctuation, each line without its break.
    fn fix_text(&mut self, text: &str) -> String {
        if !text.chars().any(|c| self.dirty(c)) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for segment in text.split_inclusive('\n') {
            let (line, brk) = match segment.strip_suffix('\n') {
                Some(line) => (line, "\n"),
                None => (segment, ""),
            };
            if line.chars().any(|c| self.dirty(c)) {
                out.push_str(&self.fix_line(line));
            } else {
                out.push_str(line);
            }
            out.push_str(brk);
        }
        out
    }

    /// Repairs mojibake and damaged Unicode with ftfy (twice where ftfy is not
    /// a fixed point), or only NFC when Unicode fixing is off.
    pub fn fix_unicode(&mut self, text: &str) -> String {
        if !self.options.fix_unicode {
            return text.nfc().collect();
        }
        let fixed = self.fix_text(text);
        let again = self.fix_text(&fixed);
        if again == fixed { fixed } else { again }
    }

    fn normalize_once(&mut self, text: &str) -> String {
        let text = self.fix_unicode(text);
        let mut out: Vec<String> = Vec::new();
        for raw in splitlines(&text) {
            let line = normalize_line(raw, &self.options.bullet);
            if !line.is_empty() || out.last().is_some_and(|l| !l.is_empty()) {
                out.push(line);
            }
        }
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out.join("\n")
    }

    /// The normalized text the passes see: repaired, one line per line, at
    /// most one blank line in a row, no leading or trailing blank lines; run
    /// again on its own output (at most [`MAX_ROUNDS`] times) until ftfy
    /// stands still on it.
    pub fn normalize(&mut self, text: &str) -> String {
        let mut out = self.normalize_once(text);
        for _ in 1..MAX_ROUNDS {
            if !self.options.fix_unicode || self.fix_unicode(&out) == out {
                break;
            }
            out = self.normalize_once(&out);
        }
        out
    }
}

/// One line of a normalized text (the data model's segment).
pub use crate::model::Segment;

/// The segments of a normalized text, with the blank lines before each.
pub fn segment(normalized: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut gap = 0;
    for (i, line) in normalized.split('\n').enumerate() {
        if line.is_empty() {
            gap += 1;
            continue;
        }
        segments.push(Segment {
            index: segments.len(),
            line_no: i + 1,
            text: line.to_string(),
            gap_before: gap,
        });
        gap = 0;
    }
    segments
}

/// Joins kept segments into the output body, ending with one newline. With
/// `keep_paragraphs` the blank lines of the input stay; otherwise every
/// segment is a paragraph, except list items on adjacent lines.
pub fn render<'a>(
    segments: impl IntoIterator<Item = &'a Segment>,
    keep_paragraphs: bool,
) -> String {
    let mut out = String::new();
    let mut previous: Option<&Segment> = None;
    for seg in segments {
        if let Some(prev) = previous {
            let tight = if keep_paragraphs {
                seg.gap_before == 0
            } else {
                seg.gap_before == 0 && is_bullet(&seg.text) && is_bullet(&prev.text)
            };
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&seg.text);
        previous = Some(seg);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A text that Python handed over with lone surrogates, as UTF-8 with each
/// surrogate encoded on its own (Python's `surrogatepass`), made valid with
/// one U+FFFD for each surrogate: the rule of normalization.
pub fn replace_surrogates(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(error) => {
                let (valid, bad) = rest.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{fffd}');
                // a surrogate is ED A0..BF 80..BF; another invalid sequence is
                // one U+FFFD as well
                let surrogate = bad.len() >= 3
                    && bad[0] == 0xed
                    && (0xa0..=0xbf).contains(&bad[1])
                    && (0x80..=0xbf).contains(&bad[2]);
                let skip = if surrogate {
                    3
                } else {
                    error.error_len().unwrap_or(bad.len())
                };
                rest = &bad[skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> FtfyScreen {
        // a test double of ftfy's tables: "ﬁ" is a ligature ftfy splits, the
        // curly single quotes are what straightening changes, and "â€" is mojibake
        FtfyScreen::new("ﬁ\u{1b}", "‘’", "â€ | [Ãâ] \\s # a comment\n").unwrap()
    }

    fn normalize_with(text: &str, options: &Options, calls: &mut Vec<String>) -> String {
        let screen = screen();
        let mut fixer = |line: &str| {
            calls.push(line.to_string());
            line.replace("â€™", "’").replace('ﬁ', "fi")
        };
        Normalizer {
            options,
            screen: &screen,
            fixer: &mut fixer,
        }
        .normalize(text)
    }

    #[test]
    fn white_space_and_blank_lines() {
        let mut calls = Vec::new();
        let out = normalize_with("a  b\r\n\r\n\r\n  c\t\n", &Options::default(), &mut calls);
        assert_eq!(out, "a b\n\nc");
        assert!(calls.is_empty());
    }

    #[test]
    fn only_flagged_lines_reach_the_fixer() {
        let mut calls = Vec::new();
        let text = "plain line\nThe Beijingâ€™s stance\ncafé ok\nﬁne";
        let out = normalize_with(text, &Options::default(), &mut calls);
        assert_eq!(out, "plain line\nThe Beijing’s stance\ncafé ok\nfine");
        assert_eq!(calls, ["The Beijingâ€™s stance", "ﬁne"]);
    }

    #[test]
    fn nfc_without_unicode_fixing() {
        let options = Options {
            fix_unicode: false,
            ..Options::default()
        };
        let mut calls = Vec::new();
        assert_eq!(normalize_with("cafe\u{301}", &options, &mut calls), "café");
        assert!(calls.is_empty());
    }

    #[test]
    fn not_nfc_goes_to_the_fixer() {
        let mut calls = Vec::new();
        // the double does not compose, so every round asks again
        normalize_with("cafe\u{301}", &Options::default(), &mut calls);
        assert_eq!(calls.first().map(String::as_str), Some("cafe\u{301}"));
    }

    #[test]
    fn lines_and_bullets() {
        assert_eq!(
            normalize_line("  \u{2022}  Closed-door\u{a0}talks\u{200b} ", "-"),
            "- Closed-door talks"
        );
        assert_eq!(normalize_line("\u{25cf}Item", ""), "\u{25cf} Item");
        assert_eq!(normalize_line("\u{25cf}item", ""), "\u{25cf}item");
        assert_eq!(normalize_line("* ", "-"), "*");
        assert_eq!(normalize_line("a\x01b\u{1f}", "-"), "ab");
    }

    #[test]
    fn python_line_breaks() {
        assert_eq!(
            splitlines("a\r\nb\rc\u{2028}d\x1ce\n"),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(splitlines("a\n\n"), ["a", ""]);
        assert!(splitlines("").is_empty());
    }

    #[test]
    fn segments_and_render() {
        let segs = segment("a\nb\n\nc");
        let got: Vec<_> = segs
            .iter()
            .map(|s| (s.text.as_str(), s.gap_before, s.line_no))
            .collect();
        assert_eq!(got, [("a", 0, 1), ("b", 0, 2), ("c", 1, 4)]);
        assert_eq!(render(&segs, false), "a\n\nb\n\nc\n");
        assert_eq!(render(&segs, true), "a\nb\n\nc\n");
        assert_eq!(
            render(&segment("Items:\n- one\n- two"), false),
            "Items:\n\n- one\n- two\n"
        );
        assert_eq!(render(&[], false), "");
    }

    #[test]
    fn verbose_patterns() {
        assert_eq!(
            python_verbose_to_rust("a b # c\n | [ x&] \\w"),
            r"ab|[\x{20}x\&][\p{L}\p{N}_]"
        );
        assert_eq!(python_verbose_to_rust("[[]\\s"), r"[\[][\s\x1c-\x1f]");
    }

    #[test]
    fn surrogates_become_one_replacement_each() {
        // "a" + U+D800 + "b" as Python's surrogatepass writes it
        assert_eq!(replace_surrogates(b"a\xed\xa0\x80b"), "a\u{fffd}b");
        assert_eq!(replace_surrogates("é".as_bytes()), "é");
    }
}
