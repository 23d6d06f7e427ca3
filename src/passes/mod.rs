//! Layer 5: the passes (the port of `cleaner/passes/`), pure functions of a
//! page that return verdicts: which lines to remove, with a reason each, and
//! what they learned of the page (its title, date, author).
//!
//! There are two kinds, as in the Python (`cleaner.catalogue`):
//!
//! * a **line pass** judges one line alone: [`LinePass::verdict`] is its
//!   cheap necessary condition (the [`Screen`], shared by passes that read the
//!   same phrase lists) and then its rule;
//! * a **page pass** reads the whole page as earlier passes left it
//!   ([`Page`]) and returns an [`Outcome`].
//!
//! The families are modules: [`furniture`] (CL1xx), [`user`] (CL199),
//! [`head`] (CL2xx), [`tail`] (CL3xx), [`page`] (CL4xx), [`residual`]
//! (CL5xx) and [`fitted`] (CL601, the body model, which also keeps lines
//! earlier passes removed: [`Outcome::kept`]). A pass is found by its
//! [`Code`] ([`line_pass`], [`page_pass`]);
//! the codes, names and run order are the catalogue's. Reasons are values
//! ([`Reason`]) that render to the Python's strings, character for character.
//!
//! What several passes ask of the same lines (word counts, folded text, the
//! line measures of the page) is worked out once per page, when first asked
//! ([`Lines`]).

pub mod fitted;
pub mod furniture;
pub mod head;
pub mod page;
pub mod residual;
pub mod tail;
pub mod user;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::catalogue::Code;
use crate::features::linefeatures::{LineStats, line_stats};
use crate::lists::phrases::Hit;
use crate::model::{PageType, Segment};
use crate::models::fitted::Models;
use crate::models::lexicon::{Lexicon, Reading};
use crate::text::py_repr;
use crate::text::textstats::{fold, word_count};

/// The measures of a page's lines that passes share, each worked out for
/// every line the first time a pass asks for it. They depend on the lines
/// alone, not on what was removed: one `Lines` serves every pass of a run.
pub struct Lines<'a> {
    segments: &'a [Segment],
    words: OnceCell<Vec<usize>>,
    folds: OnceCell<Vec<String>>,
    stats: OnceCell<LineStats>,
    body: OnceCell<page::Features>,
    /// Each line's reading by a lexicon (and that lexicon's address).
    readings: OnceCell<(usize, Vec<Reading>)>,
}

impl<'a> Lines<'a> {
    pub fn new(segments: &'a [Segment]) -> Self {
        Lines {
            segments,
            words: OnceCell::new(),
            folds: OnceCell::new(),
            stats: OnceCell::new(),
            body: OnceCell::new(),
            readings: OnceCell::new(),
        }
    }

    /// `word_count` of segment `i`.
    pub fn words(&self, i: usize) -> usize {
        self.words
            .get_or_init(|| self.segments.iter().map(|s| word_count(&s.text)).collect())[i]
    }

    /// `fold` of segment `i`.
    pub fn fold(&self, i: usize) -> &str {
        &self
            .folds
            .get_or_init(|| self.segments.iter().map(|s| fold(&s.text)).collect())[i]
    }

    /// The page's line measures (`linefeatures.line_stats`).
    pub fn stats(&self) -> &LineStats {
        self.stats.get_or_init(|| line_stats(self.segments))
    }

    /// Each line's reading by `lexicon` ([`Lexicon::read`]), worked out
    /// once for the first lexicon asked (the run's models'; another one's
    /// are read again).
    pub fn readings(&self, lexicon: &Lexicon) -> Cow<'_, [Reading]> {
        let address = std::ptr::from_ref(lexicon) as usize;
        let read = || -> Vec<Reading> {
            self.segments
                .iter()
                .map(|s| lexicon.read(&s.text))
                .collect()
        };
        let (of, readings) = self.readings.get_or_init(|| (address, read()));
        if *of == address {
            Cow::Borrowed(readings)
        } else {
            Cow::Owned(read())
        }
    }

    /// The features the CL4xx passes classify lines by.
    pub fn body_features(&self) -> &page::Features {
        self.body.get_or_init(|| page::features(self.stats()))
    }
}

