//! The native engine of `cleaner`: the text pipeline of a page, in Rust.
//!
//! The modules read bottom-up, as the Python package's layers do (STYLE.md,
//! habits 10 and 12): a module uses only the modules listed above it.
//!
//! * [`catalogue`]: every pass's code, name, family and run order, as data;
//! * [`model`]: the types several layers share (a segment, a page type);
//! * [`text`]: text utilities of one line or one text (statistics, dates,
//!   normalization);
//! * [`numeric`]: numpy's order of float operations, where the last bits of
//!   a fitted model's number depend on it;
//! * [`lists`]: the phrase lists of `cleaner/data/phrases.toml` as matchers,
//!   jusText's stoplists and language detection;
//! * [`models`]: the fitted models (lexicon, body model trees, page-type
//!   model) and their thresholds and gates, from `cleaner/data/*.json`;
//! * [`features`]: the line-feature matrix the fitted models read, and the
//!   page type of a text;
//! * [`passes`]: the passes CL1xx to CL6xx, pure functions of a page that
//!   return verdicts (typed reasons) and what they learned;
//! * `python` (feature `python`): the one module that knows Python, converting
//!   at the edge.
//!
//! The engine knows nothing of Python: it takes `&str` and plain structs and
//! returns plain values, so `cargo test` checks it without an interpreter.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod features;
pub mod lists;
pub mod model;
pub mod models;
pub mod numeric;
pub mod passes;
pub mod text;

#[cfg(feature = "python")]
mod python;
