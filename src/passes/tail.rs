//! CL3xx: heuristics for the tail of an article and for teaser blocks (the
//! port of `cleaner/passes/tail.py`).
//!
//! A teaser heading ("Latest articles", removed by CL102) is followed by
//! teasers: headlines, summaries trailing off with "...". When no prose
//! follows and most lines after the heading look like teasers (by count and
//! by words), the block runs to the end of the page; inside the body, only
//! the run of teaser lines right after the heading goes. A block never takes
//! a line longer than a teaser that is not one, and a heading with no prose
//! before it takes nothing. The pass is linear in the number of lines.
//!
//! CL302 takes the company's standard paragraph that closes a press release.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::catalogue::Code;
use crate::model::Segment;
use crate::text::textstats::{MAX_SHORT_LINE, ends_ellipsis, ends_sentence, is_prose};
use crate::text::{casefold, char_len, first_chars};

use super::{Outcome, Page, Reason};

/// A question this short after a teaser heading is a headline.
pub const MAX_QUESTION_HEADLINE: usize = 12;
/// The longest teaser (in words) that is not a summary ending in "...".
pub const MAX_TEASER_WORDS: usize = 25;
/// How many words make a line of prose in a teaser block.
const PROSE_WORDS: usize = 8;

fn is_question_headline(text: &str, words: usize) -> bool {
    text.ends_with('?') && words <= MAX_QUESTION_HEADLINE
}

fn is_headline(text: &str, words: usize) -> bool {
    (4..=MAX_TEASER_WORDS).contains(&words)
        && (!ends_sentence(text) || is_question_headline(text, words))
}

fn is_teaser(text: &str, words: usize) -> bool {
    ends_ellipsis(text)
        || is_question_headline(text, words)
        || (words <= MAX_TEASER_WORDS && !is_prose(text, PROSE_WORDS))
}

/// CL301 `teaser-block`: teasers (headline + "..." summary) after a teaser
/// heading; to the end when no prose follows.
pub fn teaser_block(page: &Page<'_>) -> Outcome {
    if !page.any_removed_by(Code::TEASER_HEADING) {
        return Outcome::default(); // no teaser heading: nothing to look after
    }
    let kept = page.kept();
    let n = kept.len();
    // Suffix tables over the kept lines, so that each heading costs O(1).
    let mut prose_after = vec![0usize; n + 1];
    let mut teasers_after = vec![0usize; n + 1];
    let mut words_after = vec![0usize; n + 1];
    let mut teaser_words_after = vec![0usize; n + 1];
    let mut run_from = vec![0usize; n + 1];
    let mut teaser_line = vec![false; n];
    for pos in (0..n).rev() {
        let text = kept[pos].text.as_str();
        let words = page.lines.words(kept[pos].index);
        let prose = is_prose(text, PROSE_WORDS)
            && !ends_ellipsis(text)
            && !is_question_headline(text, words);
        prose_after[pos] = prose_after[pos + 1] + usize::from(prose);
        let teaser = ends_ellipsis(text) || is_headline(text, words);
        teasers_after[pos] = teasers_after[pos + 1] + usize::from(teaser);
        words_after[pos] = words_after[pos + 1] + words;
        teaser_words_after[pos] = teaser_words_after[pos + 1] + if teaser { words } else { 0 };
        teaser_line[pos] = is_teaser(text, words);
        run_from[pos] = if teaser_line[pos] {
            run_from[pos + 1] + 1
        } else {
            0
        };
    }
    let mut removed = BTreeMap::new();
    let mut pos = 0;
    let mut prose_before = false; // a kept line of prose before the heading
    let mut taken_to = 0; // the kept lines before this one are in a run a heading took already
    for seg in page.segments {
        if page.removed_by(seg.index) != Some(Code::TEASER_HEADING) {
            continue;
        }
        while pos < n && kept[pos].index < seg.index {
            prose_before = prose_before || is_prose(&kept[pos].text, PROSE_WORDS);
            pos += 1;
        }
        if !prose_before {
            continue; // at the top of a text: a cell or a menu item
        }
        let after = n - pos;
        let reason = || Reason::TeaserBlock {
            heading: seg.text.clone(),
        };
        if prose_after[pos] == 0
            && after > 0
            && teasers_after[pos] as f64 >= 0.7 * after as f64
            && teaser_words_after[pos] as f64 >= 0.7 * words_after[pos] as f64
        {
            for (k, s) in kept.iter().enumerate().skip(pos) {
                if teaser_line[k] || page.lines.words(s.index) <= MAX_TEASER_WORDS {
                    removed.entry(s.index).or_insert_with(reason);
                }
            }
            break;
        }
        if run_from[pos] >= 2 {
            // the lines an earlier heading's run took keep its reason: each
            // kept line is visited once, however many headings share one run
            let end = pos + run_from[pos];
            for s in &kept[pos.max(taken_to)..end] {
                removed.entry(s.index).or_insert_with(reason);
            }
            taken_to = taken_to.max(end);
        }
    }
    Outcome::removing(removed)
}

// -- the company's standard paragraph at the end of a press release ------------

const ORG: &str =
    r"\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|&|de|of|und|et|y)){0,4}";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// "About Acme" (and its translations) heading the company's paragraph.
