//! What kind of page a text is (`cleaner/pagetype.py`): the page's words and
//! shape, read by the fitted [`TypeModel`].

use std::collections::BTreeSet;

use crate::model::{PAGE_TYPES, PageType, Segment, TypeSource};
use crate::models::typemodel::{SHAPE_COLUMNS, TypeModel, words};
use crate::numeric::{mean_f32, pairwise_sum};

use super::linefeatures::{LineStats, line_stats};

/// Characters of a page read for its words (the start and the end of a long page).
pub const MAX_CHARS: usize = 200_000;

/// The distinct lower-cased words of a page (its first and last
/// `MAX_CHARS / 2` characters when it is longer).
pub fn page_words(segments: &[Segment]) -> BTreeSet<String> {
    let text = segments
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let n = text.chars().count();
    let text = if n > MAX_CHARS {
        let head: String = text.chars().take(MAX_CHARS / 2).collect();
        let tail: String = text.chars().skip(n - MAX_CHARS / 2).collect();
        format!("{head}\n{tail}")
    } else {
        text
    };
    words(&text.to_lowercase()).map(str::to_string).collect()
}

/// The vocabulary indices of [`page_words`]: the union of each line's (a
/// word never spans a line break), unless the page is cut.
pub fn word_indices(segments: &[Segment], model: &TypeModel) -> BTreeSet<usize> {
    let chars: usize = segments.iter().map(|s| s.text.chars().count() + 1).sum();
    if chars.saturating_sub(1) > MAX_CHARS {
        return page_words(segments)
            .iter()
            .filter_map(|w| model.vocabulary.get(w).copied())
            .collect();
    }
    segments
        .iter()
        .flat_map(|s| model.line_indices(&s.text))
        .collect()
}

/// The shape measures of a page ([`SHAPE_COLUMNS`]).
pub fn shape(segments: &[Segment]) -> [f64; 14] {
    shape_of(&line_stats(segments))
}

/// [`shape`] from the page's [`line_stats`].
pub fn shape_of(stats: &LineStats) -> [f64; 14] {
    let n = stats.words.len();
    if n == 0 {
        return [0.0; 14];
    }
    let words: Vec<f64> = stats.words.iter().map(|&w| w as f64).collect();
    let total = words.iter().sum::<f64>().max(1.0);
    let density = stats.column("density");
    let weighted: Vec<f64> = density
        .iter()
        .zip(&words)
        .map(|(&d, &w)| f64::from(d) * w)
        .collect();
    let prose: Vec<f64> = (0..n)
        .filter(|&i| stats.prose[i])
        .map(|i| words[i])
        .collect();
    let share = |count: usize| count as f64 / n as f64;
    let repeats = stats.column("log_repeats");
    let out = [
        (n as f64).ln_1p(),
        total.ln_1p(),
        pairwise_sum(&weighted) / total,
        share(stats.words.iter().filter(|&&w| w < 5).count()),
        mean_f32(&stats.column("terminal")),
        mean_f32(&stats.column("linky")),
        pairwise_sum(&prose) / total,
        mean_f32(&stats.column("price")),
        mean_f32(&stats.column("time")),
        mean_f32(&stats.column("codeish")),
        share(repeats.iter().filter(|&&r| r > 0.0).count()),
        mean_f32(&stats.column("bullet")),
        mean_f32(&stats.column("question")),
        mean_f32(&stats.column("digits")),
    ];
    debug_assert_eq!(out.len(), SHAPE_COLUMNS.len());
    out
}

/// Every type's probability, in the model's order of types.
pub fn probabilities(segments: &[Segment], model: &TypeModel) -> Vec<f64> {
    model.probabilities(&word_indices(segments, model), &shape(segments))
}

/// The page type of a text, from its words and shape; an empty page is an
/// article of confidence 0.
pub fn classify(segments: &[Segment], model: &TypeModel) -> PageType {
    classify_with(segments, || line_stats(segments), model)
}

/// [`classify`] with the page's [`line_stats`] from `stats` (asked for only
/// when the page has lines), where a caller has them already.
pub fn classify_with<S: std::borrow::Borrow<LineStats>>(
    segments: &[Segment],
    stats: impl FnOnce() -> S,
    model: &TypeModel,
) -> PageType {
    if segments.is_empty() {
        return PageType {
            name: PAGE_TYPES[0],
            confidence: 0.0,
            probabilities: [0.0; 7],
            source: TypeSource::Text,
        };
    }
    let p = model.probabilities(&word_indices(segments, model), &shape_of(stats().borrow()));
    let mut probs = [0.0; 7];
    for (out, t) in probs.iter_mut().zip(PAGE_TYPES) {
        *out = model
            .types
            .iter()
            .position(|m| m == t)
            .map_or(0.0, |k| p[k]);
    }
    let mut best = 0;
    for (k, &q) in probs.iter().enumerate() {
        if q > probs[best] {
            best = k;
        }
    }
    PageType {
        name: PAGE_TYPES[best],
        confidence: probs[best],
        probabilities: probs,
        source: TypeSource::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::fitted::Models;

    fn page(text: &str) -> Vec<Segment> {
        text.split('\n')
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
    fn words_of_a_page() {
        let words = page_words(&page("Reply to Joe\nJoined 2019"));
        assert_eq!(
            words.into_iter().collect::<Vec<_>>(),
            ["joe", "joined", "reply", "to"]
        );
    }

    #[test]
    fn a_forum_is_a_forum() {
        let forum = "Re: Dropped frames after update\nPosted by mike_k\nJoined: Mar 2019\nPosts: 412\n\
            Same here, my card drops frames since the last driver. Did you roll it back?\nReply\nQuote\n\
            Re: Dropped frames after update\nPosted by anna\nJoined: Jan 2021\nPosts: 35\n\
            Rolling back fixed it for me, thanks for the hint everyone.\nReply\nQuote";
        let t = classify(&page(forum), &Models::shipped().page_type);
        assert_eq!(t.name, "forum");
        assert!((t.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let empty = classify(&[], &Models::shipped().page_type);
        assert_eq!((empty.name, empty.confidence), ("article", 0.0));
    }

    #[test]
    fn the_shape_of_nothing() {
        assert_eq!(shape(&[]), [0.0; 14]);
    }
}
