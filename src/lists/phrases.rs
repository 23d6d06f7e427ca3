//! Layer 2: the phrase lists of `cleaner/data/phrases.toml` as line matchers
//! (the port of `cleaner/phrases.py` and its screen).
//!
//! The data file is the one the Python code reads, compiled in. The literal
//! phrases of every table are matched at once: whole lines by one hash map
//! (phrase -> the tables that list it), prefixes by one Aho-Corasick
//! automaton anchored at the line's start (prefix -> its tables), followed by
//! each table's separator rule. Patterns are Rust `regex` patterns: the one
//! pattern that starts with a lookahead, `^(?=A)B`, is matched as the two
//! anchored patterns `A` and `B`, both of which must match.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::text::textstats::MAX_SHORT_LINE;
use crate::text::{casefold, char_len, is_py_space};

/// The data file, as the Python package ships it.
pub const PHRASES_TOML: &str = include_str!("../../cleaner/data/phrases.toml");
/// The longest line (in characters) a phrase list can match.
pub const MAX_LINE_CHARS: usize = MAX_SHORT_LINE;

static LEAD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[\p{P}\p{S}\s]+").unwrap());
static TRAIL_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{P}\p{S}\s]+\z").unwrap());
static SPACES_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").unwrap());
/// A prefix's separator and more text (`\s*[|:–—»>›•·/\-]+\s*(?=\S)`, the
/// lookahead read as one more character).
static SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\A\s*[|:–—»>›•·/\-]+\s*\S").unwrap());
static WORD_CHAR_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\w").unwrap());

/// The form phrases are compared in: casefolded, edges stripped (punctuation,
/// symbols, spaces), white space folded to one space.
pub fn key(text: &str) -> String {
    let text = casefold(&text.replace(['’', '‘'], "'")).into_owned();
    let start = LEAD_RE.find(&text).map_or(0, |m| m.end());
    let rest = &text[start..];
    // the trailing run, searched from the end (a search from the start is
    // quadratic on a long run of punctuation inside a line)
    let end = trailing_run_start(rest);
    SPACES_RE.replace_all(&rest[..end], " ").into_owned()
}

fn trailing_run_start(text: &str) -> usize {
    let mut end = text.len();
    for (i, c) in text.char_indices().rev() {
        if TRAIL_RE.is_match(&text[i..i + c.len_utf8()]) {
            end = i;
        } else {
            break;
        }
    }
    end
}

/// The form of a line that prefixes are matched in.
pub fn low(text: &str) -> String {
    casefold(&text.replace('’', "'"))
        .trim_start_matches(is_py_space)
        .to_string()
}

/// The kind of hit of a table on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Line,
    Prefix,
    Pattern,
}

impl Hit {
    pub const fn name(self) -> &'static str {
        match self {
            Hit::Line => "line",
            Hit::Prefix => "prefix",
            Hit::Pattern => "pattern",
        }
    }
}

fn anchored(patterns: &[String]) -> Result<Regex, String> {
    let alternation: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    regex::RegexBuilder::new(&format!(r"\A(?:{})", alternation.join("|")))
        .size_limit(1 << 27)
        .dfa_size_limit(1 << 25)
        .build()
        .map_err(|e| format!("phrases.toml patterns: {e}"))
}

/// Patterns matched at the start of the key: the plain ones as one regex, and
/// each conjunction (a pattern with a leading lookahead) as its two parts.
#[derive(Debug)]
struct Patterns {
    plain: Option<Regex>,
    both: Vec<(Regex, Regex)>,
}

impl Patterns {
    fn new(python: &[String]) -> Result<Self, String> {
        let mut plain = Vec::new();
        let mut both = Vec::new();
        for pattern in python {
            match split_leading_lookahead(pattern) {
                Some((ahead, rest)) => both.push((anchored(&[ahead])?, anchored(&[rest])?)),
                None => plain.push(pattern.clone()),
            }
        }
        let plain = if plain.is_empty() {
            None
        } else {
            Some(anchored(&plain)?)
        };
        Ok(Patterns { plain, both })
    }

    fn matches(&self, text: &str) -> bool {
        self.plain.as_ref().is_some_and(|r| r.is_match(text))
            || self
                .both
                .iter()
                .any(|(a, b)| a.is_match(text) && b.is_match(text))
    }
}

/// `^(?=A)B` as `(^A, ^B)`; `None` for a pattern without a leading lookahead.
fn split_leading_lookahead(pattern: &str) -> Option<(String, String)> {
    let body = pattern.strip_prefix("^(?=")?;
    let mut depth = 1usize;
    let mut escaped = false;
    let mut in_class = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some((format!("^{}", &body[..i]), format!("^{}", &body[i + 1..])));
                }
            }
            _ => {}
        }
    }
    None
}

