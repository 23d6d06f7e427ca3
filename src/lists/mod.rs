//! Layer 2: word and phrase lists read from `cleaner/data/`: the phrase
//! tables of `phrases.toml` as line matchers ([`phrases`]).

pub mod phrases;
