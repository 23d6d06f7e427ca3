//! jusText's stopword lists and language detection by stopword overlap
//! (`cleaner/stoplists.py`).
//!
//! The lists are read at build time from `stoplists.txt` beside this file,
//! which `scripts/stoplists_data.py` writes from the installed `justext`
//! package (the one source; `tests/test_native_data.py` fails when the file
//! is stale). A word maps to the set of languages whose list holds it, and a
//! [`Stoplist`] is a set of languages: one detected language, or the union
//! of the fallback languages ("mixed") when no language stands out.

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Languages whose union is the fallback when detection is unsure.
pub const FALLBACK_LANGUAGES: [&str; 4] = ["English", "German", "French", "Spanish"];
/// Words sampled for detection (the start of a page is enough).
pub const SAMPLE_WORDS: usize = 3000;
/// The winner must cover at least this share of the sampled words.
pub const MIN_COVERAGE: f64 = 0.15;

/// The generated data: two comment lines, then per language `@Name\tn` and
/// its `n` casefolded words.
const DATA: &str = include_str!("stoplists.txt");

/// A set of languages, one bit each (jusText has 100 lists: they fit).
type Languages = u128;

struct Index {
    /// The languages, sorted by name (a language's bit is its position).
    languages: Vec<&'static str>,
    /// Each language's weight divisor: its list's size to the power 0.1.
    divisors: Vec<f64>,
    /// word -> the id of its set of languages.
    word_ids: FxHashMap<&'static str, u32>,
    /// For each set id, its languages.
    members: Vec<Languages>,
}

fn parse() -> Index {
    let mut languages = Vec::new();
    let mut sizes = Vec::new();
    let mut word_langs: FxHashMap<&'static str, Languages> = FxHashMap::default();
    let mut lines = DATA.split('\n').skip_while(|l| l.starts_with('#'));
    while let Some(head) = lines.next() {
        if head.is_empty() {
            continue; // the final newline
        }
        let (name, count) = head
            .strip_prefix('@')
            .and_then(|h| h.split_once('\t'))
            .expect("stoplists.txt: a language line is @Name<TAB>count");
        let count: usize = count.parse().expect("stoplists.txt: a count");
        let bit: Languages = 1 << languages.len();
        for _ in 0..count {
            let word = lines
                .next()
                .expect("stoplists.txt: fewer words than counted");
            *word_langs.entry(word).or_default() |= bit;
        }
        languages.push(name);
        sizes.push(count);
    }
    assert!(
        languages.len() <= 128,
        "more stoplists than a Languages set holds"
    );
    assert!(
        languages.windows(2).all(|w| w[0] < w[1]),
        "stoplists.txt: languages sorted by name"
    );
    let divisors = sizes.iter().map(|&n| (n as f64).powf(0.1)).collect();
    let mut ids: HashMap<Languages, u32> = HashMap::new();
    let mut members = Vec::new();
    let word_ids = word_langs
        .into_iter()
        .map(|(word, langs)| {
            let id = *ids.entry(langs).or_insert_with(|| {
                members.push(langs);
                (members.len() - 1) as u32
            });
            (word, id)
        })
        .collect();
    Index {
        languages,
        divisors,
        word_ids,
        members,
    }
}

static INDEX: LazyLock<Index> = LazyLock::new(parse);

fn language_bit(language: &str) -> Languages {
    INDEX
        .languages
        .binary_search(&language)
        .map_or(0, |j| 1 << j)
}

/// A stopword list: one language's, or the union of several ("mixed").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stoplist {
    /// The detected language, or `"mixed"` for the fallback union.
    pub name: &'static str,
    languages: Languages,
}

impl Stoplist {
    /// Whether `word` (casefolded) is a stopword of this list.
    pub fn contains(&self, word: &str) -> bool {
        INDEX
            .word_ids
            .get(word)
            .is_some_and(|&id| INDEX.members[id as usize] & self.languages != 0)
    }

    /// Whether the word whose [`language_ids`] id is `id` is a stopword of
    /// this list (`-1`, a word of no list, never is).
    pub fn contains_id(&self, id: i32) -> bool {
        id >= 0 && INDEX.members[id as usize] & self.languages != 0
    }

    /// Whether the list is empty (a language jusText has no list for).
    pub fn is_empty(&self) -> bool {
        self.languages == 0
    }
}

/// The stoplist of `language` (empty for a language jusText has no list for).
pub fn stoplist(language: &str) -> Stoplist {
    let languages = language_bit(language);
    let name = INDEX
        .languages
        .iter()
        .find(|&&l| l == language)
        .copied()
        .unwrap_or("");
    Stoplist { name, languages }
}

/// The union of the fallback languages' lists, named `"mixed"`.
pub fn fallback() -> Stoplist {
    Stoplist {
        name: "mixed",
        languages: FALLBACK_LANGUAGES
            .iter()
            .fold(0, |acc, l| acc | language_bit(l)),
    }
}

/// The names of the languages that have a list, sorted.
pub fn languages() -> &'static [&'static str] {
    &INDEX.languages
}

/// For each of `tokens` (casefolded words), the id of the set of languages
/// whose list holds it, `-1` for none: what [`detect_language_of`] counts.
pub fn language_ids<S: AsRef<str>>(tokens: &[S]) -> Vec<i32> {
    tokens.iter().map(|t| language_id(t.as_ref())).collect()
}

