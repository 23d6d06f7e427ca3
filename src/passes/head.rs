//! CL2xx: heuristics for the head of an article (the port of
//! `cleaner/passes/head.py`).
//!
//! Scraped articles open with furniture: a section label, the title (often
//! twice), date lines, bylines, photo captions, standfirst bullets, a dek that
//! repeats a body sentence. The *head zone* is every kept line before the
//! first prose paragraph that is not itself a repeat of later text; these
//! passes classify the lines in it. A text with no prose paragraph has no
//! head zone, and nothing is removed from it.
//!
//! The patterns are the Python's, in the `regex` crate's syntax: its `$` is
//! `\z` here (segments hold no line break), lookaheads at a pattern's end are
//! consumed (only whether it matches is read), and the site-suffix pattern
//! (a lookbehind and possessive runs) is a scan of its own.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::catalogue::Code;
use crate::model::Segment;
use crate::text::dates::{find_date, is_weekday};
use crate::text::textstats::{
    MAX_SHORT_LINE, capitalized_ratio, ends_ellipsis, ends_sentence, fold, is_bullet, is_prose,
    word_count, words,
};
use crate::text::{after_chars, casefold, char_len, first_chars, is_py_alpha, py_strip};

use super::{LinePass, MetaKey, Outcome, Page, Reason, Repeat, RepeatKind, Screen};

// -- features -------------------------------------------------------------------

const CREDIT_WORDS: &str = concat!(
    r"photo(?:graph)?s?|pictures?|pics?|images?|foto(?:s|grafie)?|bild|credits?|",
    r"photo credit|image credit|image source|file photo|illustration|video|graphic|",
    r"imagen|immagine|imagem|crédit photo|fuente|quelle"
);

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

static CAPTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        concat!(
            r#"(?i)(?:[.!?)”"]\s*|\s[|/–—-]\s*|\s)[(\[]?(?:{credit})\s*(?::|by|/|©)\s*"#,
            r"[^.!?]{{1,80}}[)\]]?\.?\z",
            r"|\((?:AP|AFP|Reuters|EPA|Getty Images|Xinhua|Bloomberg|PTI|ANI|dpa|Shutterstock|iStock|",
            r"Alamy|EFE|ANSA)(?:\s*(?:Photo|Images?))?(?:\s*/\s*[\p{{L}} .'-]{{2,60}})?\)\.?\z",
            r"|\s(?:AP Photo|AFP|REUTERS|EPA|Getty Images)\s*/\s*[\p{{L}} .'-]{{2,60}}\.?\z",
            r"|\s[\p{{L}} .'-]{{2,60}}/\s*(?:AFP|AP|Reuters|EPA|Getty Images|Bloomberg|Xinhua)",
            r"(?:\s+via\s+Getty Images)?\)?\.?\z"
        ),
        credit = CREDIT_WORDS
    ))
});
/// The Python's `^(?:Home|...)(?=\p{Lu})`, the lookahead consumed.
static GLUED_CRUMB_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\A(?:Home|Startseite|Accueil|Inicio|Início|Casa)\p{Lu}"));
static SEP_CRUMB_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\A[^|»>›/:]{1,40}(?:\s*[»>›/|]\s*[^|»>›/:]{1,60}){2,}\z"));
static BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\A(?i:by|written by|words by|story by|reported by|posted by|von|par|por|di|door|de)\s*:?\s+",
        r"(?P<name>\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|van|von|der|bin|al|del|la|le)){0,4})",
        r"(?P<rest>.*)\z"
    ))
});
static BY_REST_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\A\s*(?:,|\||and|und|et|y|e|en|&|–|—|-)"));
static GLUED_IN_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\A(?P<name>\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,3}?)in\s",
        r"(?P<place>\p{Lu}[\p{L}.-]*(?:\s\p{Lu}[\p{L}.-]*){0,2})\z"
    ))
});
static NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\A\p{Lu}[\p{L}'’.-]+(?:\s(?:\p{Lu}[\p{L}'’.-]*|de|da|van|von|der|bin|al|del|la|le)){1,3}\z",
    )
});
const DATE_LABELS: &str = concat!(
    "date published updated posted on at last modified first am pm ist gmt utc bst cet cest ",
    "est edt pst pdt jst hkt sgt aest et pt uhr veröffentlicht aktualisiert am um publié le ",
    "mis à jour publicado actualizado el pubblicato aggiornato il atualizado em gepubliceerd ",
    "bijgewerkt op time min read"
);
static DATE_LABEL_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| DATE_LABELS.split(' ').collect());
static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\A\s*(?:~|[–—-]|\||to\b|until\b|till\b|bis\b|au\b|al\b|até\b|tot\b)",
        r"\s*(?P<rest>.*)\z"
    ))
});
/// A row of a table of two or more cells, as extractors write tables: `| a | b |`.
static TABLE_ROW_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\A\s*\|(?:[^|\n]*\|){2,}\s*\z"));
/// A figure beside a date makes the line a row of data: a percentage, a price
/// (see [`has_figure`] for a signed number).
static FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\d\s*%|\p{Sc}\s?\d|\d\s?\p{Sc}"));
/// A sign before a number, at the start or after white space; [`has_figure`]
/// tells a time zone's offset from it.
static SIGNED_RE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:\A|\s)[+\-−±]\d"));
/// What follows a time zone's sign ("+00:00", "-0500"): not a figure.
static OFFSET_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\A\d{2}:?\d{2}\b"));
static CLOCK_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?"));

