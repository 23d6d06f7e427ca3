//! CL5xx: residual furniture, what an extractor leaves in a body it has
//! already extracted (the port of `cleaner/passes/residual.py`): the title
//! repeated at the top, contributor and contact lines, labelled links,
//! pitches, tag lists, a comment form's consent notice. Each rule is narrow
//! (whole-line patterns of the `residual_*` phrase tables), so that a
//! sentence that merely mentions a newsletter or a link stays.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::catalogue::Code;
use crate::lists::phrases::Phrases;
use crate::text::textstats::{fold, word_count};
use crate::text::{casefold, py_strip};

use super::furniture::{phrase_hit, table_index};
use super::head::strip_site_suffix;
use super::{LinePass, Outcome, Page, Reason, Screen};

/// How many kept lines at the top of a body may repeat the known title.
pub const TITLE_ZONE: usize = 3;
/// A line taken for the title may say this many words more than the title
/// form it matched, or as many as the form has, if more.
pub const TITLE_SLACK_WORDS: usize = 6;
static TITLE_SPLIT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[|–—-]\s+|\s*\|\s*").expect("a valid pattern"));
const TAG_HEADINGS: &str = concat!(
    "tags tagged topics keywords tags: schlagwörter schlagworte themen étiquettes mots-clés ",
    "mots clés etiquetas temas tag argomenti etiquetas tags relacionadas trefwoorden"
);
static TAG_HEADING_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| TAG_HEADINGS.split(' ').collect());

/// Python's `len(text.split())`.
fn split_count(text: &str) -> usize {
    text.split(crate::text::is_py_space)
        .filter(|w| !w.is_empty())
        .count()
}

/// The folded forms a title takes in a body: whole, without the site name,
/// and each part of a title split at ` | ` or ` - ` (three words or more).
pub fn title_forms(title: &str) -> HashSet<String> {
    let mut forms = HashSet::from([fold(title), fold(strip_site_suffix(title))]);
    forms.extend(
        TITLE_SPLIT_RE
            .split(title)
            .filter(|p| word_count(p) >= 3)
            .map(fold),
    );
    forms.retain(|f| !f.is_empty());
    forms
}

/// CL501 `known-title`: the title (known from HTML metadata or found by
/// CL206) repeated at the top. A line that opens with it and runs on is body
/// text.
pub fn known_title(page: &Page<'_>) -> Outcome {
    let Some(title) = page.title.filter(|t| !t.is_empty()) else {
        return Outcome::default();
    };
    let forms = title_forms(title);
    let mut removed = BTreeMap::new();
    for seg in page.kept().into_iter().take(TITLE_ZONE) {
        let n = page.lines.words(seg.index);
        if n < 2 {
            continue;
        }
        if forms.contains(page.lines.fold(seg.index)) {
            removed.insert(seg.index, Reason::KnownTitle);
            continue;
        }
        let said = title_forms(&seg.text)
            .intersection(&forms)
            .map(|f| split_count(f))
            .max()
            .unwrap_or(0);
        if said > 0 && n <= said + TITLE_SLACK_WORDS.max(said) {
            removed.insert(seg.index, Reason::KnownTitle);
        }
    }
    // a repeat needs a text it repeats over: a text that is nothing but its
    // title (a forum post whose title is the post) keeps it
    let whole = page
        .kept()
        .iter()
        .all(|s| removed.contains_key(&s.index) || page.lines.words(s.index) < 2);
    if whole {
        return Outcome::default();
    }
    Outcome::removing(removed)
}

/// The residual line passes' tables and what their hits are.
const RULES: [(Code, &str, &str); 4] = [
    (
        Code::CONTRIBUTOR_CREDIT,
        "residual_credit",
        "contributor credit",
    ),
    (Code::CONTACT_LINE, "residual_contact", "contact line"),
    (Code::LINK_LINE, "residual_link", "bare link"),
    (Code::PITCH, "residual_pitch", "pitch or call to action"),
];