static ABOUT_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\A(?:about|über|à propos d[e']\s?|a propos d[e']\s?|acerca de|sobre|informazioni su|over)\s*(?P<org>{ORG})\s*:?\z"
    ))
});
/// "Acme is a global provider of ...", "Acme Inc. is headquartered in ...".
static PROFILE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r"\A(?P<org>{org})(?:,[^,]{{1,60}},)?\s+(?:is|are|ist|est|es|é|è|is een)\s+",
            r"(?:a|an|the|one of|headquartered|based|ein|eine|einer|un|une|una|uma|een|l[ae']|el)\b"
        ),
        org = ORG
    ))
});
/// A press release's opening: "Acme, a provider of X, (today) announced ...".
static RELEASE_LEDE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r"(?P<org>{org}),\s+(?:a|an|the)\s[^,]{{3,160}},\s+(?:today\s+|has\s+|have\s+)?",
            r"(?:announced|announces|launched|launches|introduced|introduces|unveiled|unveils|",
            r"released|releases|signed|signs|reported|reports)\b"
        ),
        org = ORG
    ))
});
/// How many lines the company's section at the end may have.
pub const MAX_PROFILE_LINES: usize = 5;

fn org_key(caps: &Captures<'_>) -> String {
    let org = &caps["org"];
    let first = org
        .split(crate::text::is_py_space)
        .find(|w| !w.is_empty())
        .unwrap_or("");
    casefold(first).trim_end_matches(['.', ',']).to_string()
}

/// CL302 `company-profile`: the company's standard paragraph closing a press
/// release, when the release opened by naming the company the same way or
/// the section has its "About" heading.
pub fn company_profile(page: &Page<'_>) -> Outcome {
    let kept = page.kept();
    if kept.len() < 3 {
        return Outcome::default();
    }
    let tail: &[&Segment] = &kept[kept.len().saturating_sub(MAX_PROFILE_LINES)..];
    let lede = kept[..3].iter().find(|s| is_prose(&s.text, PROSE_WORDS));
    let mut start = None;
    for (pos, seg) in tail.iter().enumerate() {
        let text = seg.text.as_str();
        if char_len(text) > MAX_SHORT_LINE {
            continue;
        }
        let about = if page.lines.words(seg.index) <= 6 {
            ABOUT_RE.captures(text)
        } else {
            None
        };
        if let Some(about) = about
            && pos + 1 < tail.len()
            && let Some(profile) = PROFILE_RE.captures(&tail[pos + 1].text)
            && org_key(&about) == org_key(&profile)
        {
            start = Some(pos);
            break;
        }
        if let Some(profile) = PROFILE_RE.captures(text)
            && let Some(lede) = lede
            && seg.index > lede.index
            && let Some(found) = RELEASE_LEDE_RE.captures(first_chars(&lede.text, MAX_SHORT_LINE))
            && org_key(&found) == org_key(&profile)
        {
            start = Some(pos);
            break;
        }
    }
    let Some(start) = start else {
        return Outcome::default();
    };
    Outcome::removing(
        tail[start..]
            .iter()
            .map(|s| (s.index, Reason::CompanyProfile))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::super::testing::{outcome, outcome_with};
    use super::*;

    #[test]
    fn a_teaser_block_after_its_heading() {
        let text = "The talks ended on Friday without a deal, officials from both sides said.\n\
            Latest articles\nWhatsApp Unveils Pop-Out Chat\nWhatsApp is set to change the way...";
        let got = outcome_with(
            text,
            &[(1, Code::TEASER_HEADING)],
            None,
            &Options::new(),
            teaser_block,
        );
        let reason = "teaser block after heading 'Latest articles'".to_string();
        assert_eq!(got, [(2, reason.clone()), (3, reason)]);
    }

    #[test]
    fn no_heading_or_no_prose_before_it_takes_nothing() {
        let text =
            "Latest articles\nWhatsApp Unveils Pop-Out Chat\nWhatsApp is set to change the way...";
        assert!(outcome(text, teaser_block).is_empty());
        let got = outcome_with(
            text,
            &[(0, Code::TEASER_HEADING)],
            None,
            &Options::new(),
            teaser_block,
        );
        assert!(got.is_empty());
    }

    #[test]
    fn inside_the_body_only_the_run_of_teasers_goes() {
        let prose = "The talks ended on Friday without a deal, officials from both sides said.";
        let text = format!(
            "{prose}\nMore like this\nWhatsApp Unveils Pop-Out Chat Today\n\
             Big Fire Breaks Out In The Town Hall\n{prose}\n{prose}"
        );
        let got: Vec<usize> = outcome_with(
            &text,
            &[(1, Code::TEASER_HEADING)],
            None,
            &Options::new(),
            teaser_block,
        )
        .into_iter()
        .map(|(i, _)| i)
        .collect();
        assert_eq!(got, [2, 3]);
    }

    #[test]
    fn company_profiles() {
        let text = "Acme, a maker of garden tools, today announced a new solar mower.\n\
            The mower cuts for three hours on a charge and will cost 400 euros, the company said.\n\
            Acme is a family company founded in 1921 and employs 300 people in Ulm.";
        assert_eq!(
            outcome(text, company_profile),
            [(2, "company profile closing a press release".to_string())]
        );
        let text = "The mayor opened the new bridge on Friday after two years of work.\n\
            Acme is a family company founded in 1921 that built the steel frame.";
        assert!(outcome(text, company_profile).is_empty());
        let text = "The mayor opened the new bridge on Friday after two years of work.\n\
            It took two years.\nAbout Acme\n\
            Acme is a family company founded in 1921 that built the steel frame.";
        assert_eq!(
            outcome(text, company_profile)
                .into_iter()
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            [2, 3]
        );
    }
}
