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

/// One pattern: a regex, or a conjunction (a leading lookahead and the rest),
/// anchored at the start of the key.
#[derive(Clone, Debug)]
enum Pattern {
    One(Regex),
    Both(Regex, Regex),
}

impl Pattern {
    fn is_match(&self, text: &str) -> bool {
        match self {
            Pattern::One(r) => r.is_match(text),
            Pattern::Both(a, b) => a.is_match(text) && b.is_match(text),
        }
    }
}

/// Patterns matched at the start of the key, each compiled alone (the
/// alternation of all of them is too big for the regex crate's lazy DFA and
/// runs in its slowest engine). A pattern whose every match contains one of
/// a few literal strings ([`required_literals`]) is tried only on a key that
/// contains one of them: one Aho-Corasick automaton finds them all at once.
/// That is a necessary condition only, so the answer is the regexes' own.
#[derive(Debug)]
struct Patterns {
    patterns: Vec<Pattern>,
    /// Each pattern's required literals (`None`: none).
    required: Vec<Option<Vec<Vec<u8>>>>,
    /// The patterns without required literals: always tried.
    always: Vec<usize>,
    /// Every required literal of every pattern.
    literals: Option<AhoCorasick>,
    /// The patterns each literal of `literals` is required by.
    literal_patterns: Vec<Vec<usize>>,
}

impl Patterns {
    fn new(python: &[String]) -> Result<Self, String> {
        let mut compiled = Vec::new();
        for pattern in python {
            compiled.push(match split_leading_lookahead(pattern) {
                Some((ahead, rest)) => (
                    Pattern::Both(
                        anchored(std::slice::from_ref(&ahead))?,
                        anchored(std::slice::from_ref(&rest))?,
                    ),
                    // both parts must match: either part's literals are needed
                    best(required_literals(&ahead), required_literals(&rest)),
                ),
                None => (
                    Pattern::One(anchored(std::slice::from_ref(pattern))?),
                    required_literals(pattern),
                ),
            });
        }
        Self::of(compiled)
    }

    /// Every pattern of `parts` (compiled regexes are shared, not built again).
    fn merged(parts: &[&Patterns]) -> Result<Self, String> {
        let compiled = parts
            .iter()
            .flat_map(|p| p.patterns.iter().cloned().zip(p.required.iter().cloned()))
            .collect();
        Self::of(compiled)
    }