static TABLES: LazyLock<[usize; 4]> = LazyLock::new(|| RULES.map(|(_, name, _)| table_index(name)));

fn hit(n: usize, text: &str) -> Option<Reason> {
    let (_, name, what) = RULES[n];
    phrase_hit(TABLES[n], name, what, text)
}

/// CL502 `contributor-credit`: "Jane Doe contributed reporting from Hong Kong."
pub fn contributor_credit(text: &str) -> Option<Reason> {
    hit(0, text)
}

/// CL503 `contact-line`: "Have a tip? Jane may be reached at jd@example.com."
pub fn contact_line(text: &str) -> Option<Reason> {
    let folded = casefold(text);
    if !text.contains('@') && !folded.starts_with("have a") && !folded.starts_with("got a") {
        return None;
    }
    hit(1, text)
}

/// CL504 `link-line`: a line that is only a labelled link; a bare link is
/// kept (articles list their sources that way).
pub fn link_line(text: &str) -> Option<Reason> {
    if !text.contains("://") {
        return None;
    }
    hit(2, text)
}

/// CL505 `pitch`: membership, newsletter and follow-us pitches, calls to
/// comment, reprint notices.
pub fn pitch(text: &str) -> Option<Reason> {
    hit(3, text)
}

/// CL502-CL505, in run order.
pub static LINE_PASSES: &[LinePass] = &[
    LinePass {
        code: Code::CONTRIBUTOR_CREDIT,
        screen: Screen::Phrases,
        rule: contributor_credit,
    },
    LinePass {
        code: Code::CONTACT_LINE,
        screen: Screen::Phrases,
        rule: contact_line,
    },
    LinePass {
        code: Code::LINK_LINE,
        screen: Screen::Phrases,
        rule: link_line,
    },
    LinePass {
        code: Code::PITCH,
        screen: Screen::Phrases,
        rule: pitch,
    },
];

/// CL506 `tag-list`: a "Tags" heading and the comma-separated list of tags
/// after it (the heading may already be gone: a short label in the head).
pub fn tag_list(page: &Page<'_>) -> Outcome {
    let segments = page.segments;
    let mut removed = BTreeMap::new();
    for (pos, seg) in segments
        .iter()
        .enumerate()
        .take(segments.len().saturating_sub(1))
    {
        let heading = casefold(&seg.text);
        if !TAG_HEADING_SET.contains(heading.trim_end_matches(':')) {
            continue;
        }
        let Some(next) = segments[pos + 1..(pos + 4).min(segments.len())]
            .iter()
            .find(|s| page.is_kept(s.index))
        else {
            continue;
        };
        let items: Vec<&str> = next.text.split(',').map(py_strip).collect();
        if items.len() >= 3 && items.iter().all(|i| (1..=6).contains(&word_count(i))) {
            if page.is_kept(seg.index) {
                removed.insert(seg.index, Reason::TagList);
            }
            removed.insert(next.index, Reason::TagList);
        }
    }
    Outcome::removing(removed)
}

/// How many lines about the reader's data may follow a form's consent line.
pub const MAX_PRIVACY_LINES: usize = 6;

