//! Layer 3: the fitted models, read from the JSON files `benchmarks/fit.py`
//! writes (`cleaner/data/*.json`, or another folder: the `models=` option):
//! the lexicon of furniture words ([`lexicon`]), the body model's trees
//! ([`forest`]), the page-type model ([`typemodel`]), and all of them with
//! the decision thresholds and gates ([`fitted`]).
//!
//! A model evaluates plain numbers and words; the features it reads of a page
//! are computed a layer up (`features`).

pub mod fitted;
pub mod forest;
pub mod lexicon;
pub mod typemodel;

use std::fmt;
use std::path::PathBuf;

pub(crate) use crate::numeric::pairwise_sum;

/// Why a model could not be had.
#[derive(Debug)]
pub enum ModelError {
    /// The text is not the JSON a model file holds.
    Json(serde_json::Error),
    /// The JSON is well formed but does not make a model.
    Invalid(String),
    /// A folder lacks one of the model files.
    Missing { folder: PathBuf, file: &'static str },
    /// A model file in a folder could not be read or made into a model.
    Bad {
        folder: PathBuf,
        file: &'static str,
        detail: String,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Json(err) => write!(f, "{err}"),
            ModelError::Invalid(detail) => f.write_str(detail),
            ModelError::Missing { folder, file } => {
                write!(f, "no {file} in {}", folder.display())
            }
            ModelError::Bad {
                folder,
                file,
                detail,
            } => write!(f, "{}: {file}: {detail}", folder.display()),
        }
    }
}

impl std::error::Error for ModelError {}

impl From<serde_json::Error> for ModelError {
    fn from(err: serde_json::Error) -> Self {
        ModelError::Json(err)
    }
}

// The first characters of a text (moved to the text layer).
pub(crate) use crate::text::first_chars;

/// Python's `str.isdigit()`: not empty, and every character a digit
/// (Numeric_Type Decimal or Digit: `²` is one, `½` is not).
pub(crate) fn is_py_digit_word(word: &str) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::NumericType;

    let types = CodePointMapData::<NumericType>::new();
    !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_digit() || matches!(types.get(c), NumericType::Decimal | NumericType::Digit)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_prefixes_and_digits() {
        assert_eq!(first_chars("abc", 2), "ab");
        assert_eq!(first_chars("çéx", 2), "çé");
        assert_eq!(first_chars("ab", 5), "ab");
        assert!(is_py_digit_word("2024") && is_py_digit_word("²") && is_py_digit_word("٣"));
        assert!(!is_py_digit_word("½") && !is_py_digit_word("") && !is_py_digit_word("3a"));
    }
}
