//! Line features as columns (`cleaner/linefeatures.py`): one row per segment
//! of a page, one `f32` column per feature, named in [`COLUMNS`]; the body
//! model and the page-type model read them.
//!
//! * [`line_stats`]: what does not depend on the removals (a line's own
//!   shape, the page's language by stopword overlap);
//! * [`page_matrix`]: every column: the line, what the rule passes removed,
//!   the neighbours and windows around it, its place on the page, the
//!   lexicon, the title's repeat, the page, the page-type probabilities.
//!
//! The numbers are the Python's to the bit: `f64` work rounded to `f32`
//! where numpy stores into the `float32` matrix, numpy's sums and means
//! ([`crate::numeric`]) where their order decides the last bit.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
use regex::Regex;

use crate::catalogue::Code;
use crate::lists::stoplists::{self, Stoplist};
use crate::model::{PAGE_TYPES, Segment};
use crate::models::first_chars;
use crate::models::lexicon::Lexicon;
use crate::numeric::{log_f32, mean_f32, pairwise_sum};
use crate::text::casefold;
use crate::text::textstats::{
    MAX_SHORT_LINE, capitalized_ratio, ends_ellipsis, ends_sentence, fold, is_bullet,
    sentence_count, word_count,
};

use super::Matrix;

/// Families of rule passes whose removals the body model sees as evidence.
pub const RULE_FAMILIES: [&str; 5] = ["CL1", "CL20", "CL3", "CL40", "CL5"];
/// Single codes worth a column of their own.
pub const RULE_CODES: [Code; 19] = [
    Code::TEASER_HEADING,
    Code::SHARE_FOLLOW,
    Code::NEWSLETTER,
    Code::TIMESTAMP_STUB,
    Code::COMMENTS_PROMPT,
    Code::READ_MORE_LINK,
    Code::SECTION_LABEL,
    Code::DATE_LINE,
    Code::BYLINE,
    Code::PHOTO_CAPTION,
    Code::BREADCRUMB,
    Code::TITLE,
    Code::REPEATED_LEDE,
    Code::HEAD_FRAGMENT,
    Code::TEASER_BLOCK,
    Code::COMMENT_SECTION,
    Code::OUTSIDE_BODY,
    Code::LINK_RUN,
    Code::DUPLICATE_TEXT,
];
/// The line's own measures (also used for neighbours and windows).
pub const LINE_COLUMNS: [&str; 24] = [
    "log_words",
    "log_chars",
    "density",
    "terminal",
    "ellipsis",
    "colon_end",
    "question",
    "capitalized",
    "upper",
    "digits",
    "punct",
    "sentences",
    "separator",
    "bullet",
    "url",
    "price",
    "time",
    "year",
    "codeish",
    "linky",
    "log_repeats",
    "first_copy",
    "gap_before",
    "removed",
];
/// Columns computed for the neighbours at these offsets.
pub const NEIGHBOUR_COLUMNS: [&str; 6] = [
    "log_words",
    "density",
    "terminal",
    "linky",
    "removed",
    "gap_before",
];
pub const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];
/// What is off the page's ends, per neighbour column.
const NEIGHBOUR_FILLS: [f32; 6] = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0];
/// Columns averaged over windows of these half-widths.
pub const WINDOW_COLUMNS: [&str; 7] = [
    "log_words",
    "density",
    "terminal",
    "linky",
    "removed",
    "price",
    "time",
];
pub const WINDOWS: [usize; 2] = [3, 10];
pub const CONTEXT_COLUMNS: [&str; 10] = [
    "position",
    "words_before",
    "prose_before",
    "prose_after",
    "block_lines",
    "block_pos",
    "block_words",
    "in_run",
    "run_distance",
    "same_shape_run",
];
pub const LEXICON_COLUMNS: [&str; 8] = [
    "lex",
    "lex@-1",
    "lex@+1",
    "lex~3",
    "lex~10",
    "lex~30",
    "lex_before",
    "page_lex",
];
pub const TITLE_COLUMNS: [&str; 4] = [
    "title_found",
    "title_distance",
    "title_words",
    "title_position",
];
pub const PAGE_COLUMNS: [&str; 12] = [
    "page_log_lines",
    "page_log_words",
    "page_density",
    "page_short",
    "page_terminal",
    "page_linky",
    "page_removed",
    "page_prose",
    "page_price",
    "page_time",
    "page_codeish",
    "page_repeated",
];
/// Page-type probabilities, in the order of [`PAGE_TYPES`].
pub const TYPE_COLUMNS: [&str; 7] = [
    "p_article",
    "p_forum",
    "p_product",
    "p_collection",
    "p_listing",
    "p_documentation",
    "p_service",
];
/// Pages whose words a stoplist covers less than this have no usable stoplist.
pub const MIN_PAGE_DENSITY: f64 = 0.08;
/// How far down the page the title's repeat is looked for (lines).
pub const TITLE_SEARCH_LINES: usize = 400;

