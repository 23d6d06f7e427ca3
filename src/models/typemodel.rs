//! The page-type model (`cleaner/pagetype.py`'s `TypeModel`): a multinomial
//! logistic model over WCXB's seven page types, shipped as
//! `cleaner/data/page_type.json`. It reads which words of a fitted vocabulary
//! a page has and the page's shape (`features::pagetype` measures it).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::ModelError;
use crate::numeric::{pairwise_sum, vec_mat};

/// The shape measures of a page the model reads, in order.
pub const SHAPE_COLUMNS: [&str; 14] = [
    "log_lines",
    "log_words",
    "density",
    "short",
    "terminal",
    "linky",
    "prose",
    "price",
    "time",
    "codeish",
    "repeated",
    "bullet",
    "question",
    "digits",
];

/// A page's words, as the model reads them: runs of two or more letters
/// (`[^\W\d_]{2,}`) of the lower-cased text.
static WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w&&[^\d_]]{2,}").expect("a valid pattern"));

/// The words of `low` (a lower-cased text) as the model reads them.
pub fn words(low: &str) -> impl Iterator<Item = &str> {
    WORD_RE.find_iter(low).map(|m| m.as_str())
}

/// Softmax over `types` of `words . W_words + standardised shape . W_shape + b`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeModel {
    pub types: Vec<String>,
    pub vocabulary: FxHashMap<String, usize>,
    /// `vocabulary * types`, row-major.
    pub word_weights: Vec<f64>,
    pub shape_mean: Vec<f64>,
    pub shape_scale: Vec<f64>,
    /// `SHAPE_COLUMNS * types`, row-major.
    pub shape_weights: Vec<f64>,
    pub bias: Vec<f64>,
    pub meta: serde_json::Value,
}

#[derive(Deserialize)]
struct TypeModelFile {
    types: Vec<String>,
    vocabulary: Vec<String>,
    word_weights: Vec<Vec<f64>>,
    shape_mean: Vec<f64>,
    shape_scale: Vec<f64>,
    shape_weights: Vec<Vec<f64>>,
    bias: Vec<f64>,
    #[serde(default)]
    meta: serde_json::Value,
}

fn matrix(rows: Vec<Vec<f64>>, n: usize, width: usize, what: &str) -> Result<Vec<f64>, ModelError> {
    if rows.len() != n || rows.iter().any(|r| r.len() != width) {
        return Err(ModelError::Invalid(format!(
            "{what}: {n} rows of {width} numbers expected"
        )));
    }
    Ok(rows.into_iter().flatten().collect())
}

impl TypeModel {
    /// A model from the text of a `page_type.json`.
    pub fn from_json(text: &str) -> Result<TypeModel, ModelError> {
        let file: TypeModelFile = serde_json::from_str(text)?;
        let t = file.types.len();
        let s = SHAPE_COLUMNS.len();
        if file.bias.len() != t || file.shape_mean.len() != s || file.shape_scale.len() != s {
            return Err(ModelError::Invalid(format!(
                "{t} biases and {s} shape means and scales expected"
            )));
        }
        let mut vocabulary = FxHashMap::default();
        for (i, w) in file.vocabulary.iter().enumerate() {
            vocabulary.insert(w.clone(), i); // a repeated word: its last index, as in Python
        }
        Ok(TypeModel {
            word_weights: matrix(file.word_weights, file.vocabulary.len(), t, "word_weights")?,
            shape_weights: matrix(file.shape_weights, s, t, "shape_weights")?,
            types: file.types,
            vocabulary,
            shape_mean: file.shape_mean,
            shape_scale: file.shape_scale,
            bias: file.bias,
            meta: file.meta,
        })
    }

    /// The vocabulary indices of the words of `text` (one line: lower-cased here).
    pub fn line_indices(&self, text: &str) -> Vec<usize> {
        let low = text.to_lowercase();
        let found: BTreeSet<usize> = words(&low)
            .filter_map(|w| self.vocabulary.get(w).copied())
            .collect();
        found.into_iter().collect()
    }

    /// The logits of a page whose words have the vocabulary indices `idx`
    /// and whose shape is `shape` (`SHAPE_COLUMNS`).
    pub fn logits(&self, idx: &BTreeSet<usize>, shape: &[f64]) -> Vec<f64> {
        let t = self.types.len();
        let mut z = self.bias.clone();
        // numpy's word_weights[sorted(idx)].sum(axis=0): the rows one after another
        let mut rows = idx.iter().map(|&i| &self.word_weights[i * t..(i + 1) * t]);
        if let Some(first) = rows.next() {
            let mut sum = first.to_vec();
            for row in rows {
                for (s, w) in sum.iter_mut().zip(row) {
                    *s += w;
                }
            }
            for (z, s) in z.iter_mut().zip(&sum) {
                *z += s;
            }
        }
        let standard: Vec<f64> = shape
            .iter()
            .zip(&self.shape_mean)
            .zip(&self.shape_scale)
            .map(|((x, m), s)| (x - m) / s)
            .collect();
        for (z, y) in z.iter_mut().zip(vec_mat(&standard, &self.shape_weights, t)) {
            *z += y;
        }
        z
    }

    /// Every type's probability (in the order of `types`).
    pub fn probabilities(&self, idx: &BTreeSet<usize>, shape: &[f64]) -> Vec<f64> {
        let z = self.logits(idx, shape);
        let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - top).exp()).collect();
        let sum = pairwise_sum(&e);
        e.iter().map(|v| v / sum).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_TYPES: &str = r#"{"types": ["a", "b"], "vocabulary": ["reply", "cart"],
        "word_weights": [[1.0, 0.0], [0.0, 2.0]],
        "shape_mean": [0,0,0,0,0,0,0,0,0,0,0,0,0,0],
        "shape_scale": [1,1,1,1,1,1,1,1,1,1,1,1,1,1],
        "shape_weights": [[0.5,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0],[0,0]],
        "bias": [0.0, 0.0]}"#;

    #[test]
    fn reads_words_of_letters() {
        let low = "reply to joe, joined 2019 in_x a b2c";
        assert_eq!(
            words(low).collect::<Vec<_>>(),
            ["reply", "to", "joe", "joined", "in"]
        );
        let m = TypeModel::from_json(TWO_TYPES).unwrap();
        assert_eq!(m.line_indices("Add to CART, then Reply"), [0, 1]);
    }

    #[test]
    fn softmax_of_words_and_shape() {
        let m = TypeModel::from_json(TWO_TYPES).unwrap();
        let mut shape = [0.0; 14];
        let p = m.probabilities(&BTreeSet::new(), &shape);
        assert_eq!(p, [0.5, 0.5]);
        shape[0] = 2.0;
        let z = m.logits(&BTreeSet::from([1]), &shape);
        assert_eq!(z, [1.0, 2.0]);
        let p = m.probabilities(&BTreeSet::from([0, 1]), &[0.0; 14]);
        assert!((p[1] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-15);
    }

    #[test]
    fn rejects_a_broken_file() {
        assert!(TypeModel::from_json(&TWO_TYPES.replace("[[1.0, 0.0], ", "[")).is_err());
        assert!(
            TypeModel::from_json(&TWO_TYPES.replace("\"bias\": [0.0, 0.0]", "\"bias\": [0.0]"))
                .is_err()
        );
    }
}
