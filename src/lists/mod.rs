//! Layer 2: word and phrase lists: jusText's stoplists ([`stoplists`]) and
//! the phrase tables of `cleaner/data/phrases.toml` as line matchers
//! ([`phrases`]).

pub mod phrases;
pub mod stoplists;
