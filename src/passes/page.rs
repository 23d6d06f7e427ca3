//! CL4xx: the article body of a whole web page rendered as text (the port of
//! `cleaner/passes/page.py`): a line classifier with context, in the spirit
//! of jusText and boilerpipe.
//!
//! 1. **Features** of every line (`linefeatures.line_stats`): words,
//!    stopword density, terminal punctuation, a link-list look, repetition.
//! 2. **Context-free classes** (jusText's first phase): good, near, short
//!    and bad; lines an earlier pass removed count as bad.
//! 3. **Revision** (jusText's second phase): short and near lines take the
//!    class of their nearest decided neighbours.
//! 4. **Anchor**: the densest run of prose is the body.
//! 5. **Tail cuts** at a comment section, a footer or a teaser heading after
//!    the body; **head cuts** before the anchor.
//!
//! When the page shows no furniture, the text is taken to be an article
//! already and nothing is removed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::catalogue::Code;
use crate::features::linefeatures::densest_run;
use crate::model::Segment;
use crate::text::first_chars;
use crate::text::textstats::{ends_ellipsis, ends_sentence, fold, is_bullet, is_prose};

use super::{Outcome, Page, Reason, Repeat, RepeatKind, Side, TailKind};

// -- thresholds (jusText's defaults, in words rather than characters) ---------

/// A good line has at least this many words and this stopword density.
pub const GOOD_WORDS: usize = 10;
pub const GOOD_DENSITY: f64 = 0.25;
/// Below this density a line of 4+ words reads as a list of names (bad).
pub const BAD_DENSITY: f64 = 0.10;
/// Shorter lines are short and take their class from their neighbours.
pub const SHORT_WORDS: usize = 5;
/// Scores of the densest run: a bad line costs this many words of prose.
pub const BAD_COST: f64 = 6.0;
pub const SHORT_COST: f64 = 1.0;
/// What a medium line without terminal punctuation that the revision made
/// good adds to the run (not its words).
pub const UNSTOPPED_NEAR_SCORE: f64 = 0.5;
/// How many densest runs are tried before the page is taken to have no body.
pub const MAX_RUN_TRIES: usize = 3;
/// Lines removed by earlier passes a page needs before lines outside the
/// anchor are cut (or two phrase-list hits); a side needs this many of its own.
pub const MIN_FURNITURE: usize = 5;
pub const MIN_SIDE_FURNITURE: usize = 2;
/// Words of body prose that must precede a comment, footer or teaser marker.
pub const MIN_BODY_BEFORE_TAIL: usize = 30;
/// How far after a teaser heading the body may resume (the teasers CL301 removed).
pub const MAX_INLINE_TEASERS: usize = 8;
/// The hundred of the phrase-list passes' codes (CL1xx) and of the tail's
/// (CL3xx), as the Python counts them (`code.startswith("CL1")`).
const PHRASE_HUNDRED: u16 = Code::READ_ALSO.hundred();
const TAIL_HUNDRED: u16 = Code::TEASER_BLOCK.hundred();

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

static SAYS_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\A\S.{0,60}?\s(?:says|said|wrote|schreibt|sagt|dit|écrit|dice|escribió|dijo|scrive)\s*:\z",
    )
});
static RESPONSES_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\A\d+\s+(?:responses?|comments?|replies|thoughts?|reactions?|kommentare?|commentaires?|",
        r"comentarios?|réponses?|respuestas?)\s+(?:to|on|on\s+“|zu|à|sur|a|en|para)\b"
    ))
});
static FOOTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\A(?:©|\(c\)|copyright\b)|\b(?:all rights reserved|alle rechte vorbehalten|",
        r"tous droits réservés|todos los derechos reservados)\b"
    ))
});

// -- features -------------------------------------------------------------------

/// The features of one segment (every segment, kept or not).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    pub words: usize,
    pub density: f64,
    pub terminal: bool,
    pub linky: bool,
    pub repeated: bool,
}

/// Every segment's features and whether the page's words are covered by a
/// stoplist.
#[derive(Clone, Debug, PartialEq)]
pub struct Features {
    pub lines: Vec<Line>,
    pub use_density: bool,
}

