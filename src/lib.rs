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
//! * [`decision`]: one module decides a line's fate: which passes run on a
//!   page type, who may remove a line and who may overrule, the guard on
//!   repeats, and the warning;
//! * [`pipeline`]: the rounds of cleaning again until a second clean reads
//!   the same;
//! * `python` (feature `python`): the one module that knows Python, converting
//!   at the edge.
//!
//! The engine knows nothing of Python: it takes `&str` and plain structs and
//! returns plain values, so `cargo test` checks it without an interpreter.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod decision;
pub mod features;
pub mod lists;
pub mod model;
pub mod models;
pub mod numeric;
pub mod passes;
pub mod pipeline;
pub mod text;

#[cfg(feature = "python")]
mod python;

#[cfg(test)]
mod layers {
    //! The modules read bottom-up: each uses only the modules of the layers
    //! below it (`crate::x` in its source), never one above or beside it.

    /// The layers, bottom first; the modules of one layer may not use each
    /// other.
    const LAYERS: &[&[&str]] = &[
        &["catalogue", "model", "numeric"],
        &["text"],
        &["lists"],
        &["models"],
        &["features"],
        &["passes"],
        &["decision"],
        &["pipeline"],
    ];

    fn sources(module: &str) -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let file = root.join(format!("{module}.rs"));
        if file.is_file() {
            return vec![(module.to_string(), std::fs::read_to_string(file).unwrap())];
        }
        let mut out = Vec::new();
        for entry in std::fs::read_dir(root.join(module)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
        out
    }

    #[test]
    fn each_module_uses_only_the_layers_below_it() {
        let mut wrong = Vec::new();
        for (level, layer) in LAYERS.iter().enumerate() {
            for module in *layer {
                for (file, text) in sources(module) {
                    for (at, _) in text.match_indices("crate::") {
                        let name: String = text[at + 7..]
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect();
                        let used = LAYERS.iter().position(|l| l.contains(&name.as_str()));
                        if used.is_none_or(|u| u >= level) && name != *module {
                            wrong.push(format!("{file} uses crate::{name}"));
                        }
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