/// The options passes read (`cleaner.config.Config`).
#[derive(Debug, Default)]
pub struct Options {
    /// How many words a line needs to count as a prose paragraph that may
    /// start the article body.
    pub min_body_words: usize,
    /// The user's own patterns (CL199).
    pub user_patterns: user::UserPatterns,
    /// The fitted models (`models=`: another folder's); `None`: the shipped
    /// ones.
    pub models: Option<Arc<Models>>,
}

impl Options {
    /// The defaults: 12 body words, no user patterns.
    pub fn new() -> Self {
        Options {
            min_body_words: 12,
            user_patterns: user::UserPatterns::default(),
            models: None,
        }
    }

    /// The fitted models passes read (CL601).
    pub fn models(&self) -> &Models {
        match &self.models {
            Some(m) => m,
            None => Models::shipped(),
        }
    }
}

/// The page as a page pass sees it: the segments, which of them earlier
/// passes removed (and which pass), what earlier passes or the HTML found
/// out (the title), the options, the shared line measures, the page type the
/// passes work with, and whether the text is the one an HTML page's
/// extraction chose.
pub struct Page<'a> {
    pub segments: &'a [Segment],
    /// For each segment, the code of the pass that removed it.
    pub removed: &'a [Option<Code>],
    /// The title known so far (from HTML metadata, or CL206).
    pub title: Option<&'a str>,
    pub options: &'a Options,
    pub lines: &'a Lines<'a>,
    /// The page-type decision (`None` for a page without segments).
    pub page_type: Option<&'a PageType>,
    /// The text an HTML page's extraction chose: the extraction has found the
    /// body (CL601 removes nothing from it).
    pub extracted: bool,
}

impl<'a> Page<'a> {
    pub fn is_kept(&self, index: usize) -> bool {
        self.removed.get(index).is_none_or(Option::is_none)
    }

    /// The code of the pass that removed segment `index`.
    pub fn removed_by(&self, index: usize) -> Option<Code> {
        self.removed.get(index).copied().flatten()
    }

    /// Whether some earlier pass removed a line with `code`.
    pub fn any_removed_by(&self, code: Code) -> bool {
        self.removed.contains(&Some(code))
    }

    /// The segments still kept, in order.
    pub fn kept(&self) -> Vec<&'a Segment> {
        self.segments
            .iter()
            .filter(|s| self.is_kept(s.index))
            .collect()
    }
}

/// What a page learned about the text, besides the lines to remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MetaKey {
    Title,
    Date,
    Author,
}

impl MetaKey {
    /// Its key in `Result.meta`.
    pub const fn name(self) -> &'static str {
        match self {
            MetaKey::Title => "title",
            MetaKey::Date => "date",
            MetaKey::Author => "author",
        }
    }
}

/// What a page pass returns: the segments to remove (index -> reason), the
/// segments an earlier pass removed that are to stay after all (index ->
/// why: the body model overruling a heuristic, as the decision layer
/// allows) and what it learned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub removed: BTreeMap<usize, Reason>,
    pub meta: Vec<(MetaKey, String)>,
    pub kept: BTreeMap<usize, Reason>,
}

impl Outcome {
    pub fn removing(removed: BTreeMap<usize, Reason>) -> Self {
        Outcome {
            removed,
            ..Outcome::default()
        }
    }

    /// With `key` set to `value`, unless it is empty or absent (as the
    /// Python's `Outcome.of` drops empty values).
    pub fn with(mut self, key: MetaKey, value: Option<String>) -> Self {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.meta.push((key, value));
        }
        self
    }
}

/// Where a line stands against the article body (CL402).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

impl Side {
    pub const fn name(self) -> &'static str {
        match self {
            Side::Before => "before the body",
            Side::After => "after the body",
        }
    }
}

/// What opens the tail CL401 cuts off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TailKind {
    /// A comment-count heading or a comment prompt ("12 Comments").
    Comments,
    /// A commenter's line ("Joe says:").
    Commenter,
    Footer,
    Teasers,
}