/// The features of a page's lines, from its line measures.
pub fn features(stats: &crate::features::linefeatures::LineStats) -> Features {
    let density = stats.column("density");
    let terminal = stats.column("terminal");
    let linky = stats.column("linky");
    let repeats = stats.column("log_repeats");
    let lines = (0..stats.words.len())
        .map(|i| Line {
            words: stats.words[i],
            density: f64::from(density[i]),
            terminal: terminal[i] > 0.0,
            linky: linky[i] > 0.0,
            repeated: repeats[i] > 0.0,
        })
        .collect();
    Features {
        lines,
        use_density: stats.use_density,
    }
}

// -- classes ----------------------------------------------------------------------

/// A line's class in jusText's two phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Good,
    Near,
    Short,
    Bad,
}

/// jusText's first phase.
pub fn context_free(line: &Line, use_density: bool) -> Class {
    if line.linky || (line.repeated && !line.terminal) {
        return Class::Bad;
    }
    if line.words < SHORT_WORDS {
        return Class::Short;
    }
    let density_ok = line.density >= GOOD_DENSITY || !use_density;
    if use_density && line.density < BAD_DENSITY {
        return Class::Bad;
    }
    if line.words >= GOOD_WORDS && density_ok && (line.terminal || line.words >= 25) {
        return Class::Good;
    }
    if density_ok || line.terminal {
        return Class::Near;
    }
    Class::Bad
}

fn undecided(c: Class) -> bool {
    matches!(c, Class::Short | Class::Near)
}

/// jusText's second phase: short and near lines take their neighbours'
/// class (the nearest decided class on each side, found in two sweeps).
pub fn revise(classes: &[Class]) -> Vec<Class> {
    let n = classes.len();
    let mut before = vec![Class::Bad; n];
    let mut after = vec![Class::Bad; n];
    let mut last = Class::Bad;
    for (i, &c) in classes.iter().enumerate() {
        before[i] = last;
        if !undecided(c) {
            last = c;
        }
    }
    last = Class::Bad;
    for i in (0..n).rev() {
        after[i] = last;
        if !undecided(classes[i]) {
            last = classes[i];
        }
    }
    let mut out = classes.to_vec();
    for (i, &c) in classes.iter().enumerate() {
        let (prev, next) = (before[i], after[i]);
        out[i] = match c {
            Class::Short if prev == Class::Good && next == Class::Good => Class::Good,
            Class::Short if prev == Class::Bad || next == Class::Bad => Class::Bad,
            Class::Short => Class::Good,
            Class::Near if prev == Class::Bad && next == Class::Bad => Class::Bad,
            Class::Near => Class::Good,
            other => other,
        };
    }
    out
}

/// Where the article body is: `start`/`end` are the first and one-past-last
/// segment index of the body, `tail` the segment index where a tail cut
/// begins, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub start: usize,
    pub end: usize,
    pub furniture: bool,
    pub tail: Option<(usize, Reason)>,
}

/// What the text of a line alone says of a tail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// "12 Comments on ..."
    Responses,
    /// "Joe says:"
    Says,
    Footer,
}

fn text_marker(text: &str, words: usize) -> Option<Marker> {
    if RESPONSES_RE.is_match(text) {
        return Some(Marker::Responses);
    }
    if SAYS_RE.is_match(text) && words <= 6 {
        return Some(Marker::Says);
    }
    if words <= 30 && FOOTER_RE.is_match(text) {
        return Some(Marker::Footer);
    }
    None
}

/// The tail that `seg` opens (a comment section, footer or teasers), if any.
fn tail_marker(seg: &Segment, words: usize, code: Option<Code>) -> Option<TailKind> {
    let marker = text_marker(&seg.text, words);
    if code == Some(Code::COMMENTS_PROMPT) || marker == Some(Marker::Responses) {
        return Some(TailKind::Comments);
    }
    if marker == Some(Marker::Says) {
        return Some(TailKind::Commenter);
    }
    if code == Some(Code::COPYRIGHT) || marker == Some(Marker::Footer) {
        return Some(TailKind::Footer);
    }
    if code == Some(Code::TEASER_HEADING) {
        return Some(TailKind::Teasers);
    }
    None
}