/// CL507 `form-consent`: the consent notice of a comment form and the
/// data-privacy lines after it.
pub fn form_consent(page: &Page<'_>) -> Outcome {
    static TABLES: LazyLock<(usize, usize)> = LazyLock::new(|| {
        (
            table_index("residual_consent"),
            table_index("residual_privacy"),
        )
    });
    let (consent, privacy) = *TABLES;
    let phrases = Phrases::shipped();
    let kept = page.kept();
    let mut removed = BTreeMap::new();
    let mut pos = 0;
    while pos < kept.len() {
        let seg = kept[pos];
        pos += 1;
        if phrases.match_table(consent, &seg.text).is_none() {
            continue;
        }
        removed.insert(seg.index, Reason::FormConsent);
        let until = (pos + MAX_PRIVACY_LINES).min(kept.len());
        for next in &kept[pos..until] {
            if phrases.match_table(privacy, &next.text).is_none() {
                break;
            }
            removed.insert(next.index, Reason::PrivacyNotice);
            pos += 1;
        }
    }
    Outcome::removing(removed)
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::super::testing::{outcome, outcome_with};
    use super::*;

    #[test]
    fn title_forms_of_a_title() {
        let mut forms: Vec<String> = title_forms("Opinion | Is Football Violence a Crime?")
            .into_iter()
            .collect();
        forms.sort();
        assert_eq!(
            forms,
            [
                "is football violence a crime",
                "opinion is football violence a crime"
            ]
        );
    }

    #[test]
    fn known_titles() {
        let o = Options::new();
        let text = "Rain Falls on Paris - The Daily Site\n\nIt rained all day in Paris.";
        assert_eq!(
            outcome_with(text, &[], Some("Rain Falls on Paris"), &o, known_title),
            [(0, "repeat of the known title".to_string())]
        );
        // a line that opens with the title and runs on is body text
        let text = format!(
            "Rain Falls on Paris - {}",
            "It rained all day in Paris and the river rose. ".repeat(20)
        );
        assert!(outcome_with(&text, &[], Some("Rain Falls on Paris"), &o, known_title).is_empty());
        assert!(outcome("Rain Falls on Paris", known_title).is_empty());
        // a text that is nothing but its title keeps it (short lines aside)
        let title = Some("Rain Falls on Paris");
        let alone = "Rain Falls on Paris - The Daily Site\n\nOK";
        assert!(outcome_with(alone, &[], title, &o, known_title).is_empty());
    }

    #[test]
    fn residual_lines() {
        let some = |r: Option<Reason>| r.is_some();
        assert!(some(contributor_credit(
            "Jane Doe and John Roe contributed to this report."
        )));
        assert!(some(contributor_credit("With reporting by Jane Doe")));
        assert!(some(contact_line(
            "Have a tip? Jane Doe may be reached at jdoe@example.com."
        )));
        assert!(some(contact_line(
            "Write to Jane Doe at jane.doe@example.com"
        )));
        assert!(!some(contact_line(
            "The summit can be reached at dawn, the guide said."
        )));
        assert!(some(link_line("iTunes: https://example.com/podcast/615")));
        assert!(!some(link_line("https://example.com/sources/report.pdf")));
        assert!(!some(link_line(
            "The full report is at https://example.com/report, the agency said."
        )));
        assert!(some(pitch(
            "If you enjoyed this article, we have a proposition for you: join today."
        )));
        assert!(some(pitch("Tell us what you think...")));
        assert!(!some(pitch(
            "He said he would follow the case on Twitter, where the judge posts rulings."
        )));
        assert_eq!(
            contact_line("Write to Jane Doe at jane.doe@example.com")
                .unwrap()
                .to_string(),
            "contact line (pattern match in phrase list 'residual_contact')"
        );
    }

    #[test]
    fn tag_lists() {
        let text = "The race ended in the rain.\n\nTags\n\nstock car, brasil, interlagos";
        assert_eq!(
            outcome(text, tag_list),
            [(1, "tag list".to_string()), (2, "tag list".to_string())]
        );
        let got = outcome_with(
            text,
            &[(1, Code::SECTION_LABEL)],
            None,
            &Options::new(),
            tag_list,
        );
        assert_eq!(got, [(2, "tag list".to_string())]);
    }

    #[test]
    fn form_consents() {
        let text = "The plant opens in May, the company said.\n\
            By submitting this form you agree to us using your data to publish your comment.\n\
            You may revoke this consent at any time, and your personal data will be deleted.\n\
            Further information on data privacy can be found in our Data Protection Policy.";
        let got: Vec<usize> = outcome(text, form_consent)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(got, [1, 2, 3]);
        assert!(
            outcome(
                "You may revoke your consent at any time, the court said.",
                form_consent
            )
            .is_empty()
        );
    }
}