/// What a line removed as a repeat repeats (the Python's `Repeat`): the
/// segment indices of the lines (`of`) and their line numbers (`lines`).
/// `exact`: a whole copy of its one original, which may stand in for it;
/// `need`: how many of the lines must stay for the removal to stand (`None`:
/// all). The pipeline keeps such a removal only while the lines it repeats
/// stay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub of: Vec<usize>,
    pub lines: Vec<usize>,
    pub exact: bool,
    pub need: Option<usize>,
}

impl Repeat {
    /// A repeat of the one segment `seg`.
    pub fn of_one(seg: &Segment, exact: bool) -> Self {
        Repeat {
            of: vec![seg.index],
            lines: vec![seg.line_no],
            exact,
            need: None,
        }
    }
}

/// What kind of repeat a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepeatKind {
    /// CL208: a dek before the body that repeats a line of the body.
    Dek,
    /// CL404: a whole copy of an earlier line.
    Copy,
    /// CL404: a line ending in "..." that begins another line.
    Truncated,
    /// CL404: a line most of whose sentences stand in other lines.
    Digest { shared: usize, sentences: usize },
}

/// Why a line goes: a value, rendered (`Display`) to the Python's reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// A phrase list's hit (CL1xx, CL502-CL505): what the line is, the kind
    /// of hit and the table.
    Phrase {
        what: &'static str,
        hit: Hit,
        table: &'static str,
    },
    /// CL199: the user's pattern (as written).
    UserPattern(String),
    PhotoCaption,
    Breadcrumb,
    /// CL202: the date, ISO 8601.
    DateLine(String),
    Byline,
    Title,
    TitleRepeat,
    SectionLabel,
    Standfirst,
    HeadFragment,
    /// CL209: the title-like line left once CL206 took the title.
    LoneTitle,
    /// CL301: the teaser heading (its whole text).
    TeaserBlock {
        heading: String,
    },
    CompanyProfile,
    /// CL401: what opens the tail, and the first 40 characters of its line.
    Tail {
        kind: TailKind,
        line: String,
    },
    /// CL402: a run of this many short lines around the line (3 or more).
    NavigationRun {
        side: Side,
        run: usize,
    },
    /// CL402: a line repeated elsewhere on the page.
    RepeatedOutside {
        side: Side,
    },
    /// CL402: outside the densest run of prose.
    OutsideRun {
        side: Side,
    },
    /// CL403: a run of this many link-like lines inside the body.
    LinkRun {
        run: usize,
    },
    /// CL208, CL404: a line that repeats other lines (see [`Repeat`]).
    Repeat {
        kind: RepeatKind,
        repeat: Repeat,
    },
    KnownTitle,
    TagList,
    /// CL507: a form's consent line.
    FormConsent,
    /// CL507: a data-privacy line after a form's consent line.
    PrivacyNotice,
    /// CL601: why the body model removes or keeps a line.
    BodyModel(fitted::Why),
}