/// Whether the teaser heading at `heading` opens a box inside the body: the
/// teasers after it are gone (CL301) and body prose resumes right after them.
fn inline_teasers(page: &Page<'_>, heading: usize, revised: &[Class]) -> bool {
    let end = page.segments.len().min(heading + 1 + MAX_INLINE_TEASERS);
    for (i, &class) in revised.iter().enumerate().take(end).skip(heading + 1) {
        match page.removed_by(i) {
            None => return class == Class::Good && is_prose(&page.segments[i].text, 8),
            Some(code) if code != Code::TEASER_BLOCK => return false,
            Some(_) => {}
        }
    }
    false
}

fn opens_body(text: &str, words: usize, min_words: usize) -> bool {
    is_prose(text, min_words) || (ends_sentence(text) && words >= 5)
}

/// Locates the body of `page`; `None` when there is no prose at all.
pub fn find_body(page: &Page<'_>) -> Option<Body> {
    let feats = page.lines.body_features();
    let n = page.segments.len();
    let mut classes = Vec::with_capacity(n);
    let (mut phrase_hits, mut removals) = (0usize, 0usize);
    for (i, line) in feats.lines.iter().enumerate() {
        match page.removed_by(i) {
            Some(code) => {
                phrase_hits += usize::from(code.hundred() == PHRASE_HUNDRED);
                removals += usize::from(code.hundred() != TAIL_HUNDRED);
                classes.push(Class::Bad);
            }
            None => classes.push(context_free(line, feats.use_density)),
        }
    }
    let furniture =
        phrase_hits >= 2 || removals as f64 >= (MIN_FURNITURE as f64).max(0.2 * n as f64);
    if !classes.contains(&Class::Good) {
        return None;
    }
    let revised = revise(&classes);
    let mut scores: Vec<f64> = (0..n)
        .map(|i| {
            let line = &feats.lines[i];
            if revised[i] == Class::Good {
                match classes[i] {
                    Class::Short => 0.5,
                    Class::Near if !line.terminal => UNSTOPPED_NEAR_SCORE,
                    _ => line.words.min(80) as f64,
                }
            } else if !page.is_kept(i) {
                -BAD_COST / 2.0
            } else if classes[i] == Class::Bad {
                -BAD_COST
            } else {
                -SHORT_COST
            }
        })
        .collect();
    // The body starts with a line the head passes also take for body text and
    // ends with a prose line; a densest run with no such line is set aside.
    let min_words = page.options.min_body_words;
    let (mut lo, mut hi) = (0, 0);
    for _ in 0..MAX_RUN_TRIES {
        (lo, hi) = densest_run(&scores);
        let (start, end) = (lo, hi);
        while lo < hi && !opens_body(&page.segments[lo].text, page.lines.words(lo), min_words) {
            lo += 1;
        }
        while hi > lo && !matches!(classes[hi - 1], Class::Good | Class::Near) {
            hi -= 1;
        }
        if hi > lo || start == end {
            break;
        }
        scores[start..end].fill(-BAD_COST);
    }
    if hi <= lo {
        return None;
    }
    // Tail cut: the first comment section or footer after some of the body's
    // prose; a teaser heading only when less prose follows it than precedes it.
    let good_words: Vec<usize> = (0..n)
        .map(|i| {
            if revised[i] == Class::Good {
                feats.lines[i].words
            } else {
                0
            }
        })
        .collect();
    let left: usize = good_words[lo..].iter().sum();
    let mut seen = 0;
    let mut tail = None;
    for (i, &good) in good_words.iter().enumerate().skip(lo) {
        let seg = &page.segments[i];
        if let Some(kind) = tail_marker(seg, page.lines.words(i), page.removed_by(i))
            && seen >= MIN_BODY_BEFORE_TAIL
            && (kind != TailKind::Teasers
                || (left - seen < seen && !inline_teasers(page, i, &revised)))
        {
            let line = first_chars(&seg.text, 40).to_string();
            tail = Some((i, Reason::Tail { kind, line }));
            break;
        }
        seen += good;
    }
    Some(Body {
        start: lo,
        end: hi,
        furniture,
        tail,
    })
}