    fn of(compiled: Vec<(Pattern, Option<Vec<Vec<u8>>>)>) -> Result<Self, String> {
        let mut patterns = Vec::new();
        let mut required_sets = Vec::new();
        let mut always = Vec::new();
        let mut literal_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literal_list: Vec<Vec<u8>> = Vec::new();
        let mut literal_patterns: Vec<Vec<usize>> = Vec::new();
        for (index, (pattern, required)) in compiled.into_iter().enumerate() {
            patterns.push(pattern);
            required_sets.push(required.clone());
            let Some(required) = required else {
                always.push(index);
                continue;
            };
            for literal in required {
                let id = *literal_ids.entry(literal.clone()).or_insert_with(|| {
                    literal_list.push(literal);
                    literal_patterns.push(Vec::new());
                    literal_list.len() - 1
                });
                if !literal_patterns[id].contains(&index) {
                    literal_patterns[id].push(index);
                }
            }
        }
        let literals = if literal_list.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literal_list)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(Patterns {
            patterns,
            required: required_sets,
            always,
            literals,
            literal_patterns,
        })
    }

    fn matches(&self, text: &str) -> bool {
        if self.always.iter().any(|&i| self.patterns[i].is_match(text)) {
            return true;
        }
        let Some(literals) = &self.literals else {
            return false;
        };
        // each pattern tried once, on the first of its literals found
        let mut tried = vec![false; self.patterns.len()];
        for found in literals.find_overlapping_iter(text) {
            for &i in &self.literal_patterns[found.pattern().as_usize()] {
                if !tried[i] {
                    tried[i] = true;
                    if self.patterns[i].is_match(text) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// Literal strings one of which every match of `pattern` contains (as the
/// regex crate reads it), or `None` when the pattern has no such set (or it
/// could not be read: it is then always tried).
fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let set = required(&hir)?;
    (!set.is_empty() && set.iter().all(|l| !l.is_empty())).then_some(set)
}

/// The most selective of two literal sets (the longer shortest literal, then
/// the fewer literals).
fn best(a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let score = |s: &Vec<Vec<u8>>| {
        (
            s.iter().map(Vec::len).min().unwrap_or(0),
            std::cmp::Reverse(s.len()),
        )
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The literal set of [`required_literals`] for one node of a pattern's
/// syntax tree: a literal is itself; a small class its characters; a group
/// or a repetition of at least one its content; a concatenation the best of
/// its parts; an alternation the union of its branches (when each has one).
fn required(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::{Class, HirKind};
    /// The most characters a class is read as.
    const SMALL_CLASS: u32 = 8;
    match hir.kind() {
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut set = Vec::new();
            for range in class.ranges() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                if end - start >= SMALL_CLASS || set.len() as u32 + end - start >= SMALL_CLASS {
                    return None;
                }
                for c in range.start()..=range.end() {
                    set.push(c.to_string().into_bytes());
                }
            }
            Some(set)
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Concat(parts) => parts.iter().map(required).fold(None, best),
        HirKind::Alternation(branches) => {
            let mut set: Vec<Vec<u8>> = Vec::new();
            for branch in branches {
                for literal in required(branch)? {
                    if !set.contains(&literal) {
                        set.push(literal);
                    }
                }
            }
            Some(set)
        }
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
        let all_patterns =
            Patterns::merged(&tables.iter().map(|t| &t.patterns).collect::<Vec<_>>())?;
        Ok(Phrases {
            tables,
            lines,
            prefixes,
            prefix_tables,
            longest_prefix,
            all_patterns,
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

    /// A small deterministic generator (xorshift64*), so that a failure
    /// reads the same on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    /// Keys made of the patterns' own words and literals, other words,
    /// punctuation, digits and multibyte characters, of lengths around the
    /// patterns' bounds.
    fn generated(count: usize, seed: u64) -> Vec<String> {
        let doc: toml::Table = PHRASES_TOML.parse().unwrap();
        let mut pool: Vec<String> = Vec::new();
        for table in doc.values().filter_map(toml::Value::as_table) {
            for pattern in strings(table.get("patterns")) {
                if let Some(set) = required_literals(&pattern) {
                    pool.extend(set.into_iter().map(|l| String::from_utf8(l).unwrap()));
                }
                // the pattern's words, as written
                pool.extend(
                    pattern
                        .split(|c: char| !c.is_alphanumeric() && c != ' ' && c != '\'')
                        .filter(|w| !w.is_empty())
                        .map(String::from),
                );
            }
        }
        let others = [
            " ",
            " ",
            " ",
            "the",
            "a",
            "data",
            "cookie",
            "x",
            "_",
            "-",
            ":",
            ".",
            ",",
            "|",
            "/",
            "(",
            ")",
            "'",
            "!",
            "?",
            "@",
            "2024",
            "7",
            "é",
            "ß",
            "ⓒ",
            "©",
            "€",
            "日本",
            "naïve",
            "http://a.b/c",
            "e@x.org",
            "\u{301}",
            "ǅ",
            "\t",
        ];
        pool.extend(others.iter().map(|s| s.to_string()));
        let filler = ["word ", "é", "日", "-", " ", "ab"];
        let mut rng = Rng(seed);
        (0..count)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..rng.below(12) + 1 {
                    match rng.below(6) {
                        0 => {
                            // a run that brings the text near a pattern's bound
                            let bounds = [40, 60, 80, 100, 120, 200, 300, 400, 500, 600];
                            let want = bounds[rng.below(bounds.len())] + rng.below(5);
                            let piece = filler[rng.below(filler.len())];
                            while s.chars().count() + piece.chars().count() <= want {
                                s.push_str(piece);
                            }
                        }
                        1 => s.push(' '),
                        _ => s.push_str(&pool[rng.below(pool.len())]),
                    }
                }
                s
            })
            .collect()
    }

    #[test]
    fn the_literal_screen_answers_as_the_whole_alternation() {
        let doc: toml::Table = PHRASES_TOML.parse().unwrap();
        let mut every = Vec::new();
        let mut tables = Vec::new();
        for table in doc.values().filter_map(toml::Value::as_table) {
            let patterns = strings(table.get("patterns"));
            if !patterns.is_empty() {
                tables.push(patterns.clone());
            }
            every.extend(patterns);
        }
        // the reference: every pattern in one anchored alternation, the
        // lookahead kept as the regex crate cannot read it: split once more
        let reference = |patterns: &[String]| {
            let (plain, both): (Vec<String>, Vec<String>) = patterns
                .iter()
                .cloned()
                .partition(|p| split_leading_lookahead(p).is_none());
            let plain = (!plain.is_empty()).then(|| anchored(&plain).unwrap());
            let both: Vec<(Regex, Regex)> = both
                .iter()
                .map(|p| {
                    let (a, b) = split_leading_lookahead(p).unwrap();
                    (anchored(&[a]).unwrap(), anchored(&[b]).unwrap())
                })
                .collect();
            move |text: &str| {
                plain.as_ref().is_some_and(|r| r.is_match(text))
                    || both
                        .iter()
                        .any(|(a, b)| a.is_match(text) && b.is_match(text))
            }
        };
        let fast = Patterns::new(&every).unwrap();
        let slow = reference(&every);
        let texts = generated(6000, 0x9e37_79b9_7f4a_7c15);
        let mut hits = 0;
        for text in &texts {
            let want = slow(text);
            assert_eq!(fast.matches(text), want, "{text:?}");
            hits += usize::from(want);
        }
        // the generated keys reach the patterns: the comparison is not vacuous
        assert!(hits > 300, "only {hits} of {} keys match", texts.len());
        for (n, patterns) in tables.iter().enumerate() {
            let fast = Patterns::new(patterns).unwrap();
            let slow = reference(patterns);
            for text in generated(400, n as u64 + 1).iter().chain(&texts[..400]) {
                assert_eq!(fast.matches(text), slow(text), "{patterns:?} on {text:?}");
            }
        }
    }

    #[test]
    fn required_literals_are_read_from_the_syntax() {
        let lits = |p: &str| {
            required_literals(p).map(|s| {
                s.into_iter()
                    .map(|l| String::from_utf8(l).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            lits(r"^.{0,5}\b(?:cat|dog)\b.{0,3}$"),
            Some(vec!["cat".into(), "dog".into()])
        );
        assert_eq!(lits(r"^(?:ab|c)?x$"), Some(vec!["x".into()]));
        assert_eq!(lits(r"^(?:ab|\w)x?$"), None);
        assert_eq!(lits(r"^[ab]+c*$"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(lits(r"^\w+$"), None);
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
