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

/// Every built-in pass's code by its name: the one place a pass's code is
/// written (a pass that reads another's removals names it by these).
impl Code {
    pub const READ_ALSO: Code = Code(101);
    pub const TEASER_HEADING: Code = Code(102);
    pub const BACK_TO_TOP: Code = Code(103);
    pub const AUDIO_PLAYER: Code = Code(104);
    pub const NOTIFICATION_PROMPT: Code = Code(105);
    pub const ICON_NAME: Code = Code(106);
    pub const SHARE_FOLLOW: Code = Code(107);
    pub const NEWSLETTER: Code = Code(108);
    pub const COOKIE_CONSENT: Code = Code(109);
    pub const ADVERTISEMENT: Code = Code(110);
    pub const TIMESTAMP_STUB: Code = Code(111);
    pub const COPYRIGHT: Code = Code(112);
    pub const COMMENTS_PROMPT: Code = Code(113);
    pub const READ_MORE_LINK: Code = Code(114);
    pub const IMAGE_CREDIT: Code = Code(115);
    pub const USER_PATTERN: Code = Code(199);
    pub const SECTION_LABEL: Code = Code(201);
    pub const DATE_LINE: Code = Code(202);
    pub const BYLINE: Code = Code(203);
    pub const PHOTO_CAPTION: Code = Code(204);
    pub const BREADCRUMB: Code = Code(205);
    pub const TITLE: Code = Code(206);
    pub const STANDFIRST: Code = Code(207);
    pub const REPEATED_LEDE: Code = Code(208);
    pub const HEAD_FRAGMENT: Code = Code(209);
    pub const TEASER_BLOCK: Code = Code(301);
    pub const COMPANY_PROFILE: Code = Code(302);
    pub const COMMENT_SECTION: Code = Code(401);
    pub const OUTSIDE_BODY: Code = Code(402);
    pub const LINK_RUN: Code = Code(403);
    pub const DUPLICATE_TEXT: Code = Code(404);
    pub const KNOWN_TITLE: Code = Code(501);
    pub const CONTRIBUTOR_CREDIT: Code = Code(502);
    pub const CONTACT_LINE: Code = Code(503);
    pub const LINK_LINE: Code = Code(504);
    pub const PITCH: Code = Code(505);
    pub const TAG_LIST: Code = Code(506);
    pub const FORM_CONSENT: Code = Code(507);
    pub const BODY_MODEL: Code = Code(601);
    pub const LEARNED_BOILERPLATE: Code = Code(701);
}

impl Code {
    /// The hundred a code is in (`CL1xx` is 1): the Python compares codes by
    /// their first digit (`code.startswith("CL1")`), plugins' codes too.
    pub const fn hundred(self) -> u16 {
        self.0 / 100
    }
}

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

const fn pass(code: Code, name: &'static str, family: Family, kind: Kind, order: u16) -> Pass {
    Pass {
        code,
        name,
        family,
        kind,
        order,
        protected: code.0 == Code::USER_PATTERN.0 || code.0 == Code::LEARNED_BOILERPLATE.0,
    }
}

use Family::{Fitted, Furniture, Head, Page as PageFamily, Profile, Residual, Tail, User};
use Kind::{Line, Page};

/// Every built-in pass, in run order: by `order`, then by code.
pub static PASSES: &[Pass] = &[
    pass(Code::READ_ALSO, "read-also", Furniture, Line, 101),
    pass(Code::TEASER_HEADING, "teaser-heading", Furniture, Line, 102),
    pass(Code::BACK_TO_TOP, "back-to-top", Furniture, Line, 103),
    pass(Code::AUDIO_PLAYER, "audio-player", Furniture, Line, 104),
    pass(
        Code::NOTIFICATION_PROMPT,
        "notification-prompt",
        Furniture,
        Line,
        105,
    ),
    pass(Code::ICON_NAME, "icon-name", Furniture, Line, 106),
    pass(Code::SHARE_FOLLOW, "share-follow", Furniture, Line, 107),
    pass(Code::NEWSLETTER, "newsletter", Furniture, Line, 108),
    pass(Code::COOKIE_CONSENT, "cookie-consent", Furniture, Line, 109),
    pass(Code::ADVERTISEMENT, "advertisement", Furniture, Line, 110),
    pass(Code::TIMESTAMP_STUB, "timestamp-stub", Furniture, Line, 111),
    pass(Code::COPYRIGHT, "copyright", Furniture, Line, 112),
    pass(
        Code::COMMENTS_PROMPT,
        "comments-prompt",
        Furniture,
        Line,
        113,
    ),
    pass(Code::READ_MORE_LINK, "read-more-link", Furniture, Line, 114),
    pass(Code::IMAGE_CREDIT, "image-credit", Furniture, Line, 115),
    pass(Code::PHOTO_CAPTION, "photo-caption", Head, Line, 150),
    pass(Code::BREADCRUMB, "breadcrumb", Head, Line, 151),
    pass(Code::USER_PATTERN, "user-pattern", User, Page, 199),
    pass(Code::REPEATED_LEDE, "repeated-lede", Head, Page, 205),
    pass(Code::DATE_LINE, "date-line", Head, Page, 210),
    pass(Code::BYLINE, "byline", Head, Page, 215),
    pass(Code::TITLE, "title", Head, Page, 220),
    pass(Code::SECTION_LABEL, "section-label", Head, Page, 225),
    pass(Code::STANDFIRST, "standfirst", Head, Page, 230),
    pass(Code::HEAD_FRAGMENT, "head-fragment", Head, Page, 240),
    pass(Code::TEASER_BLOCK, "teaser-block", Tail, Page, 310),
    pass(Code::COMPANY_PROFILE, "company-profile", Tail, Page, 320),
    pass(
        Code::COMMENT_SECTION,
        "comment-section",
        PageFamily,
        Page,
        400,
    ),
    pass(
        Code::DUPLICATE_TEXT,
        "duplicate-text",
        PageFamily,
        Page,
        400,
    ),
    pass(Code::OUTSIDE_BODY, "outside-body", PageFamily, Page, 410),
    pass(Code::LINK_RUN, "link-run", PageFamily, Page, 420),
    pass(Code::KNOWN_TITLE, "known-title", Residual, Page, 501),
    pass(
        Code::CONTRIBUTOR_CREDIT,
        "contributor-credit",
        Residual,
        Line,
        502,
    ),
    pass(Code::CONTACT_LINE, "contact-line", Residual, Line, 503),
    pass(Code::LINK_LINE, "link-line", Residual, Line, 504),
    pass(Code::PITCH, "pitch", Residual, Line, 505),
    pass(Code::TAG_LIST, "tag-list", Residual, Page, 506),
    pass(Code::FORM_CONSENT, "form-consent", Residual, Page, 507),
    pass(Code::BODY_MODEL, "body-model", Fitted, Page, 900),
    pass(
        Code::LEARNED_BOILERPLATE,
        "learned-boilerplate",
        Profile,
        Page,
        950,
    ),
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
