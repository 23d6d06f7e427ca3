//! The native engine of `cleaner`: the text pipeline of a page, in Rust.
//!
//! The modules read bottom-up, as the Python package's layers do (STYLE.md,
//! habits 10 and 12): a module uses only the modules listed above it.
//!
//! * [`catalogue`]: every pass's code, name, family and run order, as data;
//! * [`text`]: text utilities of one line or one text (statistics, dates,
//!   normalization);
//! * [`lists`]: the phrase lists of `cleaner/data/phrases.toml` as matchers;
//! * `python` (feature `python`): the one module that knows Python, converting
//!   at the edge.
//!
//! The engine knows nothing of Python: it takes `&str` and plain structs and
//! returns plain values, so `cargo test` checks it without an interpreter.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod lists;
pub mod text;

#[cfg(feature = "python")]
mod python;