/// With this many prose lines repeated later, the page holds a copy of the
/// article (meta description, JSON-LD) and repeats no longer mark a dek.
pub const MAX_REPEATS: usize = 3;

/// A photo caption: a line that ends with a picture credit.
pub fn is_caption(text: &str) -> bool {
    if char_len(text) > MAX_SHORT_LINE || !has_credit_mark(text) {
        return false;
    }
    word_count(text) <= 80 && CAPTION_RE.is_match(text)
}

/// What every branch of the caption pattern needs: a credit word followed by
/// ":", "by", "/" or "©", or an agency after "(" or "/".
pub fn has_credit_mark(text: &str) -> bool {
    text.contains([':', '/', '(', '©'])
        || text.contains("by")
        || text.contains("By")
        || text.contains("BY")
        || text.contains("bY")
}

const CRUMB_STARTS: [&str; 6] = ["Home", "Startseite", "Accueil", "Inicio", "Início", "Casa"];

/// What a breadcrumb needs: a glued trail's first word, or two of the
/// separators a separated trail is made of.
pub fn could_be_crumb(text: &str) -> bool {
    CRUMB_STARTS.iter().any(|s| text.starts_with(s))
        || text.chars().filter(|c| "»>›/|".contains(*c)).count() >= 2
}

/// A breadcrumb trail: "Home > World > Asia", or glued "HomeWorldUS ...".
pub fn is_breadcrumb(text: &str) -> bool {
    if char_len(text) > MAX_SHORT_LINE {
        return false;
    }
    if GLUED_CRUMB_RE.is_match(text) {
        return true;
    }
    !ends_sentence(text)
        && SEP_CRUMB_RE.is_match(text)
        && word_count(text) <= 20
        && !has_figure(text)
}

/// Whether `text` holds a figure: a signed number, a percentage, a price
/// (times and a time zone's offset, "+00:00", "-0500", are not figures). The
/// Python's `(?:^|\s)[+\-−±](?!\d{2}:?\d{2}\b)\d|\d\s*%|\p{Sc}\s?\d|\d\s?\p{Sc}`,
/// the lookahead checked on each signed number.
pub fn has_figure(text: &str) -> bool {
    FIGURE_RE.is_match(text)
        || SIGNED_RE.find_iter(text).any(|m| {
            let digit = m.end() - m.as_str().chars().next_back().map_or(0, char::len_utf8);
            !OFFSET_RE.is_match(&text[digit..])
        })
}

/// Whether the text `after` a date makes it the start of a range of dates
/// ("29 November 2018 | 20 January 2019", "2018.04.05 ~ OPEN RUN").
pub fn is_date_range(after: &str) -> bool {
    let Some(caps) = RANGE_RE.captures(after) else {
        return false;
    };
    if after
        .trim_start_matches(crate::text::is_py_space)
        .starts_with('~')
    {
        return true;
    }
    find_date(&caps["rest"]).is_some_and(|second| second.start == 0)
}

/// The ISO date of a line that is only a date (with labels, times, a site
/// name). A row of a table of several cells is data, not a date line.
pub fn date_line(text: &str) -> Option<String> {
    if char_len(text) > MAX_SHORT_LINE || word_count(text) > 14 || TABLE_ROW_RE.is_match(text) {
        return None;
    }
    if text.contains('@') || text.starts_with(['—', '–']) {
        return None;
    }
    let found = find_date(text)?;
    let after = after_chars(text, found.end);
    if is_date_range(after) {
        return None;
    }
    let rest = format!("{} {after}", first_chars(text, found.start));
    if has_figure(&rest) {
        return None;
    }
    let rest = CLOCK_RE.replace_all(&rest, " ");
    let lower = words(&rest)
        .into_iter()
        .filter(|w| {
            let folded = casefold(w);
            w.chars().next().is_some_and(char::is_lowercase)
                && !DATE_LABEL_SET.contains(folded.trim_matches('.'))
                && !is_weekday(folded.trim_matches(['.', ',']))
        })
        .count();
    (lower <= 1).then_some(found.iso)
}

/// Python's `str.split()`: the words between runs of white space.
fn py_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(crate::text::is_py_space)
        .filter(|w| !w.is_empty())
}