/// Every column, in order.
pub static COLUMNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out: Vec<String> = LINE_COLUMNS.iter().map(|c| c.to_string()).collect();
    out.extend(RULE_FAMILIES.iter().map(|c| format!("rule_{c}")));
    out.extend(RULE_CODES.iter().map(|c| format!("code_{c}")));
    for k in NEIGHBOURS {
        out.extend(NEIGHBOUR_COLUMNS.iter().map(|c| format!("{c}@{k:+}")));
    }
    for w in WINDOWS {
        out.extend(WINDOW_COLUMNS.iter().map(|c| format!("{c}~{w}")));
    }
    for group in [
        &CONTEXT_COLUMNS[..],
        &LEXICON_COLUMNS,
        &TITLE_COLUMNS,
        &PAGE_COLUMNS,
        &TYPE_COLUMNS,
    ] {
        out.extend(group.iter().map(|c| c.to_string()));
    }
    out
});

static INDEX: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect()
});

/// The position of column `name` in [`COLUMNS`] (panics on a name that is
/// not one: the names are this module's own constants).
pub fn index(name: &str) -> usize {
    INDEX[name]
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

// Python's `$` (no MULTILINE) also matches before a final "\n": `\n?\z` here.
static TOKEN_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\p{L}+"));
static SEPARATOR_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\s[|•·]\s|\A[»›>]|[»›]\n?\z"));
static URL_RE: LazyLock<Regex> = LazyLock::new(|| re(r"https?://|www\.|\.com\b|\.org\b|@\w"));
static PRICE_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)[$€£¥₹]\s?\d|\d(?:[.,]\d{2})?\s?(?:€|USD|EUR|GBP|zł|kr|Kč)\b"));
static CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[{}();=<>\[\]]|\A\s*(?:def|class|import|return|function|var|let|const)\b|::|->|\w\.\w+\(")
});
static CODE_START_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\A\s*(?:def|class|import|return|function|var|let|const)\b"));
static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b\d{1,2}:\d{2}\b|\b\d+\s?(?:min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
        r"|\b(?:yesterday|today)\b"
    ))
});
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:19|20)\d{2}\b"));
static LOWER_WORD_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\w+"));

const URL_MARKS: [&str; 5] = ["://", "www.", ".com", ".org", "@"];
/// What every match of `CODE_RE` holds: one of these characters, "::" or
/// "->", unless it is a keyword at the start of the line.
const CODE_CHARS: &str = "{}();=<>[]";
const CODE_MARKS: &str = "{}();=<>[]:-";

/// Class bits of a character, as the Python's `_char_classes` has them: 1 a
/// letter, 2 an upper-case letter, 4 a digit, 8 punctuation or a symbol
/// (ASCII by `str` methods, the rest by general category).
fn char_bits(c: char) -> u8 {
    if c.is_ascii() {
        let b = c as u8;
        let alpha = c.is_ascii_alphabetic();
        let digit = c.is_ascii_digit();
        // Python's isspace() in ASCII: \t\n\v\f\r, \x1c-\x1f and the space
        let space = matches!(b, 9..=13 | 28..=32);
        return u8::from(alpha)
            | u8::from(c.is_ascii_uppercase()) << 1
            | u8::from(digit) << 2
            | u8::from(!alpha && !digit && !space && b > 32) << 3;
    }
    let gc = CodePointMapData::<GeneralCategory>::new().get(c);
    u8::from(GeneralCategoryGroup::Letter.contains(gc))
        | u8::from(gc == GeneralCategory::UppercaseLetter) << 1
        | u8::from(gc == GeneralCategory::DecimalNumber) << 2
        | u8::from(
            GeneralCategoryGroup::Punctuation.contains(gc)
                || GeneralCategoryGroup::Symbol.contains(gc),
        ) << 3
}

