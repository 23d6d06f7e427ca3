//! Layer 0 (shared data): the catalogue of passes, the only place that names
//! pass codes, names, families, kinds and run order.
//!
//! The data mirrors `cleaner/catalogue.py` (`BUILTIN`, `PROTECTED`,
//! `EXPLICIT_FAMILIES`) and the `order=` of each pass's decorator in
//! `cleaner/passes/*.py`; the Python tests check the two agree while both
//! exist. Codes are forever: a renamed pass keeps its code. Every later layer
//! names a pass by its [`Code`], never by a string literal.

/// The family of a pass: the module of `cleaner/passes/` that defines it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// CL1xx: phrase-list rules for site furniture.
    Furniture,
    /// CL199: the user's own patterns.
    User,
    /// CL2xx: head-of-article heuristics.
    Head,
    /// CL3xx: teaser blocks and tail sections.
    Tail,
    /// CL4xx: the article body of a whole page.
    Page,
    /// CL5xx: what extractors leave behind.
    Residual,
    /// CL6xx: the fitted body model.
    Fitted,
    /// CL7xx: boilerplate learned from the corpus.
    Profile,
}

impl Family {
    /// The family's name, as `cleaner passes` prints it.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Furniture => "furniture",
            Family::User => "user",
            Family::Head => "head",
            Family::Tail => "tail",
            Family::Page => "page",
            Family::Residual => "residual",
            Family::Fitted => "fitted",
            Family::Profile => "profile",
        }
    }

    /// Families whose removals rest on a line matching an explicit phrase
    /// list: the body model may not overrule them.
    pub const fn is_explicit(self) -> bool {
        matches!(self, Family::Furniture | Family::Residual)
    }
}

/// Whether a pass sees one line or the whole page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `fn(line) -> reason or keep`.
    Line,
    /// `fn(page) -> outcome`.
    Page,
}

/// A built-in pass's permanent code, as a number (`CL101` is `Code(101)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(pub u16);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CL{:03}", self.0)
    }
}

/// One built-in pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pass {
    pub code: Code,
    pub name: &'static str,
    pub family: Family,
    pub kind: Kind,
    /// The run order (ties broken by code).
    pub order: u16,
    /// Removals that state the user's intent (their own patterns, a learned
    /// profile): no later pass keeps those lines.
    pub protected: bool,
}

impl Pass {
    /// Whether the body model may keep a line this pass removed.
    pub const fn overrulable(&self) -> bool {
        !self.protected && !self.family.is_explicit()
    }
}

const fn pass(code: u16, name: &'static str, family: Family, kind: Kind, order: u16) -> Pass {
    Pass {
        code: Code(code),
        name,
        family,
        kind,
        order,
        protected: code == 199 || code == 701,
    }
}

use Family::{Fitted, Furniture, Head, Page as PageFamily, Profile, Residual, Tail, User};
use Kind::{Line, Page};

/// Every built-in pass, in run order: by `order`, then by code.
pub static PASSES: &[Pass] = &[
    pass(101, "read-also", Furniture, Line, 101),
    pass(102, "teaser-heading", Furniture, Line, 102),
    pass(103, "back-to-top", Furniture, Line, 103),
    pass(104, "audio-player", Furniture, Line, 104),
    pass(105, "notification-prompt", Furniture, Line, 105),
    pass(106, "icon-name", Furniture, Line, 106),
    pass(107, "share-follow", Furniture, Line, 107),
    pass(108, "newsletter", Furniture, Line, 108),
    pass(109, "cookie-consent", Furniture, Line, 109),
    pass(110, "advertisement", Furniture, Line, 110),
    pass(111, "timestamp-stub", Furniture, Line, 111),
    pass(112, "copyright", Furniture, Line, 112),
    pass(113, "comments-prompt", Furniture, Line, 113),
    pass(114, "read-more-link", Furniture, Line, 114),
    pass(115, "image-credit", Furniture, Line, 115),
    pass(204, "photo-caption", Head, Line, 150),
    pass(205, "breadcrumb", Head, Line, 151),
    pass(199, "user-pattern", User, Page, 199),
    pass(208, "repeated-lede", Head, Page, 205),
    pass(202, "date-line", Head, Page, 210),
    pass(203, "byline", Head, Page, 215),
    pass(206, "title", Head, Page, 220),
    pass(201, "section-label", Head, Page, 225),
    pass(207, "standfirst", Head, Page, 230),
    pass(209, "head-fragment", Head, Page, 240),
    pass(301, "teaser-block", Tail, Page, 310),
    pass(302, "company-profile", Tail, Page, 320),
    pass(401, "comment-section", PageFamily, Page, 400),
    pass(404, "duplicate-text", PageFamily, Page, 400),
    pass(402, "outside-body", PageFamily, Page, 410),
    pass(403, "link-run", PageFamily, Page, 420),
    pass(501, "known-title", Residual, Page, 501),
    pass(502, "contributor-credit", Residual, Line, 502),
    pass(503, "contact-line", Residual, Line, 503),
    pass(504, "link-line", Residual, Line, 504),
    pass(505, "pitch", Residual, Line, 505),
    pass(506, "tag-list", Residual, Page, 506),
    pass(507, "form-consent", Residual, Page, 507),
    pass(601, "body-model", Fitted, Page, 900),
    pass(701, "learned-boilerplate", Profile, Page, 950),
];

/// The built-in pass with `code`, if there is one.
pub fn lookup(code: Code) -> Option<&'static Pass> {
    PASSES.iter().find(|p| p.code == code)
}

/// The code a text such as `"CL101"` (any case, spaces around) names, if it
/// has that shape.
pub fn parse_code(text: &str) -> Option<Code> {
    let t = text.trim();
    let digits = t.get(2..)?;
    if !t.get(..2)?.eq_ignore_ascii_case("cl")
        || digits.len() != 3
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok().map(Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_order_is_by_order_then_code() {
        let keys: Vec<_> = PASSES.iter().map(|p| (p.order, p.code)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn codes_and_names_are_unique() {
        for (i, a) in PASSES.iter().enumerate() {
            for b in &PASSES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.name, b.name);
            }
        }
        assert_eq!(PASSES.len(), 40);
    }

    #[test]
    fn families_follow_the_code_ranges() {
        for p in PASSES {
            let expected = match p.code.0 {
                199 => User,
                100..=199 => Furniture,
                200..=299 => Head,
                300..=399 => Tail,
                400..=499 => PageFamily,
                500..=599 => Residual,
                600..=699 => Fitted,
                _ => Profile,
            };
            assert_eq!(p.family, expected, "{}", p.code);
        }
    }

    #[test]
    fn who_may_be_overruled() {
        let by = |n| lookup(Code(n)).unwrap().overrulable();
        assert!(by(402));
        assert!(!by(101) && !by(505) && !by(199) && !by(701));
    }

    #[test]
    fn codes_print_and_parse() {
        assert_eq!(Code(101).to_string(), "CL101");
        assert_eq!(parse_code(" cl204 "), Some(Code(204)));
        assert_eq!(parse_code("CL1"), None);
        assert_eq!(parse_code("CLx01"), None);
        assert_eq!(parse_code("ÄÖ101"), None);
    }
}