/// The author a byline line names. A name glued to "in" and a place
/// ("Khushboo Razdanin Washington") counts only when the page shows that
/// name on a line of its own (`names`).
pub fn byline(text: &str, names: &HashSet<&str>) -> Option<String> {
    if char_len(text) > MAX_SHORT_LINE || word_count(text) > 12 {
        return None;
    }
    if ends_sentence(text) && text.matches(' ').count() > 6 {
        return None;
    }
    if let Some(caps) = BY_RE.captures(text) {
        let rest = &caps["rest"];
        if py_strip(rest).is_empty() || BY_REST_RE.is_match(rest) {
            let name = py_strip(&caps["name"]);
            let first = py_split(name).next().map(casefold).unwrap_or_default();
            if !matches!(first.as_ref(), "the" | "a" | "an") && py_split(name).count() >= 2 {
                return Some(name.to_string());
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    let caps = GLUED_IN_RE.captures(text)?;
    let name = py_strip(&caps["name"]);
    (!text.starts_with("In ") && !text.starts_with("The ") && names.contains(name))
        .then(|| name.to_string())
}

/// The head zone (kept segments before the body), the body's first segment,
/// and each dek that repeats later text with the segment it repeats in.
#[derive(Debug, Default)]
pub struct Head<'a> {
    pub zone: Vec<&'a Segment>,
    pub body: Option<&'a Segment>,
    pub repeats: BTreeMap<usize, usize>,
}

/// A paragraph that lacks its full stop: long, in sentence case, no title.
pub fn is_unstopped_paragraph(text: &str) -> bool {
    if char_len(text) > MAX_SHORT_LINE || word_count(text) <= LONG_TITLE_WORDS {
        return false;
    }
    let lower = words(text)
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    2 * lower > LONG_TITLE_WORDS && !ends_ellipsis(text) && capitalized_ratio(text) < 0.5
}

/// The head zone of `page`.
pub fn head<'a>(page: &Page<'a>) -> Head<'a> {
    let kept = page.kept();
    let min_words = page.options.min_body_words;
    // The folded text of all kept lines, joined once (when first needed): a
    // line repeats later when its fold stands after the start of the next line.
    let mut joined: Option<(String, Vec<usize>)> = None;
    let mut repeated_in = |pos: usize, folded: &str| -> Option<usize> {
        if py_split(folded).count() < 6 {
            return None;
        }
        let (text, starts) = joined.get_or_insert_with(|| {
            let folds: Vec<&str> = kept.iter().map(|s| page.lines.fold(s.index)).collect();
            let mut starts = Vec::with_capacity(folds.len() + 1);
            let mut at = 0;
            starts.push(0);
            for f in &folds {
                at += f.len() + 1;
                starts.push(at);
            }
            (folds.join("\n"), starts)
        });
        let from = starts[pos + 1].min(text.len());
        let found = from + text[from..].find(folded)?;
        let line = starts.partition_point(|&s| s <= found) - 1;
        Some(kept[line].index)
    };
    let mut repeats = BTreeMap::new();
    let mut start = None;
    for (pos, seg) in kept.iter().enumerate() {
        let text = seg.text.as_str();
        if is_bullet(text) || !(is_prose(text, min_words) || is_unstopped_paragraph(text)) {
            continue;
        }
        if let Some(later) = repeated_in(pos, page.lines.fold(seg.index)) {
            repeats.insert(seg.index, later);
            if repeats.len() >= MAX_REPEATS {
                break; // decided (below); more repeats would only cost time
            }
            continue;
        }
        start = Some(pos);
        break;
    }
    if repeats.len() >= MAX_REPEATS {
        // So many "deks" means the page holds a copy of the whole article (a
        // meta description or JSON-LD articleBody): the first one is the body.
        let first = kept
            .iter()
            .position(|s| repeats.contains_key(&s.index))
            .expect("a repeat is a kept line");
        return with_standfirst(kept, first, BTreeMap::new(), min_words);
    }
    match start {
        None => Head::default(),
        Some(start) => with_standfirst(kept, start, repeats, min_words),
    }
}

fn with_standfirst<'a>(
    kept: Vec<&'a Segment>,
    mut start: usize,
    repeats: BTreeMap<usize, usize>,
    min_words: usize,
) -> Head<'a> {
    // A standfirst that reads as prose is followed by the byline or date: look ahead.
    let none = HashSet::new();
    for _ in 0..2 {
        let ahead = &kept[(start + 1).min(kept.len())..(start + 4).min(kept.len())];
        let Some(last) = ahead
            .iter()
            .rposition(|s| byline(&s.text, &none).is_some() || date_line(&s.text).is_some())
        else {
            break;
        };
        let mut next = start + 1 + last + 1;
        while next < kept.len()
            && (!is_prose(&kept[next].text, min_words) || is_bullet(&kept[next].text))
        {
            next += 1;
        }
        if next >= kept.len() {
            break;
        }
        start = next;
    }
    Head {
        body: Some(kept[start]),
        zone: kept[..start].to_vec(),
        repeats,
    }
}

/// Passes that only guess from position (before the first paragraph); on a
/// text where no other pass found furniture they stand down.
pub const GUESSING_PASSES: [Code; 4] = [
    Code::SECTION_LABEL,
    Code::TITLE,
    Code::STANDFIRST,
    Code::HEAD_FRAGMENT,
];

/// Whether no pass has found furniture yet (then the guessing passes keep
/// out). With `head_only`, furniture counts only in the first half of the
/// text.
pub fn bare_article(page: &Page<'_>, head_only: bool) -> bool {
    let n = page.segments.len();
    !page.removed.iter().enumerate().any(|(i, code)| {
        code.is_some_and(|c| !GUESSING_PASSES.contains(&c)) && (!head_only || 2 * i < n)
    })
}