/// One table of `phrases.toml`.
#[derive(Debug)]
pub struct Table {
    pub name: String,
    /// A line of at least this many spaces is matched by whole line only (0:
    /// no limit).
    pub max_words: usize,
    /// Prefixes must be followed by a separator and more text (else a word
    /// boundary).
    pub prefix_separator: bool,
    patterns: Patterns,
}

/// Every table, with the literal phrases of all of them in one map and one
/// automaton.
#[derive(Debug)]
pub struct Phrases {
    pub tables: Vec<Table>,
    /// `key(phrase)` -> the tables listing it as a whole line.
    lines: HashMap<String, Vec<usize>>,
    /// Every table's casefolded prefixes, anchored at the line's start.
    prefixes: AhoCorasick,
    /// The tables of each prefix of `prefixes` (by pattern id).
    prefix_tables: Vec<Vec<usize>>,
    /// The longest prefix, in bytes.
    longest_prefix: usize,
    /// Every table's patterns at once, for the screen.
    all_patterns: Patterns,
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    let flat = |v: &toml::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    match value {
        Some(toml::Value::Table(langs)) => langs.values().flat_map(flat).collect(),
        Some(v) => flat(v),
        None => Vec::new(),
    }
}

impl Phrases {
    /// The tables of a `phrases.toml` text.
    pub fn parse(data: &str) -> Result<Self, String> {
        let doc: toml::Table = data.parse().map_err(|e| format!("phrases.toml: {e}"))?;
        let mut tables = Vec::new();
        let mut lines: HashMap<String, Vec<usize>> = HashMap::new();
        let mut prefix_ids: HashMap<String, usize> = HashMap::new();
        let mut prefix_list: Vec<String> = Vec::new();
        let mut prefix_tables: Vec<Vec<usize>> = Vec::new();
        let mut every_pattern: Vec<String> = Vec::new();
        for (name, value) in &doc {
            let Some(table) = value.as_table() else {
                continue;
            };
            let index = tables.len();
            for phrase in strings(table.get("lines")) {
                let entry = lines.entry(key(&phrase)).or_default();
                if !entry.contains(&index) {
                    entry.push(index);
                }
            }
            for prefix in strings(table.get("prefixes")) {
                let folded = casefold(&prefix).into_owned();
                let id = *prefix_ids.entry(folded.clone()).or_insert_with(|| {
                    prefix_list.push(folded);
                    prefix_tables.push(Vec::new());
                    prefix_list.len() - 1
                });
                if !prefix_tables[id].contains(&index) {
                    prefix_tables[id].push(index);
                }
            }
            let python = strings(table.get("patterns"));
            let patterns = Patterns::new(&python)?;
            every_pattern.extend(python);
            let max_words = table
                .get("max_words")
                .and_then(|v| v.as_integer())
                .unwrap_or(0);
            tables.push(Table {
                name: name.clone(),
                max_words: usize::try_from(max_words).unwrap_or(0),
                prefix_separator: table
                    .get("prefix_separator")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(true),
                patterns,
            });
        }
        let prefixes = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&prefix_list)
            .map_err(|e| e.to_string())?;
        let longest_prefix = prefix_list.iter().map(String::len).max().unwrap_or(0);
        Ok(Phrases {
            tables,
            lines,
            prefixes,
            prefix_tables,
            longest_prefix,
            all_patterns: Patterns::new(&every_pattern)?,
        })
    }

    /// The shipped tables (built once).
    pub fn shipped() -> &'static Phrases {
        static SHIPPED: LazyLock<Phrases> =
            LazyLock::new(|| Phrases::parse(PHRASES_TOML).expect("the shipped phrases.toml"));
        &SHIPPED
    }

    /// The index of table `name`.
    pub fn table(&self, name: &str) -> Option<usize> {
        self.tables.iter().position(|t| t.name == name)
    }

    /// Whether a prefix of `table` (or of any table, for `None`) starts `low`
    /// with its separator rule.
    fn prefix_hit(&self, low: &str, table: Option<usize>) -> bool {
        // every prefix that starts the line: an overlapping search of the
        // line's head (no prefix is longer), keeping the matches at 0
        let mut head = low.len().min(self.longest_prefix);
        while !low.is_char_boundary(head) {
            head += 1;
        }
        let found = self.prefixes.find_overlapping_iter(&low[..head]);
        found.filter(|m| m.start() == 0).any(|m| {
            let tables = &self.prefix_tables[m.pattern().as_usize()];
            tables.iter().any(|&t| {
                table.is_none_or(|want| want == t)
                    && separated(low, m.end(), self.tables[t].prefix_separator)
            })
        })
    }

    /// `Matcher.match`: the kind of hit of table `table` on `text`.
    pub fn match_table(&self, table: usize, text: &str) -> Option<Hit> {
        if char_len(text) > MAX_LINE_CHARS {
            return None;
        }
        let k = key(text);
        if k.is_empty() {
            return None;
        }
        if self.lines.get(&k).is_some_and(|ts| ts.contains(&table)) {
            return Some(Hit::Line);
        }
        let t = &self.tables[table];
        if t.max_words > 0 && text.matches(' ').count() >= t.max_words {
            return None;
        }
        if self.prefix_hit(&low(text), Some(table)) {
            return Some(Hit::Prefix);
        }
        t.patterns.matches(&k).then_some(Hit::Pattern)
    }

    /// Whether any table might match `text` (every table's checks but the
    /// word limits, at once).
    pub fn could_match(&self, text: &str) -> bool {
        let k = key(text);
        if k.is_empty() {
            return false;
        }
        self.lines.contains_key(&k)
            || self.prefix_hit(&low(text), None)
            || self.all_patterns.matches(&k)
    }

    /// The screen of every phrase-list pass: short enough, and some table
    /// could match.
    pub fn screen(&self, text: &str) -> bool {
        char_len(text) <= MAX_LINE_CHARS && self.could_match(text)
    }

    /// Every whole-line phrase of every table, in `key` form.
    pub fn all_lines(&self) -> impl Iterator<Item = &str> {
        self.lines.keys().map(String::as_str)
    }
}

