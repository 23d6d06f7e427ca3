//! Layer 1: small, fast features of one line of text, shared by the passes
//! (the port of `cleaner/textstats.py`; `benchmarks/native_diff.py` checks the
//! two give the same answers).

use std::sync::LazyLock;

use regex::Regex;

use super::{casefold, char_len};

/// The longest line (in characters) that the rules for *short* lines look at.
pub const MAX_SHORT_LINE: usize = 2000;

static WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-.]*").unwrap());
/// Python's `[.!?…。！？]['"”’»)\]]*$|[.!?]\s*['"”’»]$`, where `$` also
/// matches before a final line break.
static TERMINAL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:[.!?…。！？]['"”’»)\]]*|[.!?]\s*['"”’»])\n?\z"#).unwrap());
/// The characters a match of `TERMINAL_RE` can end with.
const TERMINAL_LAST: &str = ".!?…。！？'\"”’»)]";
/// The closing quotes and brackets that may follow a line's ellipsis.
const CLOSERS: &[char] = &['\'', '"', '”', '’', '»', ')'];
static BULLET_START_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–—•●▪◦‣∙·■□◆◇►▸▶➤➢✓✔*⁃]\s|\d{1,2}[.)]\s)").unwrap());
/// CJK and other scripts written without spaces: count characters, not words.
static NOSPACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]").unwrap()
});
/// The marks that end a sentence (`sentence_count`).
const SENTENCE_MARKS: &[char] = &['.', '!', '?', '。', '！', '？'];

/// The words of a line.
///
/// ```
/// use _engine::text::textstats::words;
/// assert_eq!(words("US-China relations, 2024."), ["US-China", "relations", "2024."]);
/// ```
pub fn words(text: &str) -> Vec<&str> {
    WORD_RE.find_iter(text).map(|m| m.as_str()).collect()
}

/// Characters of scripts written without spaces (none in ASCII).
pub fn nospace_count(text: &str) -> usize {
    if text.is_ascii() {
        0
    } else {
        NOSPACE_RE.find_iter(text).count()
    }
}

/// Words in `text`; in scripts without spaces, about two characters a word.
pub fn word_count(text: &str) -> usize {
    let n = WORD_RE.find_iter(text).count();
    let cjk = nospace_count(text);
    if cjk > 4 { n.max(cjk / 2) } else { n }
}

/// Whether the line ends like a sentence (., !, ?, … with closing quotes).
pub fn ends_sentence(text: &str) -> bool {
    let mut rev = text.chars().rev();
    let mut last = rev.next();
    if last == Some('\n') {
        last = rev.next();
    }
    match last {
        Some(c) if TERMINAL_LAST.contains(c) => TERMINAL_RE.is_match(text),
        _ => false,
    }
}

/// Whether the line trails off with ... (teaser summaries do).
pub fn ends_ellipsis(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.trim_end_matches(CLOSERS);
    text.ends_with("...") || text.ends_with('…')
}

/// Whether the line starts with a list bullet or number.
pub fn is_bullet(text: &str) -> bool {
    BULLET_START_RE.is_match(text)
}

/// Sentences in `text`, counted by their final punctuation: runs of marks
/// followed by white space or the end (Python's
/// `(?<![.!?。！？])[.!?。！？]++(?:\s|$)` over `text + " "`).
pub fn sentence_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_run = false;
    for c in text.chars() {
        if SENTENCE_MARKS.contains(&c) {
            in_run = true;
            continue;
        }
        if in_run && c.is_whitespace() {
            count += 1;
        }
        in_run = false;
    }
    // the appended space ends a final run
    count + usize::from(in_run)
}

/// A line that reads as a paragraph of running text.
pub fn is_prose(text: &str, min_words: usize) -> bool {
    word_count(text) >= min_words && ends_sentence(text) && !ends_ellipsis(text)
}

/// Share of words (of 4+ letters) that start with a capital letter.
pub fn capitalized_ratio(text: &str) -> f64 {
    let mut firsts = 0usize;
    let mut upper = 0usize;
    for w in WORD_RE.find_iter(text) {
        let w = w.as_str();
        let first = w.chars().next().unwrap_or(' ');
        // a word starts with a letter or a number: `isalpha` is "not a number"
        if char_len(w) >= 4 && !first.is_numeric() {
            firsts += 1;
            upper += usize::from(first.is_uppercase());
        }
    }
    if firsts == 0 {
        0.0
    } else {
        upper as f64 / firsts as f64
    }
}

/// Text folded for comparing repeats: casefolded letters and digits only.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, w) in WORD_RE.find_iter(text).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(casefold(w.as_str()).trim_matches(['.', '-', '\'', '’']));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_counts() {
        assert_eq!(
            words("US-China relations, 2024."),
            ["US-China", "relations", "2024."]
        );
        assert_eq!(word_count("Top China envoy meets Blinken"), 5);
        assert_eq!(word_count("中国外交官与布林肯会面讨论台湾问题"), 8);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He said “yes.”"));
        assert!(ends_sentence("Done.\n"));
        assert!(ends_sentence("Really? '"));
        assert!(!ends_sentence("Really? 'yes'"));
        assert!(!ends_sentence("Related Articles"));
        assert!(!ends_sentence("Done.\n\n"));
        assert!(!ends_sentence(""));
    }

    #[test]
    fn ellipsis() {
        assert!(ends_ellipsis("but for some..."));
        assert!(ends_ellipsis("but for some…”)\n"));
        assert!(!ends_ellipsis("but for some.."));
    }

    #[test]
    fn bullets() {
        assert!(is_bullet("- Talks coincide with a delicate moment"));
        assert!(is_bullet("12) twelve"));
        assert!(!is_bullet("123. no"));
        assert!(!is_bullet("-no space"));
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence_count("One. Two!! Three... four"), 3);
        assert_eq!(sentence_count("a.b. c"), 1);
        assert_eq!(sentence_count("...."), 1);
        assert_eq!(sentence_count(""), 0);
    }

    #[test]
    fn prose_and_capitals() {
        assert!(is_prose(
            "Blinken sat down with Liu Jianchao, the Chinese Communist Party's international minister.",
            12
        ));
        assert!(!is_prose(
            "Blinken Meets Chinese And Japanese Diplomats, Seeks Stability",
            12
        ));
        assert_eq!(
            capitalized_ratio("Blinken Meets Chinese And Japanese Diplomats"),
            1.0
        );
        assert_eq!(capitalized_ratio("2024 a an"), 0.0);
        assert_eq!(capitalized_ratio("Word word"), 0.5);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Read: the “Top” story!"), "read the top story");
        assert_eq!(fold("STRASSE Straße"), "strasse strasse");
        assert_eq!(fold("-.'"), "");
    }
}