/// A line's characters, letters, upper-case letters, digits, punctuation.
fn char_counts(text: &str) -> [usize; 5] {
    let mut out = [0usize; 5];
    for c in text.chars() {
        let bits = char_bits(c);
        out[0] += 1;
        for (j, bit) in [1u8, 2, 4, 8].into_iter().enumerate() {
            out[j + 1] += usize::from(bits & bit != 0);
        }
    }
    out
}

/// The [`stoplists::language_ids`] of a line's casefolded letter runs (the
/// stoplists' tokens).
pub fn token_ids(text: &str) -> Vec<i32> {
    TOKEN_RE
        .find_iter(text)
        .map(|m| stoplists::language_id(&casefold(m.as_str())))
        .collect()
}

/// Whether `CODE_RE` can match `text` at all.
fn could_be_code(text: &str) -> bool {
    text.contains(|c| CODE_CHARS.contains(c))
        || text.contains("::")
        || text.contains("->")
        || CODE_START_RE.is_match(text)
}

/// `SEPARATOR_RE.search(text)`, run only when one of its marks is there.
fn has_separator(text: &str) -> bool {
    text.contains(['|', '•', '·', '»', '›', '>']) && SEPARATOR_RE.is_match(text)
}

/// The measures of one line that depend on its text and the page's
/// stoplist alone (the Python's `_line_row`).
struct Row {
    density: f64,
    terminal: bool,
    ellipsis: bool,
    colon_end: bool,
    question: bool,
    capitalized: f64,
    sentences: usize,
    separator: bool,
    bullet: bool,
    url: bool,
    price: bool,
    time: bool,
    year: bool,
    codeish: f64,
    words: usize,
    linky: bool,
}

fn line_row(text: &str, ids: &[i32], stops: &Stoplist, digit: bool) -> Row {
    let sample = first_chars(text, MAX_SHORT_LINE);
    let nw = word_count(text);
    let ellipsis = ends_ellipsis(text);
    let terminal = !ellipsis && ends_sentence(text);
    let capital = capitalized_ratio(sample);
    let separator = has_separator(sample);
    let linky = !terminal && nw <= 15 && (separator || capital >= 0.75);
    let density = if ids.is_empty() {
        0.0
    } else {
        ids.iter().filter(|&&id| stops.contains_id(id)).count() as f64 / ids.len() as f64
    };
    let codeish = if sample.contains(|c| CODE_MARKS.contains(c)) && could_be_code(sample) {
        CODE_RE.find_iter(sample).count().min(10) as f64 / 10.0
    } else {
        0.0
    };
    Row {
        density,
        terminal,
        ellipsis,
        colon_end: text.ends_with(':'),
        question: text.ends_with('?'),
        capitalized: capital,
        sentences: sentence_count(sample).min(20),
        separator,
        bullet: is_bullet(text),
        url: URL_MARKS.iter().any(|m| sample.contains(m)) && URL_RE.is_match(sample),
        price: digit && PRICE_RE.is_match(sample),
        time: (digit || sample.contains("day")) && TIME_RE.is_match(sample),
        year: digit && YEAR_RE.is_match(sample),
        codeish,
        words: nw,
        linky,
    }
}

/// The removal-independent measures of every segment, and the language.
#[derive(Clone, Debug, PartialEq)]
pub struct LineStats {
    /// The detected language, or `"mixed"`.
    pub language: &'static str,
    /// The page's words are covered by a stoplist (not CJK, say).
    pub use_density: bool,
    /// Every line column but `removed` (`n * (LINE_COLUMNS.len() - 1)`).
    pub table: Matrix,
    /// Word counts.
    pub words: Vec<usize>,
    /// A line of running prose (10+ words, stopwords, a full stop).
    pub prose: Vec<bool>,
    /// A coarse shape code (for runs of alike lines).
    pub shape: Vec<usize>,
}