/// For every line, the size of the run of short (non-prose) lines around it.
fn short_runs(lines: &[Line]) -> Vec<usize> {
    let n = lines.len();
    let short: Vec<bool> = lines.iter().map(|l| l.words < GOOD_WORDS).collect();
    let mut left = vec![0usize; n];
    let mut right = vec![0usize; n];
    for i in 1..n {
        left[i] = if short[i - 1] { left[i - 1] + 1 } else { 0 };
    }
    for i in (0..n.saturating_sub(1)).rev() {
        right[i] = if short[i + 1] { right[i + 1] + 1 } else { 0 };
    }
    (0..n).map(|i| left[i] + 1 + right[i]).collect()
}

/// A reason naming the run of non-prose lines that `index` belongs to.
fn describe_run(line: &Line, side: Side, size: usize) -> Reason {
    if size >= 3 {
        Reason::NavigationRun { side, run: size }
    } else if line.repeated {
        Reason::RepeatedOutside { side }
    } else {
        Reason::OutsideRun { side }
    }
}

// -- copies (CL404) ------------------------------------------------------------------

/// A line repeated word for word must have this many words to count as a copy.
pub const MIN_COPY_WORDS: usize = 8;
/// A digest (a meta description or JSON-LD articleBody in one line) has this
/// many words, and this share of its sentences stand elsewhere on the page.
pub const DIGEST_WORDS: usize = 40;
pub const DIGEST_SHARE: f64 = 0.6;
/// How many other lines of a shared sentence a digest needs to know of.
const HOMES_NEEDED: usize = 2;

/// The parts of `text` between the runs of white space that follow a
/// sentence's end (the Python's split at `(?<=[.!?…])\s+`).
fn sentence_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() && matches!(previous, Some('.' | '!' | '?' | '…')) {
            let mut end = at + c.len_utf8();
            while let Some(&(next, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = next + d.len_utf8();
                chars.next();
            }
            parts.push(&text[start..at]);
            start = end;
            previous = Some(' ');
            continue;
        }
        previous = Some(c);
    }
    parts.push(&text[start..]);
    parts
}

/// The folded sentences of a line that have five words or more.
fn sentences(text: &str) -> Vec<String> {
    sentence_parts(text)
        .into_iter()
        .map(fold)
        .filter(|f| f.matches(' ').count() >= 4)
        .collect()
}

/// The folded lines of a page sorted, to find the earliest (in the order
/// they first stand on the page) that begins with a stem: a binary search
/// finds the range of lines that begin with it, a tree of minima the earliest
/// line in that range. Linear up to a log factor, however many lines end in
/// "...".
struct Earliest<'k> {
    sorted: Vec<&'k str>,
    tree: Vec<usize>,
}

impl<'k> Earliest<'k> {
    fn new(keys: &[&'k str]) -> Self {
        let n = keys.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&k| keys[k]);
        let sorted = order.iter().map(|&k| keys[k]).collect();
        let mut tree = vec![n; n];
        tree.extend(&order);
        for i in (1..n).rev() {
            tree[i] = tree[2 * i].min(tree[2 * i + 1]);
        }
        Earliest { sorted, tree }
    }

    /// The place of the earliest key that begins with `stem` (with
    /// `skip_stem`, not `stem` itself, which is a key).
    fn first(&self, stem: &str, skip_stem: bool) -> Option<usize> {
        let n = self.sorted.len();
        let lo = self.sorted.partition_point(|k| *k < stem);
        let hi = lo + self.sorted[lo..].partition_point(|k| k.starts_with(stem));
        let (mut lo, mut hi) = (lo + usize::from(skip_stem) + n, hi + n);
        let mut best = n;
        while lo < hi {
            if lo & 1 == 1 {
                best = best.min(self.tree[lo]);
                lo += 1;
            }
            if hi & 1 == 1 {
                hi -= 1;
                best = best.min(self.tree[hi]);
            }
            lo >>= 1;
            hi >>= 1;
        }
        (best < n).then_some(best)
    }
}