impl Reason {
    /// What the line repeats, for a removal as a repeat.
    pub fn repeat(&self) -> Option<&Repeat> {
        match self {
            Reason::Repeat { repeat, .. } => Some(repeat),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Phrase { what, hit, table } => write!(
                f,
                "{what} ({} match in phrase list {})",
                hit.name(),
                py_repr(table)
            ),
            Reason::UserPattern(pattern) => write!(f, "matches user pattern {}", py_repr(pattern)),
            Reason::PhotoCaption => f.write_str("photo caption (ends with a picture credit)"),
            Reason::Breadcrumb => f.write_str("breadcrumb navigation trail"),
            Reason::DateLine(iso) => write!(f, "date line ({iso})"),
            Reason::Byline => f.write_str("byline"),
            Reason::Title => f.write_str("title"),
            Reason::TitleRepeat => f.write_str("repeat of the title"),
            Reason::SectionLabel => f.write_str("section label"),
            Reason::Standfirst => f.write_str("standfirst (summary before the body)"),
            Reason::HeadFragment => f.write_str("fragment before the article body"),
            Reason::LoneTitle => f.write_str("title-like line left before the body"),
            Reason::TeaserBlock { heading } => {
                write!(f, "teaser block after heading {}", py_repr(heading))
            }
            Reason::CompanyProfile => f.write_str("company profile closing a press release"),
            Reason::Tail { kind, line } => {
                let line = py_repr(line);
                match kind {
                    TailKind::Comments => write!(f, "comment section after {line}"),
                    TailKind::Commenter => write!(f, "comment section (commenter line {line})"),
                    TailKind::Footer => write!(f, "footer after {line}"),
                    TailKind::Teasers => write!(f, "teasers after heading {line}"),
                }
            }
            Reason::NavigationRun { side, run } => write!(
                f,
                "navigation {}: run of {run} short link-like lines",
                side.name()
            ),
            Reason::RepeatedOutside { side } => {
                write!(f, "{}: line repeated elsewhere on the page", side.name())
            }
            Reason::OutsideRun { side } => {
                write!(f, "{}: outside the densest run of prose", side.name())
            }
            Reason::LinkRun { run } => write!(
                f,
                "navigation: run of {run} short link-like lines inside the body"
            ),
            Reason::Repeat { kind, repeat } => {
                let lines = repeat
                    .lines
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                match kind {
                    RepeatKind::Dek => f.write_str("dek repeats a sentence of the article body"),
                    RepeatKind::Copy => write!(f, "repeat of line {lines}"),
                    RepeatKind::Truncated => write!(f, "truncated copy of line {lines}"),
                    RepeatKind::Digest { shared, sentences } => write!(
                        f,
                        "digest: {shared} of its {sentences} sentences stand in other lines"
                    ),
                }
            }
            Reason::KnownTitle => f.write_str("repeat of the known title"),
            Reason::TagList => f.write_str("tag list"),
            Reason::FormConsent => f.write_str("consent line of a form"),
            Reason::PrivacyNotice => f.write_str("data-privacy notice after a form's consent line"),
            Reason::BodyModel(why) => why.fmt(f),
        }
    }
}

/// A line pass's cheap necessary condition: where it is false, the pass
/// keeps the line. Passes with the same screen share its work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Some phrase table could match (every phrase-list pass).
    Phrases,
    /// A picture credit's mark (CL204).
    CreditMark,
    /// A breadcrumb's first word or separators (CL205).
    Crumb,
}

impl Screen {
    pub fn passes(self, text: &str) -> bool {
        match self {
            Screen::Phrases => crate::lists::phrases::Phrases::shipped().screen(text),
            Screen::CreditMark => head::has_credit_mark(text),
            Screen::Crumb => head::could_be_crumb(text),
        }
    }
}

/// A line pass: its screen and its rule.
pub struct LinePass {
    pub code: Code,
    pub screen: Screen,
    /// The rule, for a line the screen lets through.
    pub rule: fn(&str) -> Option<Reason>,
}

impl LinePass {
    /// The verdict on one line: the reason to remove it, or `None`.
    pub fn verdict(&self, text: &str) -> Option<Reason> {
        if self.screen.passes(text) {
            (self.rule)(text)
        } else {
            None
        }
    }
}

/// Every ported line pass, family by family.
pub fn line_passes() -> impl Iterator<Item = &'static LinePass> {
    furniture::LINE_PASSES
        .iter()
        .chain(head::LINE_PASSES)
        .chain(residual::LINE_PASSES)
}

/// The line pass with `code`, if it is a ported line pass.
pub fn line_pass(code: Code) -> Option<&'static LinePass> {
    line_passes().find(|p| p.code == code)
}