impl LineStats {
    /// Column `name` of the table (a name of [`LINE_COLUMNS`] but `removed`).
    pub fn column(&self, name: &str) -> Vec<f32> {
        self.table.column(index(name))
    }
}

/// The measures of every line that do not depend on what was removed.
pub fn line_stats(segments: &[Segment]) -> LineStats {
    let n = segments.len();
    let ids: Vec<Vec<i32>> = segments.iter().map(|s| token_ids(&s.text)).collect();
    let stops = stoplists::stoplist_of(ids.iter().map(Vec::as_slice));
    let width = LINE_COLUMNS.len() - 1;
    let mut table = Matrix::zeros(n, width);
    let mut words = vec![0usize; n];
    let mut shape = vec![0usize; n];
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut copies = Vec::with_capacity(n);
    let mut counts: Vec<usize> = Vec::new();
    let mut first_copy = vec![false; n];
    for (i, seg) in segments.iter().enumerate() {
        let folded = fold(&seg.text);
        let next = first_seen.len();
        let copy = *first_seen.entry(folded).or_insert(next);
        if copy == next {
            counts.push(0);
            first_copy[i] = true;
        }
        counts[copy] += 1;
        copies.push(copy);
    }
    let empty = first_seen.get("").copied();
    for (i, seg) in segments.iter().enumerate() {
        let text = seg.text.as_str();
        let chars = char_counts(text);
        let row = line_row(text, &ids[i], &stops, chars[3] > 0);
        let flag = |b: bool| f64::from(u8::from(b));
        let copy = copies[i];
        let repeats = if Some(copy) == empty {
            0.0
        } else {
            (counts[copy] as f64).ln()
        };
        // in the order of LINE_COLUMNS (all but "removed")
        let values: [f64; LINE_COLUMNS.len() - 1] = [
            (row.words as f64).ln_1p(),
            (chars[0] as f64).ln_1p(),
            row.density,
            flag(row.terminal),
            flag(row.ellipsis),
            flag(row.colon_end),
            flag(row.question),
            row.capitalized,
            chars[2] as f64 / chars[1].max(1) as f64,
            chars[3] as f64 / chars[0].max(1) as f64,
            chars[4] as f64 / chars[0].max(1) as f64,
            row.sentences as f64,
            flag(row.separator),
            flag(row.bullet),
            flag(row.url),
            flag(row.price),
            flag(row.time),
            flag(row.year),
            row.codeish,
            flag(row.linky),
            repeats,
            flag(first_copy[i]),
            seg.gap_before.min(3) as f64,
        ];
        for (cell, v) in table.row_mut(i).iter_mut().zip(values) {
            *cell = v as f32;
        }
        words[i] = row.words;
        shape[i] = row.words.min(12) * 4 + 2 * usize::from(row.terminal) + usize::from(row.linky);
    }
    let density = table.column(index("density"));
    let terminal = table.column(index("terminal"));
    let total = words.iter().sum::<usize>().max(1);
    let weighted: Vec<f64> = density
        .iter()
        .zip(&words)
        .map(|(&d, &w)| f64::from(d) * w as f64)
        .collect();
    let use_density = pairwise_sum(&weighted) / total as f64 >= MIN_PAGE_DENSITY;
    // numpy compares a float32 column with 0.2 as float32
    let prose = (0..n)
        .map(|i| words[i] >= 10 && density[i] >= 0.2f32 && terminal[i] > 0.0)
        .collect();
    LineStats {
        language: stops.name,
        use_density,
        table,
        words,
        prose,
        shape,
    }
}

/// The maximum-sum contiguous run `[start, end)` of `scores` (Kadane);
/// `(0, 0)` if none is positive.
pub fn densest_run(scores: &[f64]) -> (usize, usize) {
    let (mut best, mut best_run) = (0.0, (0, 0));
    let (mut total, mut start) = (0.0, 0);
    for (i, &s) in scores.iter().enumerate() {
        if total <= 0.0 {
            total = 0.0;
            start = i;
        }
        total += s;
        if total > best {
            best = total;
            best_run = (start, i + 1);
        }
    }
    best_run
}