// -- passes -------------------------------------------------------------------------

/// CL404 `duplicate-text`: copies of article text. A paragraph of eight
/// words or more that stands earlier on the page is a copy (a list item
/// repeated in another list is not); so is one long line most of whose
/// sentences stand in other lines (a meta description, JSON-LD
/// `articleBody`), and a line ending in "..." that begins another line.
/// Each reason is a [`Repeat`] naming the lines the copy repeats (the
/// pipeline keeps the copy when one of them goes). Lines are found by their
/// folded text, never by comparing every pair.
pub fn duplicate_text(page: &Page<'_>) -> Outcome {
    let kept = page.kept();
    let lines = page.lines;
    // each folded line of eight words or more, in the order it first stands,
    // and the segment it stands for (a later bullet for a repeated bullet)
    let mut keys: Vec<&str> = Vec::new();
    let mut holder: Vec<&Segment> = Vec::new();
    let mut slot_of: HashMap<&str, usize> = HashMap::new();
    let mut removed: BTreeMap<usize, Reason> = BTreeMap::new();
    let mut copy_of: Vec<(usize, usize)> = Vec::new(); // each copy, and its original
    for &seg in &kept {
        let f = lines.fold(seg.index);
        if f.matches(' ').count() + 1 < MIN_COPY_WORDS {
            continue;
        }
        match slot_of.get(f) {
            Some(&slot) => {
                let first = holder[slot];
                if !(is_bullet(&seg.text) && is_bullet(&first.text)) {
                    let repeat = Repeat::of_one(first, true);
                    let kind = RepeatKind::Copy;
                    removed.insert(seg.index, Reason::Repeat { kind, repeat });
                    copy_of.push((seg.index, first.index));
                    continue;
                }
                holder[slot] = seg;
            }
            None => {
                slot_of.insert(f, keys.len());
                keys.push(f);
                holder.push(seg);
            }
        }
    }
    // each sentence of five words or more, and the lines it stands in
    let mut homes: HashMap<String, Vec<usize>> = HashMap::new();
    let mut sentences_of: HashMap<usize, Vec<String>> = HashMap::new();
    for &seg in &kept {
        if removed.contains_key(&seg.index) {
            continue;
        }
        let found = sentences(&seg.text);
        for sentence in &found {
            let at = homes.entry(sentence.clone()).or_default();
            if at.last() != Some(&seg.index) {
                at.push(seg.index);
            }
        }
        sentences_of.insert(seg.index, found);
    }
    let mut earliest: Option<Earliest<'_>> = None;
    // of each sentence, the first lines before the one at hand that stayed
    let mut stayed: HashMap<&str, Vec<usize>> = HashMap::new();
    for &seg in &kept {
        if removed.contains_key(&seg.index) {
            continue;
        }
        let own = &sentences_of[&seg.index];
        if ends_ellipsis(&seg.text) {
            let stem = lines.fold(seg.index);
            if stem.matches(' ').count() >= 4 {
                let skip = slot_of
                    .get(stem)
                    .is_some_and(|&slot| holder[slot].index == seg.index);
                let found = earliest
                    .get_or_insert_with(|| Earliest::new(&keys))
                    .first(stem, skip);
                if let Some(slot) = found {
                    let repeat = Repeat::of_one(holder[slot], false);
                    let kind = RepeatKind::Truncated;
                    removed.insert(seg.index, Reason::Repeat { kind, repeat });
                }
            }
        } else if lines.words(seg.index) >= DIGEST_WORDS && own.len() >= 3 {
            // up to two other lines each sentence stands in that are still
            // kept: those before that stayed, then those after (not judged yet)
            let mut others: Vec<usize> = Vec::new();
            let mut found: Vec<usize> = Vec::new(); // per sentence, the first such line
            for x in own {
                let mut elsewhere: Vec<usize> = stayed.get(x.as_str()).cloned().unwrap_or_default();
                if elsewhere.len() < HOMES_NEEDED {
                    let at = &homes[x];
                    let after = at.partition_point(|&i| i <= seg.index);
                    let need = HOMES_NEEDED - elsewhere.len();
                    elsewhere.extend(at[after..].iter().take(need));
                }
                if let Some(&first) = elsewhere.iter().min() {
                    found.push(first);
                    for i in elsewhere {
                        if !others.contains(&i) {
                            others.push(i);
                        }
                    }
                }
            }
            let sentences = own.len();
            if others.len() >= 2 && found.len() as f64 >= DIGEST_SHARE * sentences as f64 {
                let shared = found.len();
                let repeat = Repeat {
                    lines: found.iter().map(|&i| page.segments[i].line_no).collect(),
                    of: found,
                    exact: false,
                    need: Some((DIGEST_SHARE * sentences as f64 - 1e-9).ceil() as usize),
                };
                let kind = RepeatKind::Digest { shared, sentences };
                removed.insert(seg.index, Reason::Repeat { kind, repeat });
            }
        }
        if !removed.contains_key(&seg.index) {
            for x in own {
                let before = stayed.entry(x.as_str()).or_default();
                if before.len() < HOMES_NEEDED && before.last() != Some(&seg.index) {
                    before.push(seg.index);
                }
            }
        }
    }
    // a copy of a line this pass took as a truncated teaser or a digest is one
    // too, of the same lines (never a copy of a line that goes)
    let copies: HashSet<usize> = copy_of.iter().map(|&(copy, _)| copy).collect();
    for (copy, original) in copy_of {
        if !copies.contains(&original)
            && let Some(reason) = removed.get(&original).cloned()
        {
            removed.insert(copy, reason);
        }
    }
    Outcome::removing(removed)
}