/// After CL206 took a title off a text whose first half shows no other
/// furniture, the one line left before the body, when it is plainly a title.
fn lone_title_left<'a>(page: &Page<'a>) -> Option<&'a Segment> {
    if !page.any_removed_by(Code::TITLE) {
        return None;
    }
    let zone = head(page).zone;
    if zone.len() == 1 && !title_candidates(&zone).is_empty() && plain_title(&zone[0].text) {
        return Some(zone[0]);
    }
    None
}

/// A title longer than this is in Title Case; a longer line in sentence case
/// is a paragraph that lacks its full stop.
pub const LONG_TITLE_WORDS: usize = 20;

const TITLE_ENDS: [char; 9] = ['.', ':', ';', ',', '。', '．', '：', '；', '，'];

/// The lines of the head zone that could be the title.
pub fn title_candidates<'a>(zone: &[&'a Segment]) -> Vec<&'a Segment> {
    let none = HashSet::new();
    zone.iter()
        .copied()
        .filter(|seg| {
            let t = seg.text.as_str();
            let n = word_count(t);
            char_len(t) <= MAX_SHORT_LINE
                && n >= 4
                && !t.ends_with(TITLE_ENDS)
                && !ends_ellipsis(t)
                && !is_bullet(t)
                && !is_caption(t)
                && date_line(t).is_none()
                && byline(t, &none).is_none()
                && !(is_breadcrumb(t) && GLUED_CRUMB_RE.is_match(t))
                && n <= 40
                && !is_unstopped_paragraph(t)
        })
        .collect()
}