/// [`language_ids`] of one token.
pub fn language_id(token: &str) -> i32 {
    INDEX.word_ids.get(token).map_or(-1, |&id| id as i32)
}

/// The language whose list covers most of `tokens` (casefolded words), each
/// list's hits weighed against its size; `None` when too few words are
/// stopwords of any language.
pub fn detect_language<S: AsRef<str>>(tokens: &[S]) -> Option<&'static str> {
    let ids = language_ids(&tokens[..tokens.len().min(SAMPLE_WORDS)]);
    detect_language_of([ids.as_slice()])
}

/// [`detect_language`] of the words of `lines`, each given by its
/// [`language_ids`].
pub fn detect_language_of<'a, I>(lines: I) -> Option<&'static str>
where
    I: IntoIterator<Item = &'a [i32]>,
{
    let index = &*INDEX;
    let mut counts = vec![0u32; index.members.len()];
    let mut total = 0usize;
    'lines: for line in lines {
        for &id in line {
            if total == SAMPLE_WORDS {
                break 'lines;
            }
            total += 1;
            if id >= 0 {
                counts[id as usize] += 1;
            }
        }
    }
    if total == 0 || counts.iter().all(|&c| c == 0) {
        return None;
    }
    // words with the same languages are counted together, then spread over them
    let mut hits = vec![0u64; index.languages.len()];
    for (id, &count) in counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let mut set = index.members[id];
        while set != 0 {
            let j = set.trailing_zeros() as usize;
            hits[j] += u64::from(count);
            set &= set - 1;
        }
    }
    // Near-ties go to the common fallback languages, then to the later name
    // (Python's max over (weight, name)).
    let mut best: Option<(f64, usize)> = None;
    for (j, &n) in hits.iter().enumerate() {
        if n == 0 {
            continue;
        }
        let name = index.languages[j];
        let bonus = if FALLBACK_LANGUAGES.contains(&name) {
            1.2
        } else {
            1.0
        };
        let weight = n as f64 * bonus / index.divisors[j];
        let better = match best {
            None => true,
            Some((w, k)) => weight > w || (weight == w && name > index.languages[k]),
        };
        if better {
            best = Some((weight, j));
        }
    }
    let (_, j) = best?;
    (hits[j] as f64 >= MIN_COVERAGE * total as f64).then_some(index.languages[j])
}

/// The detected language's list, or the fallback union (`"mixed"`) when unsure.
pub fn stoplist_for<S: AsRef<str>>(tokens: &[S]) -> Stoplist {
    stoplist_of_language(detect_language(tokens))
}

/// [`stoplist_for`] the words of `lines` (each by its [`language_ids`]).
pub fn stoplist_of<'a, I>(lines: I) -> Stoplist
where
    I: IntoIterator<Item = &'a [i32]>,
{
    stoplist_of_language(detect_language_of(lines))
}

fn stoplist_of_language(language: Option<&'static str>) -> Stoplist {
    match language {
        None => fallback(),
        Some(language) => stoplist(language),
    }
}

/// Each language's weight divisor (for the differential check).
pub fn divisors() -> &'static [f64] {
    &INDEX.divisors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        text.split(' ').collect()
    }

    #[test]
    fn lists_hold_their_words() {
        assert!(stoplist("English").contains("the") && stoplist("German").contains("und"));
        assert!(!stoplist("English").contains("und"));
        assert!(stoplist("Klingon").is_empty() && !stoplist("Klingon").contains("the"));
        let mixed = fallback();
        assert_eq!(mixed.name, "mixed");
        assert!(
            ["the", "der", "les", "los"]
                .iter()
                .all(|w| mixed.contains(w))
        );
        assert_eq!(languages().len(), 100);
    }

    #[test]
    fn ids_group_words_by_their_languages() {
        let ids = language_ids(&["the", "xyzzy", "the"]);
        assert!(ids[0] == ids[2] && ids[0] >= 0);
        assert_eq!(ids[1], -1);
        assert!(stoplist("English").contains_id(ids[0]) && !stoplist("English").contains_id(-1));
    }

    #[test]
    fn detects_languages() {
        let english = split("the cat sat on the mat and it was happy with that");
        assert_eq!(detect_language(&english), Some("English"));
        let german = split("der Hund und die Katze sind in dem Haus mit der Frau");
        assert_eq!(detect_language(&german), Some("German"));
        assert_eq!(detect_language(&["xyzzy"]), None);
        assert_eq!(detect_language::<&str>(&[]), None);
        let french = split("le chat est sur la table et il dort dans la maison");
        assert_eq!(stoplist_for(&french).name, "French");
        assert_eq!(stoplist_for(&["xyzzy"]).name, "mixed");
    }

    #[test]
    fn detection_reads_only_the_sample() {
        // 3000 unknown words first: the English after them is never read
        let mut words = vec!["xyzzy"; SAMPLE_WORDS];
        words.extend(split("the cat sat on the mat and it was happy with that"));
        let ids = language_ids(&words);
        assert_eq!(detect_language_of([ids.as_slice()]), None);
        assert_eq!(detect_language_of([&ids[1..]]), None);
        assert_eq!(
            detect_language_of([&ids[SAMPLE_WORDS - 20..]]),
            Some("English")
        );
    }
}
