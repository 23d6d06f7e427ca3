//! A fitted lexicon of furniture words (`cleaner/lexicon.py`): a logistic
//! model over the lower-cased words and word pairs of a line, shipped as
//! `cleaner/data/lexicon.json` (fitted by `benchmarks/fit.py`).
//!
//! The score is one column of the body model; the words that weigh most are
//! named in a removed line's reason.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::{ModelError, first_chars, is_py_digit_word};

/// Words of a line looked at (a long paragraph is decided by its other features).
pub const MAX_WORDS: usize = 200;

static WORD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("a valid pattern"));

/// The lower-cased text a lexicon reads of a line: its first 2400 characters.
fn lowered(text: &str) -> String {
    first_chars(text, MAX_WORDS * 12).to_lowercase()
}

/// The words a lexicon reads of `low` (from [`lowered`]): Python's
/// `regex.findall(r"\w+", text[:2400].lower())[:200]`.
fn line_words(low: &str) -> Vec<&str> {
    WORD_RE
        .find_iter(low)
        .take(MAX_WORDS)
        .map(|m| m.as_str())
        .collect()
}

/// The words and word pairs of `text`, lower-cased: the words in order, then
/// the pairs in order.
pub fn terms(text: &str) -> Vec<String> {
    let low = lowered(text);
    let ws = line_words(&low);
    let mut out: Vec<String> = ws.iter().map(|w| w.to_string()).collect();
    out.extend(ws.windows(2).map(|p| format!("{} {}", p[0], p[1])));
    out
}

/// What a lexicon reads of one line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// The line's log-odds of being content.
    pub logit: f64,
    /// How many of its words (numbers aside) the lexicon knows.
    pub known: usize,
    /// How many words (numbers aside) it has.
    pub words: usize,
}

impl Reading {
    /// `P(content)` of the line's words ([`Lexicon::score`]).
    pub fn score(&self) -> f64 {
        1.0 / (1.0 + (-self.logit).exp())
    }
}

/// [`Lexicon::coverage`] of lines already read.
pub fn coverage_of<'a>(readings: impl IntoIterator<Item = &'a Reading>) -> f64 {
    let (mut known, mut total) = (0usize, 0usize);
    for r in readings {
        known += r.known;
        total += r.words;
    }
    if total == 0 {
        1.0
    } else {
        known as f64 / total as f64
    }
}

/// Weights of words and word pairs; [`Lexicon::score`] is `P(content)` of a
/// line's words.
#[derive(Clone, Debug, PartialEq)]
pub struct Lexicon {
    pub weights: FxHashMap<String, f64>,
    pub bias: f64,
    /// What the fit recorded (`meta`), as JSON.
    pub meta: serde_json::Value,
}

#[derive(Deserialize)]
struct LexiconFile {
    weights: FxHashMap<String, f64>,
    bias: f64,
    #[serde(default)]
    meta: serde_json::Value,
}

impl Lexicon {
    /// A lexicon from the text of a `lexicon.json`.
    pub fn from_json(text: &str) -> Result<Lexicon, ModelError> {
        let file: LexiconFile = serde_json::from_str(text)?;
        Ok(Lexicon {
            weights: file.weights,
            bias: file.bias,
            meta: file.meta,
        })
    }

    fn weight(&self, term: &str) -> f64 {
        self.weights.get(term).copied().unwrap_or(0.0)
    }

    /// The line's log-odds of being content, and how many of its words
    /// (numbers aside) the lexicon knows of how many.
    pub fn read(&self, text: &str) -> Reading {
        let low = lowered(text);
        let ws = line_words(&low);
        let mut logit = self.bias;
        if !ws.is_empty() {
            // summed in order, words then pairs, as Python's sum() on 3.11 adds
            let mut total = 0.0;
            for w in &ws {
                total += self.weight(w);
            }
            let mut pair = String::new();
            for p in ws.windows(2) {
                pair.clear();
                pair.push_str(p[0]);
                pair.push(' ');
                pair.push_str(p[1]);
                total += self.weight(&pair);
            }
            let n = ws.len() + ws.len() - 1;
            logit += total / (n as f64).sqrt();
        }
        let mut known = 0;
        let mut words = 0;
        for w in ws.iter().filter(|w| !is_py_digit_word(w)) {
            words += 1;
            known += usize::from(self.weights.contains_key(*w));
        }
        Reading {
            logit,
            known,
            words,
        }
    }

