//! CL199: lines matching the user's own patterns (`remove_patterns`; the
//! port of `cleaner/passes/user.py`).
//!
//! A pattern matches a line in full. Patterns are the `regex` crate's syntax,
//! not the Python `regex` module's: matching is linear in the line's length
//! whatever the pattern, so there is no time limit to run out of (and no
//! `pattern_timeout` warning); the price is that lookaround, backreferences,
//! atomic groups and possessive quantifiers are refused when the patterns are
//! compiled. (The `regex` crate reads `a++` as a repetition of `a+`, which
//! Python's `regex` reads as possessive: such a quantifier on a quantifier is
//! refused too, rather than given another meaning.)

use std::collections::BTreeMap;

use regex::Regex;
use regex_syntax::ast::{self, Ast};

use super::{Outcome, Page, Reason};

/// The user's patterns, compiled to match a whole line.
#[derive(Clone, Debug, Default)]
pub struct UserPatterns {
    patterns: Vec<(String, Regex)>,
}

/// A pattern the `regex` crate refuses, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadPattern {
    pub pattern: String,
    pub error: String,
}

/// Why a quantifier on a quantifier is refused.
pub const STACKED_QUANTIFIER: &str = "a quantifier on a quantifier (possessive in Python's \
    regex, such as a++) is not supported; put the inner repetition in a group";

/// Whether `pattern` (which compiles) repeats a repetition without a group
/// around it (`a++`, `a*?+`, `a{2}*`).
fn stacked_quantifier(pattern: &str) -> bool {
    struct Stacked;
    impl ast::Visitor for Stacked {
        type Output = ();
        type Err = ();
        fn finish(self) -> Result<(), ()> {
            Ok(())
        }
        fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
            match node {
                Ast::Repetition(rep) if matches!(*rep.ast, Ast::Repetition(_)) => Err(()),
                _ => Ok(()),
            }
        }
    }
    ast::parse::Parser::new()
        .parse(pattern)
        .is_ok_and(|tree| ast::visit(&tree, Stacked).is_err())
}

impl UserPatterns {
    /// Compiles `patterns` (in the `regex` crate's syntax), each to match a
    /// whole line; the first pattern that does not compile is an error.
    pub fn new(patterns: &[String]) -> Result<Self, BadPattern> {
        let compiled = patterns
            .iter()
            .map(|p| {
                let bad = |e: regex::Error| BadPattern {
                    pattern: p.clone(),
                    error: e.to_string(),
                };
                // alone first: a pattern such as "a)|(b" must not change
                // meaning inside the anchoring group
                Regex::new(p).map_err(bad)?;
                if stacked_quantifier(p) {
                    return Err(BadPattern {
                        pattern: p.clone(),
                        error: STACKED_QUANTIFIER.to_string(),
                    });
                }
                let whole = Regex::new(&format!(r"\A(?:{p})\z")).map_err(bad)?;
                Ok((p.clone(), whole))
            })
            .collect::<Result<_, _>>()?;
        Ok(UserPatterns { patterns: compiled })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The first pattern (as written) that matches the whole of `text`.
    pub fn first_match(&self, text: &str) -> Option<&str> {
        self.patterns
            .iter()
            .find(|(_, re)| re.is_match(text))
            .map(|(p, _)| p.as_str())
    }
}

/// CL199 `user-pattern`: the kept lines one of the user's patterns matches
/// in full (the first such pattern is the reason).
pub fn user_pattern(page: &Page<'_>) -> Outcome {
    let patterns = &page.options.user_patterns;
    let mut removed = BTreeMap::new();
    if patterns.is_empty() {
        return Outcome::default();
    }
    for seg in page.kept() {
        if let Some(p) = patterns.first_match(&seg.text) {
            removed.insert(seg.index, Reason::UserPattern(p.to_string()));
        }
    }
    Outcome::removing(removed)
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::super::testing::outcome_with;
    use super::*;

    fn with(patterns: &[&str]) -> Options {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Options {
            user_patterns: UserPatterns::new(&patterns).unwrap(),
            ..Options::new()
        }
    }

    #[test]
    fn a_pattern_matches_whole_lines() {
        let o = with(&["Sponsored by .*"]);
        assert_eq!(
            outcome_with(
                "Sponsored by ACME\n\nReal text.\nNot Sponsored by ACME",
                &[],
                None,
                &o,
                user_pattern
            ),
            [(0, "matches user pattern 'Sponsored by .*'".to_string())]
        );
    }

    #[test]
    fn the_first_matching_pattern_is_the_reason_and_removed_lines_are_skipped() {
        let o = with(&["(?i)advert.*", r"\w+"]);
        let got = outcome_with(
            "ADVERTISEMENT\nword\nkeep me",
            &[(1, crate::catalogue::Code::ICON_NAME)],
            None,
            &o,
            user_pattern,
        );
        assert_eq!(
            got,
            [(0, "matches user pattern '(?i)advert.*'".to_string())]
        );
    }

    #[test]
    fn a_pathological_pattern_runs_in_linear_time() {
        // the example of the Python's timeout: no time limit is needed here
        let o = with(&["(a|aa)+$"]);
        let text = format!("{}b\n{}", "a".repeat(5000), "a".repeat(5000));
        assert_eq!(
            outcome_with(&text, &[], None, &o, user_pattern),
            [(1, "matches user pattern '(a|aa)+$'".to_string())]
        );
    }

    #[test]
    fn what_the_regex_crate_refuses() {
        for p in [r"(?<=a)b", r"(a)\1", "(?>a)", "a)|(b", "(", r"x\Z"] {
            let err = UserPatterns::new(&[p.to_string()]).unwrap_err();
            assert_eq!(err.pattern, p);
        }
        for p in ["a++", "a*+b", "(x|y)?+", "a{2}*"] {
            let err = UserPatterns::new(&["ok".into(), p.to_string()]).unwrap_err();
            assert_eq!(
                (err.pattern.as_str(), err.error.as_str()),
                (p, STACKED_QUANTIFIER)
            );
        }
        // a lazy quantifier is one quantifier, and a group may be repeated
        assert!(UserPatterns::new(&["a+?b".into(), "(?:a+)+".into()]).is_ok());
        assert!(UserPatterns::new(&[]).unwrap().is_empty());
    }
}