/// The first candidate the page repeats (a `<title>` and its heading), else
/// the first one.
fn repeated_first<'a>(page: &Page<'_>, candidates: &[&'a Segment]) -> &'a Segment {
    if candidates.len() < 2 {
        return candidates[0];
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for seg in page.kept() {
        *counts
            .entry(fold(strip_site_suffix(&seg.text)))
            .or_default() += 1;
    }
    candidates
        .iter()
        .copied()
        .find(|s| {
            counts
                .get(&fold(strip_site_suffix(&s.text)))
                .copied()
                .unwrap_or(0)
                > 1
        })
        .unwrap_or(candidates[0])
}

/// A title line beyond doubt: not shouted, no link, no labels, no question in
/// sentence case.
pub fn plain_title(text: &str) -> bool {
    // some letter, and not every cased one upper case
    if !text.chars().any(|c| is_py_alpha(c) && c.is_lowercase()) {
        return false;
    }
    if text.contains("://") || text.contains("www.") || text.matches(':').count() > 1 {
        return false;
    }
    !text.ends_with('?') || capitalized_ratio(text) >= 0.75
}

/// Where the site name of a page title starts (the Python's
/// `(?<!\s)\s++[|–—-]\s++[^|–—-]{2,60}$`): the first run of white space
/// followed by a separator, white space and 2 to 60 characters to the end,
/// none of them a separator.
fn site_suffix_start(title: &str) -> Option<usize> {
    const SEPARATORS: [char; 4] = ['|', '–', '—', '-'];
    let mut previous_space = false;
    for (at, c) in title.char_indices() {
        let space = c.is_whitespace();
        if space && !previous_space {
            let run = title[at..].trim_start_matches(char::is_whitespace);
            if let Some(after) = run.strip_prefix(SEPARATORS) {
                let rest = after.trim_start_matches(char::is_whitespace);
                if rest.len() < after.len() {
                    let n = char_len(rest);
                    if (2..=60).contains(&n) && !rest.contains(SEPARATORS) {
                        return Some(at);
                    }
                }
            }
        }
        previous_space = space;
    }
    None
}

/// A page title without its site name: "Headline - The Site" -> "Headline".
pub fn strip_site_suffix(title: &str) -> &str {
    if char_len(title) > MAX_SHORT_LINE {
        return title;
    }
    match site_suffix_start(title) {
        Some(at) if word_count(&title[..at]) >= 3 => &title[..at],
        _ => title,
    }
}

// -- passes -----------------------------------------------------------------------

/// CL204 `photo-caption`.
pub fn photo_caption(text: &str) -> Option<Reason> {
    is_caption(text).then_some(Reason::PhotoCaption)
}

/// CL205 `breadcrumb`.
pub fn breadcrumb(text: &str) -> Option<Reason> {
    is_breadcrumb(text).then_some(Reason::Breadcrumb)
}

/// The head family's line passes (CL204, CL205).
pub static LINE_PASSES: &[LinePass] = &[
    LinePass {
        code: Code::PHOTO_CAPTION,
        screen: Screen::CreditMark,
        rule: photo_caption,
    },
    LinePass {
        code: Code::BREADCRUMB,
        screen: Screen::Crumb,
        rule: breadcrumb,
    },
];

/// CL208 `repeated-lede`: a dek before the body that repeats a sentence of
/// the body.
pub fn repeated_lede(page: &Page<'_>) -> Outcome {
    let h = head(page);
    Outcome::removing(
        h.repeats
            .into_iter()
            .map(|(i, later)| {
                let repeat = Repeat::of_one(&page.segments[later], false);
                let kind = RepeatKind::Dek;
                (i, Reason::Repeat { kind, repeat })
            })
            .collect(),
    )
}

/// CL202 `date-line`: lines that are only a date; the first gives the date.
pub fn date_lines(page: &Page<'_>) -> Outcome {
    let h = head(page);
    let Some(body) = h.body else {
        return Outcome::default();
    };
    let zone: HashSet<usize> = h.zone.iter().map(|s| s.index).collect();
    let mut removed = BTreeMap::new();
    let mut first = None;
    for seg in page.kept() {
        let in_zone = zone.contains(&seg.index);
        if !in_zone && seg.index < body.index {
            continue;
        }
        if let Some(iso) = date_line(&seg.text)
            && (in_zone || page.lines.words(seg.index) <= 10)
        {
            first.get_or_insert_with(|| iso.clone());
            removed.insert(seg.index, Reason::DateLine(iso));
        }
    }
    Outcome::removing(removed).with(MetaKey::Date, first)
}

/// CL203 `byline`: bylines in the head ("By Jane Doe", a name line, glued
/// "NameNamein City").
pub fn bylines(page: &Page<'_>) -> Outcome {
    let h = head(page);
    let is_name = |t: &str| char_len(t) <= MAX_SHORT_LINE && NAME_RE.is_match(t);
    let names: HashSet<&str> = h
        .zone
        .iter()
        .map(|s| s.text.as_str())
        .filter(|t| is_name(t))
        .collect();
    let mut removed = BTreeMap::new();
    let mut author = None;
    for (pos, seg) in h.zone.iter().enumerate() {
        let text = seg.text.as_str();
        let mut name = byline(text, &names);
        let next = h.zone.get(pos + 1).map_or("", |s| s.text.as_str());
        if name.is_none() && is_name(text) && next.starts_with(text) && next != text {
            name = Some(text.to_string());
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            removed.insert(seg.index, Reason::Byline);
            author.get_or_insert(name);
        }
    }
    Outcome::removing(removed).with(MetaKey::Author, author)
}

/// A table of contents lists at least this many of the body's section headings.
pub const MIN_CONTENTS_ENTRIES: usize = 2;

/// The title candidates that are entries of a table of contents: at least
/// [`MIN_CONTENTS_ENTRIES`] of them stand again in the body as the heading of
/// a paragraph (a later line that prose follows). Such a line names a
/// section, not the page: it is never the title.
fn contents_entries(page: &Page<'_>, h: &Head<'_>, candidates: &[&Segment]) -> HashSet<usize> {
    let Some(body) = h.body.filter(|_| candidates.len() >= MIN_CONTENTS_ENTRIES) else {
        return HashSet::new();
    };
    let min_words = page.options.min_body_words;
    let kept = page.kept();
    let headings: HashSet<&str> = kept
        .windows(2)
        .filter(|pair| {
            let (seg, next) = (pair[0], pair[1]);
            seg.index > body.index
                && char_len(&seg.text) <= MAX_SHORT_LINE
                && is_prose(&next.text, min_words)
                && !is_prose(&seg.text, min_words)
        })
        .map(|pair| page.lines.fold(pair[0].index))
        .collect();
    let entries: HashSet<usize> = candidates
        .iter()
        .filter(|s| headings.contains(page.lines.fold(s.index)))
        .map(|s| s.index)
        .collect();
    if entries.len() >= MIN_CONTENTS_ENTRIES {
        entries
    } else {
        HashSet::new()
    }
}

/// CL206 `title`: the title, kept as metadata, removed from the body with
/// all its repeats; one title per page (the entries of a table of contents
/// are never taken for it). On a text where no pass found furniture, only a
/// first line that is plainly a title goes, and only when the body follows
/// it.
pub fn title(page: &Page<'_>) -> Outcome {
    let h = head(page);
    let mut candidates = title_candidates(&h.zone);
    let contents = contents_entries(page, &h, &candidates);
    if !contents.is_empty() {
        candidates.retain(|s| !contents.contains(&s.index));
    }
    if bare_article(page, false) {
        candidates.truncate(1);
        candidates.retain(|s| h.zone.len() == 1 && plain_title(&s.text));
    }
    if candidates.is_empty() {
        return Outcome::default();
    }
    let first = repeated_first(page, &candidates);
    let name = strip_site_suffix(&first.text);
    let folded_name = fold(name);
    let folded: HashSet<String> = [fold(&first.text), folded_name.clone()].into();
    let zone: BTreeSet<usize> = h.zone.iter().map(|s| s.index).collect();
    let mut removed = BTreeMap::from([(first.index, Reason::Title)]);
    for seg in page.kept() {
        if seg.index == first.index {
            continue;
        }
        let text = page.lines.fold(seg.index);
        if folded.contains(text) || (zone.contains(&seg.index) && text.ends_with(&folded_name)) {
            removed.insert(seg.index, Reason::TitleRepeat);
        }
    }
    Outcome::removing(removed).with(MetaKey::Title, Some(name.to_string()))
}

/// CL201 `section-label`: short section labels and kickers in the head.
pub fn section_label(page: &Page<'_>) -> Outcome {
    if bare_article(page, false) {
        return Outcome::default();
    }
    Outcome::removing(
        head(page)
            .zone
            .iter()
            .filter(|s| {
                page.lines.words(s.index) <= 4 && char_len(&s.text) <= 40 && !ends_sentence(&s.text)
            })
            .map(|s| (s.index, Reason::SectionLabel))
            .collect(),
    )
}

/// CL207 `standfirst`: standfirst bullets and summary lines between the
/// title and the body.
pub fn standfirst(page: &Page<'_>) -> Outcome {
    if bare_article(page, true) {
        return Outcome::default();
    }
    let min_words = page.options.min_body_words;
    Outcome::removing(
        head(page)
            .zone
            .iter()
            .filter(|s| is_bullet(&s.text) || is_prose(&s.text, min_words))
            .map(|s| (s.index, Reason::Standfirst))
            .collect(),
    )
}

/// CL209 keeps a line longer than this: it is text, whatever its punctuation.
pub const MAX_FRAGMENT_WORDS: usize = 60;

/// CL209 `head-fragment`: anything else before the first paragraph. A short
/// paragraph that ends like a sentence (five words or more) is kept; a line
/// that could be the title is not. On a text where no other pass found
/// furniture it keeps out, but for a plain title left alone once CL206 took
/// the title.
pub fn head_fragment(page: &Page<'_>) -> Outcome {
    if bare_article(page, true) {
        return Outcome::removing(
            lone_title_left(page)
                .map(|s| (s.index, Reason::LoneTitle))
                .into_iter()
                .collect(),
        );
    }
    let h = head(page);
    let titles: HashSet<usize> = title_candidates(&h.zone).iter().map(|s| s.index).collect();
    Outcome::removing(
        h.zone
            .iter()
            .filter(|s| {
                let n = page.lines.words(s.index);
                titles.contains(&s.index)
                    || !((ends_sentence(&s.text) && n >= 5) || n > MAX_FRAGMENT_WORDS)
            })
            .map(|s| (s.index, Reason::HeadFragment))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{outcome, outcome_with, run};
    use super::super::{Lines, Options};
    use super::*;

    fn removed(text: &str, codes: &[(usize, Code)], f: super::super::PageFn) -> Vec<usize> {
        outcome_with(text, codes, None, &Options::new(), f)
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn captions() {
        assert!(is_caption(
            "Blinken (left) meets Liu in Washington on Friday. Photo: Reuters"
        ));
        assert!(is_caption("Smoke rises over the city. (AP Photo/Jane Doe)"));
        assert!(is_caption(
            "Smoke rises over the city. Jane Doe/AFP via Getty Images"
        ));
        assert!(!is_caption(
            "The photo was taken by Reuters on Friday, the agency said."
        ));
        assert!(has_credit_mark("Photo: Reuters") && !has_credit_mark("Rain fell in Paris"));
        assert_eq!(
            photo_caption("Blinken meets Liu at the State Department on Friday. Photo: Reuters")
                .map(|r| r.to_string())
                .as_deref(),
            Some("photo caption (ends with a picture credit)")
        );
        assert!(photo_caption("The photo agency Reuters said it would appeal.").is_none());
    }

    #[test]
    fn breadcrumbs() {
        assert!(is_breadcrumb(
            "HomeWorldUS Secretary of State Antony Blinken Advocates for Stability"
        ));
        assert!(is_breadcrumb("Home » News » Politics"));
        assert!(!is_breadcrumb("Homeowners in the area were told to leave."));
        assert!(could_be_crumb("Home » News » Politics") && !could_be_crumb("Rain fell in Paris"));
        assert_eq!(
            breadcrumb("HomeWorldUS Secretary of State").map(|r| r.to_string()),
            Some("breadcrumb navigation trail".to_string())
        );
        assert!(breadcrumb("Homework is due on Monday, the teacher said.").is_none());
    }

    #[test]
    fn dates() {
        assert!(is_date_range(" | 20 January 2019") && is_date_range(" ~ OPEN RUN"));
        assert!(!is_date_range(" - 9:30 AM") && !is_date_range(" | Updated 14 January 2019"));
        assert_eq!(date_line("1, March, 2024").as_deref(), Some("2024-03-01"));
        assert_eq!(
            date_line("date 2024-01-13 South China Morning Post").as_deref(),
            Some("2024-01-13")
        );
        assert_eq!(
            date_line("Updated: Friday, January 12, 2024, 9:30 pm IST").as_deref(),
            Some("2024-01-12")
        );
        assert_eq!(
            date_line("He was born on 1 March 1950 in a small village near the border."),
            None
        );
        assert_eq!(date_line("| 1/1/2013 | +13.1% |"), None);
        assert_eq!(date_line("| 1/1/2013 |").as_deref(), Some("2013-01-01"));
    }

    #[test]
    fn bylines_of_a_line() {
        let none = HashSet::new();
        assert_eq!(
            byline("By Jane Doe and John Roe", &none).as_deref(),
            Some("Jane Doe")
        );
        let names = HashSet::from(["Khushboo Razdan"]);
        assert_eq!(
            byline("Khushboo Razdanin Washington", &names).as_deref(),
            Some("Khushboo Razdan")
        );
        assert_eq!(byline("Khushboo Razdanin Washington", &none), None);
        assert_eq!(byline("Main Meals", &HashSet::from(["Main Meals"])), None);
        assert_eq!(
            byline("By the end of the week, talks had stalled.", &none),
            None
        );
    }

    #[test]
    fn unstopped_paragraphs_and_plain_titles() {
        assert!(is_unstopped_paragraph(
            "The club paid the fee to the league this morning to secure the signing of the \
             keeper, who flew to London yesterday evening"
        ));
        assert!(!is_unstopped_paragraph(
            "Our Research Shows A Mix Of Native Ad Units Generate The Highest Engagement For \
             Marketers And The Brands They Work With"
        ));
        assert!(plain_title(
            "PG&E begins new mass power shutoff over fire danger"
        ));
        assert!(!plain_title("LOOK WHAT YOU MADE ME DO"));
        assert!(!plain_title("Remember the state slogan quest?"));
        assert!(!plain_title("中国外交官与布林肯会面"));
    }

    #[test]
    fn site_suffixes() {
        assert_eq!(
            strip_site_suffix("Republicans Are Following Trump to Nowhere - The New York Times"),
            "Republicans Are Following Trump to Nowhere"
        );
        // the white space after the separator is never counted in the suffix
        assert_eq!(
            strip_site_suffix("Rain in Paris today - X"),
            "Rain in Paris today - X"
        );
        assert_eq!(
            strip_site_suffix("Rain in Paris today -  XY"),
            "Rain in Paris today"
        );
        // a separator in the suffix, or too few words before it
        assert_eq!(strip_site_suffix("One - Two | Three"), "One - Two | Three");
        assert_eq!(strip_site_suffix("Rain - The Site"), "Rain - The Site");
        // the first run of white space before the separator counts, not a later one
        assert_eq!(
            strip_site_suffix("Rain  in Paris today \t| The Site"),
            "Rain  in Paris today"
        );
    }

    #[test]
    fn the_head_zone() {
        let text = "World\n\nA Headline Here Today\n\n\
            The first paragraph of the story runs for more than twelve words, as it should.";
        super::super::testing::on_page(text, |page| {
            let h = head(page);
            let zone: Vec<&str> = h.zone.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(zone, ["World", "A Headline Here Today"]);
            assert!(h.body.unwrap().text.starts_with("The first"));
        });
    }

    #[test]
    fn bare_articles() {
        let text = "A short lede.\n\nThe body goes on for a while.\n\n0 Comments";
        let segs = super::super::testing::segments(text);
        let lines = Lines::new(&segs);
        let options = Options::new();
        let bare = |removed: &[Option<Code>], head_only| {
            let page = Page {
                segments: &segs,
                removed,
                title: None,
                options: &options,
                lines: &lines,
                page_type: None,
                extracted: false,
            };
            bare_article(&page, head_only)
        };
        let mut removed = vec![None; segs.len()];
        assert!(bare(&removed, false));
        removed[2] = Some(Code::COMMENTS_PROMPT);
        assert!(!bare(&removed, false));
        assert!(bare(&removed, true));
        removed[2] = Some(Code::TITLE);
        assert!(bare(&removed, false));
    }

    #[test]
    fn repeated_ledes() {
        let text = "Big News Headline Here\n\n\
            He said the plan, agreed on Friday, would start in March next year.\n\n\
            Officials met for hours. He said the plan, agreed on Friday, would start in March \
            next year. Then they left.";
        let o = run(text, &[], None, &Options::new(), repeated_lede);
        let (i, reason) = o.removed.into_iter().next().unwrap();
        assert_eq!(
            (i, reason.to_string().as_str()),
            (1, "dek repeats a sentence of the article body")
        );
        let repeat = reason.repeat().unwrap();
        assert_eq!(
            (repeat.of.as_slice(), repeat.lines.as_slice()),
            (&[2][..], &[5][..])
        );
        assert_eq!((repeat.exact, repeat.need), (false, None));
    }

    #[test]
    fn date_lines_give_the_date() {
        let o = run(
            "1, March, 2024\n\nA long enough opening paragraph of the story, with many words in it.",
            &[],
            None,
            &Options::new(),
            date_lines,
        );
        assert_eq!(o.removed[&0].to_string(), "date line (2024-03-01)");
        assert_eq!(o.meta, [(MetaKey::Date, "2024-03-01".to_string())]);
    }

    #[test]
    fn a_date_beside_a_figure_is_a_row_of_data() {
        assert_eq!(date_line("1/1/2013 +13.1%"), None);
        assert_eq!(date_line("March 3, 2024 $4.99"), None);
        assert_eq!(
            date_line("2012-03-23 22:27:41 +00:00").as_deref(),
            Some("2012-03-23")
        );
        assert_eq!(
            date_line("Fri, 1 Feb 2002 13:07:39 -0500").as_deref(),
            Some("2002-02-01")
        );
        assert!(!is_breadcrumb("1/1/2013 +13.1%"));
        assert!(is_breadcrumb("Home / 2024 / May"));
        assert!(has_figure("-3 points") && has_figure("up 5 %") && has_figure("€ 12"));
        assert!(!has_figure("at +0100 today") && !has_figure("x+3"));
    }

    #[test]
    fn bylines_name_the_author() {
        let text = "Khushboo Razdan\nKhushboo Razdanin Washington\n\
            A top Chinese Communist Party envoy met senior US officials at the State Department.";
        let o = run(text, &[], None, &Options::new(), bylines);
        assert_eq!(o.removed.keys().copied().collect::<Vec<_>>(), [0, 1]);
        assert_eq!(o.meta, [(MetaKey::Author, "Khushboo Razdan".to_string())]);
    }

    #[test]
    fn titles() {
        let text = "Share on X\nInternational\n\nBlinken Meets Chinese Diplomats\n\n\
            Secretary of State Antony Blinken stressed the importance of peace on Friday.";
        let o = run(
            text,
            &[(0, Code::SHARE_FOLLOW)],
            None,
            &Options::new(),
            title,
        );
        assert_eq!(
            o.removed.into_iter().collect::<Vec<_>>(),
            [(2, Reason::Title)]
        );
        assert_eq!(
            o.meta,
            [(
                MetaKey::Title,
                "Blinken Meets Chinese Diplomats".to_string()
            )]
        );
        // a bare text: only a first line that is plainly a title
        let body = "Secretary of State Antony Blinken stressed the importance of peace on Friday.";
        assert_eq!(
            removed(
                &format!("Blinken meets Chinese diplomats\n\n{body}"),
                &[],
                title
            ),
            [0]
        );
        assert!(removed(&format!("WHAT A DAY\n\n{body}"), &[], title).is_empty());
    }

    #[test]
    fn the_entries_of_a_table_of_contents_are_never_the_title() {
        let prose = "The {} paragraph of the story runs for more than twelve words, as it should.";
        let p = |n| prose.replace("{}", n);
        let text = format!(
            "Rain Falls On Paris Today\nContents\nWhere The Rain Fell Most\n\
             What The Forecast Says Next\n{}\nWhere The Rain Fell Most\n{}\n\
             What The Forecast Says Next\n{}",
            p("first"),
            p("second"),
            p("third")
        );
        let o = run(&text, &[(1, Code::ICON_NAME)], None, &Options::new(), title);
        assert_eq!(
            o.removed.into_iter().collect::<Vec<_>>(),
            [(0, Reason::Title)]
        );
        assert_eq!(
            o.meta,
            [(MetaKey::Title, "Rain Falls On Paris Today".to_string())]
        );
    }

    #[test]
    fn the_first_repeated_candidate_is_the_title() {
        let text = "Skip to content Skip to site index\nOpinion | Trump Went to Nowhere\nLog In\n\
            Opinion | Trump Went to Nowhere\n\
            The body begins here and runs on for long enough to be the article body, as it does.";
        let o = run(text, &[(2, Code::ICON_NAME)], None, &Options::new(), title);
        assert_eq!(
            o.meta,
            [(
                MetaKey::Title,
                "Opinion | Trump Went to Nowhere".to_string()
            )]
        );
        assert_eq!(o.removed[&1], Reason::Title);
        assert_eq!(o.removed[&3], Reason::TitleRepeat);
    }

    #[test]
    fn section_labels() {
        let text = "Share on X\nINTERNATIONAL\n\n\
            On the day of Taiwan's elections, Blinken will meet a top Chinese official in Washington.";
        assert_eq!(
            outcome_with(
                text,
                &[(0, Code::SHARE_FOLLOW)],
                None,
                &Options::new(),
                section_label
            ),
            [(1, "section label".to_string())]
        );
        assert!(outcome(text, section_label).is_empty());
    }

    #[test]
    fn standfirsts() {
        let text = "Share on X\n- Talks held at State Department\n\
            A top Chinese Communist Party envoy met senior US officials at the State Department.";
        assert_eq!(
            outcome_with(
                text,
                &[(0, Code::SHARE_FOLLOW)],
                None,
                &Options::new(),
                standfirst
            ),
            [(1, "standfirst (summary before the body)".to_string())]
        );
        assert!(outcome(text, standfirst).is_empty());
    }

    #[test]
    fn head_fragments() {
        let text = "Updated 12 January 2024\n\nUS Secretary of State Antony Blinken\n\n\
            Secretary of State Antony Blinken stressed the importance of peace and stability.";
        assert_eq!(
            outcome_with(
                text,
                &[(0, Code::DATE_LINE)],
                None,
                &Options::new(),
                head_fragment
            ),
            [(1, "fragment before the article body".to_string())]
        );
        assert!(outcome(text, head_fragment).is_empty());
        let text = "Share on X\nIs this the end of the talks?\n\n\
            Secretary of State Antony Blinken stressed the importance of peace and stability.";
        assert_eq!(
            removed(text, &[(0, Code::SHARE_FOLLOW)], head_fragment),
            [1]
        );
        // a plain title left alone once CL206 took the title of a bare text
        let text = "Rain Falls on Paris Today\nRain falls on the city of Paris\n\
            Secretary of State Antony Blinken stressed the importance of peace and stability.";
        assert_eq!(
            outcome_with(
                text,
                &[(0, Code::TITLE)],
                None,
                &Options::new(),
                head_fragment
            ),
            [(1, "title-like line left before the body".to_string())]
        );
    }
}