/// CL401 `comment-section`: everything from a comment section, footer or
/// teaser heading after the body. A heading that counts the comments ("6
/// thoughts on “Title”") opens a comment section on any page.
pub fn comment_section(page: &Page<'_>) -> Outcome {
    let Some(body) = find_body(page) else {
        return Outcome::default();
    };
    let Some((tail, reason)) = body.tail else {
        return Outcome::default();
    };
    if !body.furniture && !RESPONSES_RE.is_match(&page.segments[tail].text) {
        return Outcome::default();
    }
    Outcome::removing(
        page.segments[tail..]
            .iter()
            .filter(|s| page.is_kept(s.index))
            .map(|s| (s.index, reason.clone()))
            .collect(),
    )
}

/// CL402 `outside-body`: lines before or after the densest run of prose, on
/// a page with furniture.
pub fn outside_body(page: &Page<'_>) -> Outcome {
    let Some(body) = find_body(page).filter(|b| b.furniture) else {
        return Outcome::default();
    };
    let lines = &page.lines.body_features().lines;
    let n = lines.len();
    let mut furniture: Vec<bool> = (0..n).map(|i| !page.is_kept(i)).collect();
    let mut run: Vec<usize> = Vec::new();
    let mut close = |run: &mut Vec<usize>| {
        if run.len() >= 3 {
            // a menu: three or more link-like lines in a row
            for &j in run.iter() {
                furniture[j] = true;
            }
        }
        run.clear();
    };
    for (i, line) in lines.iter().enumerate() {
        if line.linky && page.is_kept(i) {
            run.push(i);
        } else {
            close(&mut run);
        }
    }
    close(&mut run);
    let before = furniture[..body.start].iter().filter(|&&f| f).count();
    let after = furniture[body.end..].iter().filter(|&&f| f).count();
    let sizes = short_runs(lines);
    let mut removed = BTreeMap::new();
    for i in (0..n).filter(|&i| page.is_kept(i)) {
        if i < body.start && before >= MIN_SIDE_FURNITURE {
            removed.insert(i, describe_run(&lines[i], Side::Before, sizes[i]));
        } else if i >= body.end && after >= MIN_SIDE_FURNITURE {
            removed.insert(i, describe_run(&lines[i], Side::After, sizes[i]));
        }
    }
    Outcome::removing(removed)
}