/// The lower-cased `\w+` words of `text`, as a set.
fn word_set(text: &str) -> HashSet<String> {
    LOWER_WORD_RE
        .find_iter(&text.to_lowercase())
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The index of the first line after the first that repeats it (half or
/// more of the words in common), or `None`: in a whole-page text the first
/// line is the page's `<title>`, and its repeat the heading over the content.
pub fn title_repeat(segments: &[Segment]) -> Option<usize> {
    let first = word_set(first_chars(&segments.first()?.text, MAX_SHORT_LINE));
    if first.len() < 2 {
        return None;
    }
    for seg in segments.iter().take(TITLE_SEARCH_LINES).skip(1) {
        if seg.text.len() > MAX_SHORT_LINE && seg.text.chars().count() > MAX_SHORT_LINE {
            continue;
        }
        let words = word_set(&seg.text);
        if words.is_empty() {
            continue;
        }
        let common = first.intersection(&words).count();
        let union = first.len() + words.len() - common;
        if common as f64 >= 0.5 * union as f64 {
            return Some(seg.index);
        }
    }
    None
}

/// Means of `columns` (`n * k`, given as `k` column vectors) over rows
/// `i - half ..= i + half`, clipped at the ends: a running `f64` sum, as
/// numpy's `cumsum`.
fn window_means(columns: &[Vec<f32>], half: usize) -> Vec<Vec<f32>> {
    columns
        .iter()
        .map(|col| {
            let n = col.len();
            let mut csum = vec![0.0f64; n + 1];
            for (i, &v) in col.iter().enumerate() {
                csum[i + 1] = csum[i] + f64::from(v);
            }
            (0..n)
                .map(|i| {
                    let lo = i.saturating_sub(half);
                    let hi = (i + half + 1).min(n);
                    ((csum[hi] - csum[lo]) / (hi - lo).max(1) as f64) as f32
                })
                .collect()
        })
        .collect()
}

/// `column` moved by `k` rows (row `i` holds row `i + k`), `fill` off the ends.
fn shift(column: &[f32], k: isize, fill: f32) -> Vec<f32> {
    let n = column.len() as isize;
    (0..n)
        .map(|i| {
            let j = i + k;
            if (0..n).contains(&j) {
                column[j as usize]
            } else {
                fill
            }
        })
        .collect()
}

/// For each row, the length of the run of equal `values` it belongs to.
fn runs_of_equal(values: &[usize]) -> Vec<usize> {
    let mut out = vec![0; values.len()];
    let mut start = 0;
    for i in 1..=values.len() {
        if i == values.len() || values[i] != values[i - 1] {
            out[start..i].fill(i - start);
            start = i;
        }
    }
    out
}

fn bool_f32(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// The feature matrix of a page: one row per segment, columns [`COLUMNS`].
///
/// `removed` holds, per segment index, the code of the pass that removed it
/// (indices past its end: kept); `type_probs` are the page-type
/// probabilities (in the order of [`PAGE_TYPES`]); `lexicon` scores the
/// words (without it the lexicon columns are 0.5, "no evidence").
pub fn page_matrix(
    segments: &[Segment],
    removed: &[Option<Code>],
    type_probs: Option<&[f64; 7]>,
    lexicon: Option<&Lexicon>,
) -> Matrix {
    let scores: Option<Vec<f64>> =
        lexicon.map(|lexicon| segments.iter().map(|s| lexicon.score(&s.text)).collect());
    page_matrix_of(
        &line_stats(segments),
        segments,
        removed,
        type_probs,
        scores.as_deref(),
    )
}

/// [`page_matrix`] with the page's [`line_stats`] and each segment's
/// lexicon score ([`Lexicon::score`]) already at hand.
pub fn page_matrix_of(
    stats: &LineStats,
    segments: &[Segment],
    removed: &[Option<Code>],
    type_probs: Option<&[f64; 7]>,
    lexicon: Option<&[f64]>,
) -> Matrix {
    let n = segments.len();
    let mut out = Matrix::zeros(n, COLUMNS.len());
    if n == 0 {
        return out;
    }
    let ix = |name: &str| index(name);
    let (rule0, code0) = (ix("rule_CL1"), ix("code_CL102"));
    let width = stats.table.cols;
    for i in 0..n {
        out.row_mut(i)[..width].copy_from_slice(stats.table.row(i));
    }
    // what the rule passes removed
    let mut rem = vec![0.0f32; n];
    for (i, code) in removed.iter().enumerate().take(n) {
        let Some(code) = code else { continue };
        rem[i] = 1.0;
        let text = code.to_string();
        for (f, family) in RULE_FAMILIES.iter().enumerate() {
            if text.starts_with(family) {
                out.set(i, rule0 + f, 1.0);
            }
        }
        if let Some(k) = RULE_CODES.iter().position(|&c| c == *code) {
            out.set(i, code0 + k, 1.0);
        }
    }
    out.set_column(ix("removed"), &rem);
    // neighbours and windows
    for (c, name) in NEIGHBOUR_COLUMNS.iter().enumerate() {
        let col = out.column(ix(name));
        for k in NEIGHBOURS {
            out.set_column(
                ix(&format!("{name}@{k:+}")),
                &shift(&col, k, NEIGHBOUR_FILLS[c]),
            );
        }
    }
    let around: Vec<Vec<f32>> = WINDOW_COLUMNS.iter().map(|c| out.column(ix(c))).collect();
    for w in WINDOWS {
        for (name, col) in WINDOW_COLUMNS.iter().zip(window_means(&around, w)) {
            out.set_column(ix(&format!("{name}~{w}")), &col);
        }
    }
    let [
        c_position,
        c_words_before,
        c_prose_before,
        c_prose_after,
        c_block_lines,
        c_block_pos,
        c_block_words,
        c_in_run,
        c_run_distance,
        c_lex_before,
        c_title_found,
        c_title_distance,
        c_title_words,
        c_title_position,
    ] = [
        ix("position"),
        ix("words_before"),
        ix("prose_before"),
        ix("prose_after"),
        ix("block_lines"),
        ix("block_pos"),
        ix("block_words"),
        ix("in_run"),
        ix("run_distance"),
        ix("lex_before"),
        ix("title_found"),
        ix("title_distance"),
        ix("title_words"),
        ix("title_position"),
    ];
    // the page's prose and blocks
    let words: Vec<f64> = stats.words.iter().map(|&w| w as f64).collect();
    let total = words.iter().sum::<f64>().max(1.0);
    let kept_prose: Vec<bool> = (0..n).map(|i| stats.prose[i] && rem[i] == 0.0).collect();
    let prose_words: Vec<f64> = (0..n)
        .map(|i| if kept_prose[i] { words[i] } else { 0.0 })
        .collect();
    let prose_total = prose_words.iter().sum::<f64>().max(1.0);
    let mut before = vec![0.0; n];
    let mut prose_before = vec![0.0; n];
    let (mut run, mut prose_run) = (0.0, 0.0);
    for i in 0..n {
        run += words[i];
        prose_run += prose_words[i];
        before[i] = run - words[i];
        prose_before[i] = prose_run - prose_words[i];
    }
    let last = (n - 1).max(1) as f64;
    let mut block_start = 0;
    let mut blocks: Vec<(usize, usize, f64)> = Vec::new(); // start, lines, words
    let mut block_of = vec![0usize; n];
    for (i, seg) in segments.iter().enumerate() {
        if i == 0 || seg.gap_before > 0 {
            blocks.push((i, 0, 0.0));
            block_start = blocks.len() - 1;
        }
        blocks[block_start].1 += 1;
        blocks[block_start].2 += words[i];
        block_of[i] = block_start;
    }
    for i in 0..n {
        let (start, lines, block_words) = blocks[block_of[i]];
        out.set(i, c_position, (i as f64 / last) as f32);
        out.set(i, c_words_before, (before[i] / total) as f32);
        out.set(i, c_prose_before, (prose_before[i] / prose_total) as f32);
        let after = (prose_total - prose_before[i] - prose_words[i]) / prose_total;
        out.set(i, c_prose_after, after as f32);
        out.set(i, c_block_lines, (lines as f64).ln_1p() as f32);
        let pos = (i - start) as f64 / (lines.max(2) - 1) as f64;
        out.set(i, c_block_pos, pos as f32);
        out.set(i, c_block_words, block_words.ln_1p() as f32);
    }
    // the densest run of prose
    let linky = out.column(ix("linky"));
    let scores: Vec<f64> = (0..n)
        .map(|i| {
            if kept_prose[i] {
                words[i].min(80.0)
            } else if rem[i] > 0.0 {
                -3.0
            } else if words[i] < 5.0 {
                -1.0
            } else {
                -6.0 * f64::from(u8::from(linky[i] > 0.0)) - 0.5
            }
        })
        .collect();
    let (lo, hi) = densest_run(&scores);
    for i in 0..n {
        out.set(i, c_in_run, bool_f32(i >= lo && i < hi));
        let (distance, sign) = if i < lo {
            (lo - i, -1.0)
        } else if i >= hi {
            (i - hi + 1, 1.0)
        } else {
            (0, 1.0)
        };
        out.set(i, c_run_distance, ((distance as f64).ln_1p() * sign) as f32);
    }
    let runs: Vec<f32> = runs_of_equal(&stats.shape)
        .into_iter()
        .map(|r| log_f32(r as f32))
        .collect();
    out.set_column(ix("same_shape_run"), &runs);
    // the lexicon
    let lex: Vec<f32> = match lexicon {
        Some(scores) => scores.iter().map(|&s| s as f32).collect(),
        None => vec![0.5; n],
    };
    out.set_column(ix("lex"), &lex);
    out.set_column(ix("lex@-1"), &shift(&lex, -1, 0.5));
    out.set_column(ix("lex@+1"), &shift(&lex, 1, 0.5));
    let lex_column = [lex.clone()];
    for w in [3, 10, 30] {
        let means = window_means(&lex_column, w);
        out.set_column(ix(&format!("lex~{w}")), &means[0]);
    }
    let lex_words: Vec<f64> = (0..n).map(|i| f64::from(lex[i]) * words[i]).collect();
    let lex_sum = pairwise_sum(&lex_words);
    let lex_total = lex_sum.max(1e-9);
    let mut lex_run = 0.0;
    for (i, &w) in lex_words.iter().enumerate() {
        lex_run += w;
        out.set(i, c_lex_before, ((lex_run - w) / lex_total) as f32);
    }
    let page_lex = (lex_sum / total) as f32;
    // the title's repeat
    match title_repeat(segments) {
        Some(j) => {
            for i in 0..n {
                out.set(i, c_title_found, 1.0);
                let d = i as f64 - j as f64;
                let distance = d.signum() * d.abs().ln_1p();
                out.set(
                    i,
                    c_title_distance,
                    if d == 0.0 { 0.0 } else { distance as f32 },
                );
                out.set(i, c_title_words, ((before[i] - before[j]) / total) as f32);
                out.set(i, c_title_position, (j as f64 / n as f64) as f32);
            }
        }
        None => out.set_column(c_title_position, &vec![-1.0; n]),
    }
    // the page
    let density = out.column(ix("density"));
    let weighted: Vec<f64> = (0..n).map(|i| f64::from(density[i]) * words[i]).collect();
    let count = |f: &dyn Fn(usize) -> bool| (0..n).filter(|&i| f(i)).count() as f64 / n as f64;
    let repeats = out.column(ix("log_repeats"));
    let page = [
        ("page_log_lines", (n as f64).ln_1p()),
        ("page_log_words", total.ln_1p()),
        ("page_density", pairwise_sum(&weighted) / total),
        ("page_short", count(&|i| stats.words[i] < 5)),
        ("page_terminal", mean_f32(&out.column(ix("terminal")))),
        ("page_linky", mean_f32(&linky)),
        ("page_removed", mean_f32(&rem)),
        ("page_prose", pairwise_sum(&prose_words) / total),
        ("page_price", mean_f32(&out.column(ix("price")))),
        ("page_time", mean_f32(&out.column(ix("time")))),
        ("page_codeish", mean_f32(&out.column(ix("codeish")))),
        ("page_repeated", count(&|i| repeats[i] > 0.0)),
    ];
    for (name, value) in page {
        out.set_column(ix(name), &vec![value as f32; n]);
    }
    out.set_column(ix("page_lex"), &vec![page_lex; n]);
    if let Some(probs) = type_probs {
        for (name, &p) in TYPE_COLUMNS.iter().zip(probs.iter()) {
            out.set_column(ix(name), &vec![p as f32; n]);
        }
    }
    debug_assert_eq!(TYPE_COLUMNS.len(), PAGE_TYPES.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> Vec<Segment> {
        lines
            .iter()
            .enumerate()
            .map(|(i, t)| Segment {
                index: i,
                line_no: i + 1,
                text: t.to_string(),
                gap_before: 0,
            })
            .collect()
    }

    #[test]
    fn the_columns_are_the_pythons() {
        assert_eq!(COLUMNS.len(), 127);
        assert_eq!(COLUMNS[24], "rule_CL1");
        assert_eq!(COLUMNS[29], "code_CL102");
        assert_eq!(index("log_words@-2"), 48);
        assert_eq!(index("p_service"), 126);
    }

    #[test]
    fn stats_of_a_short_page() {
        let s = line_stats(&page(&[
            "Home",
            "The cat sat on the mat and it was happy with that.",
        ]));
        assert_eq!(s.language, "English");
        assert_eq!(s.words, [1, 12]);
        assert_eq!(s.prose, [false, true]);
        assert!(s.use_density);
        let empty = line_stats(&[]);
        assert_eq!((empty.language, empty.use_density), ("mixed", false));
    }

    #[test]
    fn repeats_and_first_copies() {
        let s = line_stats(&page(&["Reply", "reply!", "Other", "...", "…"]));
        let repeats = s.column("log_repeats");
        assert_eq!(repeats[..3], [2f32.ln(), 2f32.ln(), 0.0]);
        assert_eq!(repeats[3..], [0.0, 0.0]); // lines of no words are not repeats
        assert_eq!(s.column("first_copy"), [1.0, 0.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn the_densest_run() {
        assert_eq!(
            densest_run(&[-6.0, 20.0, -1.0, 30.0, -6.0, -6.0, -6.0, 4.0]),
            (1, 4)
        );
        assert_eq!(densest_run(&[-1.0]), (0, 0));
        assert_eq!(densest_run(&[]), (0, 0));
    }

    #[test]
    fn the_title_comes_back() {
        let p = page(&[
            "Rain in Paris | The Daily",
            "Home",
            "News",
            "Rain in Paris",
            "It rained.",
        ]);
        assert_eq!(title_repeat(&p), Some(3));
        assert_eq!(title_repeat(&page(&["Home", "Home"])), None);
        assert_eq!(title_repeat(&[]), None);
    }

    #[test]
    fn the_matrix_sees_removals_and_neighbours() {
        let p = page(&[
            "Home",
            "News",
            "The cat sat on the mat and it was happy with that.",
        ]);
        let mut removed = vec![None; 3];
        removed[0] = Some(Code::BREADCRUMB);
        let m = page_matrix(&p, &removed, None, None);
        assert_eq!((m.rows, m.cols), (3, 127));
        assert_eq!(m.get(0, index("removed")), 1.0);
        assert_eq!(m.get(1, index("removed@-1")), 1.0);
        assert_eq!(m.get(0, index("removed@-1")), 1.0); // off the page
        assert_eq!(m.get(0, index("rule_CL20")), 1.0);
        assert_eq!(m.get(0, index("code_CL205")), 1.0);
        assert_eq!(m.get(2, index("lex")), 0.5);
        assert_eq!(m.get(2, index("in_run")), 1.0);
        assert_eq!(m.get(0, index("title_position")), -1.0);
        assert_eq!(m.get(1, index("page_removed")), (1.0f64 / 3.0) as f32);
        assert_eq!(page_matrix(&[], &[], None, None).rows, 0);
    }

    #[test]
    fn separators_and_code() {
        assert!(has_separator("News | Sport") && has_separator("» More"));
        assert!(!has_separator("A|B"));
        assert!(has_separator("More ›\n"));
        assert!(!could_be_code("Posted: Mon - 3 May"));
        assert!(could_be_code("f(x)") && could_be_code("return x"));
    }

    #[test]
    fn character_classes() {
        assert_eq!(char_counts("Ab1-é€"), [6, 3, 1, 1, 2]);
        assert_eq!(char_bits('\u{7f}'), 8); // DEL is punctuation to the Python
        assert_eq!(char_bits(' '), 0);
        assert_eq!(char_bits('٣'), 4);
    }
}