/// After a prefix ending at byte `end` of `low`: a separator and more text,
/// or (`separator` false) a word boundary.
fn separated(low: &str, end: usize, separator: bool) -> bool {
    let rest = &low[end..];
    if separator {
        return SEPARATOR_RE.is_match(rest);
    }
    let word =
        |c: Option<char>| c.is_some_and(|c| WORD_CHAR_RE.is_match(c.encode_utf8(&mut [0; 4])));
    word(low[..end].chars().next_back()) != word(rest.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(table: &str, text: &str) -> Option<Hit> {
        let p = Phrases::shipped();
        p.match_table(p.table(table).unwrap(), text)
    }

    #[test]
    fn keys() {
        assert_eq!(key("  Back to Top ↑ "), "back to top");
        assert_eq!(key("Don’t Miss:"), "don't miss");
        assert_eq!(key("STRASSE\t\n  Straße"), "strasse strasse");
        assert_eq!(key("!!!"), "");
    }

    #[test]
    fn the_three_kinds_of_hit() {
        assert_eq!(hit("back_to_top", "Back to top ↑"), Some(Hit::Line));
        assert_eq!(
            hit("read_also", "Read Also | Something else"),
            Some(Hit::Prefix)
        );
        assert_eq!(hit("read_also", "Read Also"), None);
        assert_eq!(hit("read_also", "Read alsothing | x"), None);
        assert_eq!(
            hit(
                "share_follow",
                "Click to share on Twitter (Opens in new window)"
            ),
            Some(Hit::Prefix)
        );
        assert_eq!(hit("share_follow", "Share onion"), None);
        assert_eq!(
            hit("copyright", "Copyright 2024 Example Media"),
            Some(Hit::Pattern)
        );
        // the key strips the leading sign, as in Python
        assert_eq!(hit("copyright", "© 2024 Example Media"), None);
        assert_eq!(hit("copyright", "It rained in Paris all day."), None);
    }

    #[test]
    fn a_leading_lookahead_is_a_conjunction() {
        let text = "12 issues for £11.99. Click here to subscribe";
        assert_eq!(hit("residual_pitch", text), Some(Hit::Pattern));
        assert_eq!(hit("residual_pitch", "12 issues for £11.99."), None);
        assert_eq!(
            split_leading_lookahead(r"^(?=.{0,5}\b(?:a|b)\b).{0,3}x$"),
            Some((r"^.{0,5}\b(?:a|b)\b".to_string(), r"^.{0,3}x$".to_string()))
        );
    }

    #[test]
    fn word_limits_and_long_lines() {
        let long = format!("Read also | {}", "word ".repeat(40));
        assert_eq!(hit("read_also", &long), None);
        assert!(!Phrases::shipped().screen(&"Back to top ".repeat(500)));
    }

    #[test]
    fn the_screen() {
        let p = Phrases::shipped();
        assert!(p.screen("Back to top"));
        assert!(!p.screen("It rained in Paris all day."));
        assert!(p.all_lines().any(|l| l == "back to top"));
    }
}