    /// The line's log-odds of being content, from its words.
    pub fn logit(&self, text: &str) -> f64 {
        self.read(text).logit
    }

    /// `P(content)` of the line's words.
    pub fn score(&self, text: &str) -> f64 {
        self.read(text).score()
    }

    /// The share of the words of `texts` (numbers aside) that the lexicon
    /// knows: low on a language the fit corpora did not have; 1 without words.
    pub fn coverage<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> f64 {
        let readings: Vec<Reading> = texts.into_iter().map(|t| self.read(t)).collect();
        coverage_of(&readings)
    }

    /// The `n` terms of `text` that weigh most towards furniture (ties go
    /// alphabetically).
    pub fn strongest(&self, text: &str, n: usize) -> Vec<String> {
        let found: BTreeSet<String> = terms(text)
            .into_iter()
            .filter(|t| self.weight(t) < 0.0)
            .collect();
        let mut found: Vec<(f64, String)> =
            found.into_iter().map(|t| (self.weight(&t), t)).collect();
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        found.into_iter().take(n).map(|(_, t)| t).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(weights: &[(&str, f64)]) -> Lexicon {
        Lexicon {
            weights: weights.iter().map(|&(w, x)| (w.to_string(), x)).collect(),
            bias: 0.0,
            meta: serde_json::Value::Null,
        }
    }

    fn round3(x: f64) -> f64 {
        (x * 1000.0).round() / 1000.0
    }

    #[test]
    fn terms_are_words_then_pairs() {
        assert_eq!(
            terms("Sign in to Reply"),
            ["sign", "in", "to", "reply", "sign in", "in to", "to reply"]
        );
        assert!(terms("").is_empty());
        // at most MAX_WORDS words, from the first 2400 characters
        assert_eq!(terms(&"a ".repeat(500)).len(), MAX_WORDS * 2 - 1);
        assert_eq!(
            terms(&format!("{}b", " ".repeat(2400))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn logit_weighs_words_and_pairs() {
        let lex = lexicon(&[("sign in", -3.0), ("said", 1.0)]);
        assert_eq!(round3(lex.logit("Sign in")), -1.732);
        assert_eq!(round3(lex.logit("He said so")), 0.447);
        assert_eq!(lex.logit(""), 0.0);
        assert_eq!(lex.score(""), 0.5);
    }

    #[test]
    fn coverage_leaves_numbers_aside() {
        let lex = lexicon(&[("the", 0.1), ("said", 1.0)]);
        assert_eq!(lex.coverage(["The minister said 3", "Der Rat"]), 0.4);
        assert_eq!(lex.coverage(["2024 ³"]), 1.0);
        assert_eq!(lex.coverage([]), 1.0);
    }

    #[test]
    fn strongest_terms_first_ties_alphabetically() {
        let lex = lexicon(&[("sign in", -3.0), ("in", -0.1), ("said", 1.0)]);
        assert_eq!(lex.strongest("Sign in", 3), ["sign in", "in"]);
        let lex = lexicon(&[("of iab", -1.0), ("iab vendors", -1.0)]);
        assert_eq!(
            lex.strongest("Of IAB Vendors", 3),
            ["iab vendors", "of iab"]
        );
        assert_eq!(lex.strongest("Of IAB Vendors", 1), ["iab vendors"]);
    }

    #[test]
    fn reads_the_json_file() {
        let lex = Lexicon::from_json(r#"{"weights": {"a": -1.5}, "bias": 0.25}"#).unwrap();
        assert_eq!(lex.weights["a"], -1.5);
        assert_eq!(lex.bias, 0.25);
        assert!(Lexicon::from_json(r#"{"weights": {}}"#).is_err());
    }
}