/// A page pass.
pub type PageFn = fn(&Page<'_>) -> Outcome;

/// The page pass with `code`, if it is a ported page pass.
pub fn page_pass(code: Code) -> Option<PageFn> {
    let f: PageFn = match code {
        Code::USER_PATTERN => user::user_pattern,
        Code::REPEATED_LEDE => head::repeated_lede,
        Code::DATE_LINE => head::date_lines,
        Code::BYLINE => head::bylines,
        Code::TITLE => head::title,
        Code::SECTION_LABEL => head::section_label,
        Code::STANDFIRST => head::standfirst,
        Code::HEAD_FRAGMENT => head::head_fragment,
        Code::TEASER_BLOCK => tail::teaser_block,
        Code::COMPANY_PROFILE => tail::company_profile,
        Code::COMMENT_SECTION => page::comment_section,
        Code::OUTSIDE_BODY => page::outside_body,
        Code::LINK_RUN => page::link_run,
        Code::DUPLICATE_TEXT => page::duplicate_text,
        Code::KNOWN_TITLE => residual::known_title,
        Code::TAG_LIST => residual::tag_list,
        Code::FORM_CONSENT => residual::form_consent,
        Code::BODY_MODEL => fitted::body_model,
        _ => return None,
    };
    Some(f)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Pages of invented text for the passes' tests.
    use super::*;

    /// Segments of a text as `page_from_text` makes them (lines stripped at
    /// the end; the texts of the tests are otherwise normalized already).
    pub fn segments(text: &str) -> Vec<Segment> {
        let trimmed: Vec<&str> = text.split('\n').map(str::trim_end).collect();
        crate::text::normalize::segment(&trimmed.join("\n"))
    }

    /// Runs `f` on the page of `text` with `removed` (index, code) and the
    /// known `title`.
    pub fn outcome_with(
        text: &str,
        removed: &[(usize, Code)],
        title: Option<&str>,
        options: &Options,
        f: PageFn,
    ) -> Vec<(usize, String)> {
        run(text, removed, title, options, f)
            .removed
            .into_iter()
            .map(|(i, r)| (i, r.to_string()))
            .collect()
    }

    pub fn run(
        text: &str,
        removed: &[(usize, Code)],
        title: Option<&str>,
        options: &Options,
        f: PageFn,
    ) -> Outcome {
        with_page(text, removed, title, options, false, f)
    }

    /// `f` on the page of `text` with `removed` (index, code), the known
    /// `title`, `options` and whether the text is `extracted`.
    pub fn with_page<T>(
        text: &str,
        removed: &[(usize, Code)],
        title: Option<&str>,
        options: &Options,
        extracted: bool,
        f: impl FnOnce(&Page<'_>) -> T,
    ) -> T {
        let segs = segments(text);
        let lines = Lines::new(&segs);
        let mut codes = vec![None; segs.len()];
        for &(i, c) in removed {
            codes[i] = Some(c);
        }
        let page = Page {
            segments: &segs,
            removed: &codes,
            title,
            options,
            lines: &lines,
            page_type: None,
            extracted,
        };
        f(&page)
    }

    /// `f` on the page of `text`: default options, nothing removed yet.
    pub fn on_page<T>(text: &str, f: impl FnOnce(&Page<'_>) -> T) -> T {
        with_page(text, &[], None, &Options::new(), false, f)
    }

    /// `f` on the page of `text` (default options, nothing removed yet).
    pub fn outcome(text: &str, f: PageFn) -> Vec<(usize, String)> {
        outcome_with(text, &[], None, &Options::new(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ported_pass_is_in_the_catalogue_with_its_kind() {
        use crate::catalogue::{Kind, PASSES};
        for p in line_passes() {
            let info = crate::catalogue::lookup(p.code).unwrap();
            assert_eq!(info.kind, Kind::Line, "{}", p.code);
        }
        for info in PASSES {
            if page_pass(info.code).is_some() {
                assert_eq!(info.kind, Kind::Page, "{}", info.code);
            }
        }
    }

    #[test]
    fn reasons_render_as_the_python_strings() {
        let r = Reason::Phrase {
            what: "page navigation link",
            hit: Hit::Line,
            table: "back_to_top",
        };
        assert_eq!(
            r.to_string(),
            "page navigation link (line match in phrase list 'back_to_top')"
        );
        let r = Reason::Tail {
            kind: TailKind::Commenter,
            line: "Joe's says:".into(),
        };
        assert_eq!(
            r.to_string(),
            "comment section (commenter line \"Joe's says:\")"
        );
        let r = Reason::NavigationRun {
            side: Side::After,
            run: 5,
        };
        assert_eq!(
            r.to_string(),
            "navigation after the body: run of 5 short link-like lines"
        );
    }
}