/// CL403 `link-run`: runs of three or more link-like lines inside the body
/// (inserted menus, teasers).
pub fn link_run(page: &Page<'_>) -> Outcome {
    let Some(body) = find_body(page).filter(|b| b.furniture) else {
        return Outcome::default();
    };
    let lines = &page.lines.body_features().lines;
    let mut removed = BTreeMap::new();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, removed: &mut BTreeMap<usize, Reason>| {
        if run.len() >= 3 {
            for &i in run.iter() {
                removed.insert(i, Reason::LinkRun { run: run.len() });
            }
        }
        run.clear();
    };
    for i in (body.start..body.end).filter(|&i| page.is_kept(i)) {
        let line = &lines[i];
        if line.linky || (line.repeated && !line.terminal) {
            run.push(i);
        } else {
            flush(&mut run, &mut removed);
        }
    }
    flush(&mut run, &mut removed);
    Outcome::removing(removed)
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::super::testing::{outcome, outcome_with};
    use super::*;

    fn line(words: usize, density: f64, terminal: bool, linky: bool) -> Line {
        Line {
            words,
            density,
            terminal,
            linky,
            repeated: false,
        }
    }

    #[test]
    fn context_free_classes() {
        assert_eq!(context_free(&line(20, 0.4, true, false), true), Class::Good);
        assert_eq!(context_free(&line(3, 0.0, false, true), true), Class::Bad);
        assert_eq!(context_free(&line(8, 0.05, false, false), true), Class::Bad);
        assert_eq!(
            context_free(&line(3, 0.0, false, false), true),
            Class::Short
        );
        assert_eq!(context_free(&line(8, 0.3, false, false), true), Class::Near);
    }

    #[test]
    fn revision() {
        use Class::*;
        assert_eq!(
            revise(&[Good, Short, Good, Short, Bad, Near, Bad]),
            [Good, Good, Good, Bad, Bad, Bad, Bad]
        );
        assert_eq!(revise(&[Near, Good]), [Good, Good]);
    }

    #[test]
    fn the_body_of_a_page() {
        let text = format!(
            "Home\nNews\nSport\nWeather\n{}",
            "The council met on Monday and agreed to the plan for the new park. ".repeat(2)
        );
        let body = super::super::testing::on_page(&text, |page| find_body(page).unwrap());
        assert_eq!((body.start, body.end, body.furniture), (4, 5, false));
        // no furniture: nothing goes
        assert!(outcome(&text, outside_body).is_empty());
    }

    const BODY: &str =
        "The council met on Monday and agreed to the plan for the new park in town. ";

    #[test]
    fn outside_the_body() {
        let text = format!(
            "Share on Facebook\nShare on X\nHome\n{}\nA Poll: Which Park Do You Like\n\
             Advertisement\nAbout us\nContact\nFollow us on Facebook",
            BODY.repeat(3)
        );
        let removed = [
            (0, Code::SHARE_FOLLOW),
            (1, Code::SHARE_FOLLOW),
            (5, Code::ADVERTISEMENT),
            (8, Code::SHARE_FOLLOW),
        ];
        let got = outcome_with(&text, &removed, None, &Options::new(), outside_body);
        let after = "navigation after the body: run of 5 short link-like lines".to_string();
        assert_eq!(
            got,
            [
                (
                    2,
                    "navigation before the body: run of 3 short link-like lines".to_string()
                ),
                (4, after.clone()),
                (6, after.clone()),
                (7, after)
            ]
        );
    }

    #[test]
    fn comment_sections() {
        let text = format!(
            "Home\nNews\nSport\n{}\n{}\n12 Comments\nJoe says:\n\
             I think the park is a great idea and we should all go to it soon.",
            BODY.repeat(3),
            BODY.repeat(2)
        );
        let o = Options::new();
        let removed = [
            (0, Code::SHARE_FOLLOW),
            (1, Code::SHARE_FOLLOW),
            (5, Code::COMMENTS_PROMPT),
        ];
        let got = outcome_with(&text, &removed, None, &o, comment_section);
        let reason = "comment section after '12 Comments'".to_string();
        assert_eq!(got, [(6, reason.clone()), (7, reason)]);
        // a page without furniture keeps its comments unless they are counted
        let alone = [(5, Code::COMMENTS_PROMPT)];
        assert!(outcome_with(&text, &alone, None, &o, comment_section).is_empty());
        let counted = text.replace("12 Comments", "12 Comments on “The Park”");
        let got = outcome(&counted, comment_section);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].1,
            "comment section after '12 Comments on “The Park”'"
        );
    }

    #[test]
    fn sentences_split_after_their_end() {
        assert_eq!(
            sentence_parts("One. Two!  Three…\tFour?x five"),
            ["One.", "Two!", "Three…", "Four?x five"]
        );
        assert_eq!(sentence_parts("a. "), ["a.", ""]);
        assert_eq!(sentence_parts(""), [""]);
    }

    #[test]
    fn the_earliest_line_with_a_stem() {
        let e = Earliest::new(&["the council met on monday", "a park", "the council met"]);
        assert_eq!(e.first("the council", false), Some(0));
        assert_eq!(e.first("the council met", true), Some(0));
        assert_eq!(e.first("zoo", false), None);
        assert_eq!(e.first("a park", true), None);
    }

    #[test]
    fn copies_of_article_text() {
        let body = "The council met on Monday and agreed to the plan for the new park in town.";
        let more = "Work on the park starts in May, and trees will be planted by the end of June.";
        let text = format!(
            "{body}\n{more}\nThe council met on Monday and agreed...\n{body}\n\
             {body} {more} It will cost two million euros, paid by the city and the region."
        );
        assert_eq!(
            outcome(&text, duplicate_text),
            [
                (2, "truncated copy of line 1".to_string()),
                (3, "repeat of line 1".to_string()),
                (
                    4,
                    "digest: 2 of its 3 sentences stand in other lines".to_string()
                )
            ]
        );
        let o = super::super::testing::run(&text, &[], None, &Options::new(), duplicate_text);
        let repeats: Vec<(usize, &Repeat)> = o
            .removed
            .iter()
            .map(|(&i, r)| (i, r.repeat().unwrap()))
            .collect();
        let of: Vec<(usize, &[usize], bool, Option<usize>)> = repeats
            .iter()
            .map(|(i, r)| (*i, r.of.as_slice(), r.exact, r.need))
            .collect();
        assert_eq!(
            of,
            [
                (2, &[0][..], false, None),
                (3, &[0][..], true, None),
                (4, &[0, 1][..], false, Some(2))
            ]
        );
        let item = "- Quick access to the voice assistant by saying its name";
        let text = format!("{item}\n- Longer battery life\n{item}");
        assert!(outcome(&text, duplicate_text).is_empty());
    }

    #[test]
    fn a_copy_of_a_truncated_teaser_repeats_what_the_teaser_repeats() {
        let body = "The council met on Monday and agreed to the plan for the new park in town.";
        let teaser = "The council met on Monday and agreed to the plan...";
        let text = format!("{body}\n{teaser}\n{teaser}");
        let o = super::super::testing::run(&text, &[], None, &Options::new(), duplicate_text);
        let got: Vec<(usize, String, Vec<usize>)> = o
            .removed
            .iter()
            .map(|(&i, r)| (i, r.to_string(), r.repeat().unwrap().of.clone()))
            .collect();
        let truncated = "truncated copy of line 1".to_string();
        assert_eq!(
            got,
            [(1, truncated.clone(), vec![0]), (2, truncated, vec![0])]
        );
    }

    #[test]
    fn link_runs() {
        let more = "Work on the park starts in May, and the first trees will be planted by the end of June. ";
        let text = format!(
            "Share on Facebook\nShare on X\n{}\nBig Fire In Town Hall\n\
             Mayor Quits Over Park\nNew Bus Lines Open Today\n{}",
            BODY.repeat(3),
            more.repeat(3)
        );
        let removed = [(0, Code::SHARE_FOLLOW), (1, Code::SHARE_FOLLOW)];
        let got = outcome_with(&text, &removed, None, &Options::new(), link_run);
        let reason = "navigation: run of 3 short link-like lines inside the body".to_string();
        assert_eq!(got, [(3, reason.clone()), (4, reason.clone()), (5, reason)]);
    }
}
