//! Layer 2: word lists as data: jusText's stoplists ([`stoplists`]).

pub mod stoplists;
