//! Layer 1: dates in short lines, in the common formats of seven languages
//! (the port of `cleaner/dates.py`).
//!
//! Python's patterns use lookarounds (`(?<!\d)`, `(?!\d)`), which Rust's
//! `regex` has not: here each becomes a consumed character or an edge of the
//! text (`(?:\A|\D)`, `(?:\D|\z)`), and the date's span is read from the
//! capture groups, so the leftmost match and its span are the same.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::casefold;

/// Each month's names (lower case), month 1 first.
pub const MONTHS: [&[&str]; 12] = [
    &[
        "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
        "janeiro", "januari",
    ],
    &[
        "february",
        "feb",
        "februar",
        "février",
        "fév",
        "fevrier",
        "févr",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
    ],
    &[
        "march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mrt",
    ],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
    &["may", "mai", "mayo", "maggio", "mag", "maio", "mei"],
    &[
        "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho",
    ],
    &[
        "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho",
    ],
    &["august", "aug", "août", "aout", "agosto", "ago", "augustus"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "set",
        "settembre",
        "setembro",
    ],
    &[
        "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
        "out",
    ],
    &["november", "nov", "novembre", "noviembre", "novembro"],
    &[
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ],
];

/// Weekday names (lower case), full and short, in seven languages.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "segunda",
    "terça",
    "quarta",
    "quinta",
    "sexta",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// The month a name (any case) stands for, 1 to 12.
pub fn month_number(name: &str) -> Option<u32> {
    let folded = casefold(name);
    MONTHS
        .iter()
        .position(|names| names.contains(&folded.as_ref()))
        .map(|i| i as u32 + 1)
}

/// Whether `name` (lower case) is a weekday's name.
pub fn is_weekday(name: &str) -> bool {
    WEEKDAYS.contains(&name)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    /// 2024-01-13
    Ymd,
    /// 13 January 2024
    DMonthY,
    /// January 13, 2024
    MonthDY,
    /// 13/01/2024 (day first unless that is impossible)
    Dmy,
}

/// A date found in a text: ISO 8601, and its span in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().flat_map(|n| n.iter().copied()).collect();
    // longest first, as Python sorts them (a stable sort keeps ties in order)
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let escaped: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    format!("(?:{})", escaped.join("|"))
}

static PATTERNS: LazyLock<[(Order, Regex); 4]> = LazyLock::new(|| {
    let month = month_alternation();
    let ord = r"(?:st|nd|rd|th|er|º|°|\.)?";
    let join = r"(?:\s*,?\s*(?:de|del|di|of)\s+|[\s,.]+)";
    let re = |p: &str| Regex::new(p).unwrap();
    [
        (
            Order::Ymd,
            re(r"(?:\A|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|\z)"),
        ),
        (
            Order::DMonthY,
            re(&format!(
                r"(?i)(?:\A|\W)(\d{{1,2}}){ord}{join}({month})\.?{join}(\d{{4}})(?:\D|\z)"
            )),
        ),
        (
            Order::MonthDY,
            re(&format!(
                r"(?i)(?:\A|\W)({month})\.?\s+(\d{{1,2}}){ord},?\s+(\d{{4}})(?:\D|\z)"
            )),
        ),
        (
            Order::Dmy,
            re(r"(?:\A|\D)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\D|\z)"),
        ),
    ]
});

static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{4}").unwrap());
static ND_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\p{Nd}\z").unwrap());

/// The value of a decimal digit (`\d`, any script), as Python's `int()` reads it.
fn digit_value(c: char) -> u32 {
    if let Some(d) = c.to_digit(10) {
        return d;
    }
    // Unicode encodes decimal digits in runs of whole 0..9 blocks: the value
    // is the place in the run of consecutive digits, modulo ten.
    let is_digit =
        |cp: u32| char::from_u32(cp).is_some_and(|c| ND_RE.is_match(c.encode_utf8(&mut [0; 4])));
    let mut start = c as u32;
    while start > 0 && is_digit(start - 1) {
        start -= 1;
    }
    (c as u32 - start) % 10
}

fn number(digits: &str) -> u32 {
    digits.chars().fold(0, |n, c| n * 10 + digit_value(c))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        _ => 28,
    }
}

/// The ISO form of a valid calendar date (years 1 to 9999), as Python's
/// `datetime.date(y, m, d).isoformat()`.
fn make(y: u32, m: u32, d: u32) -> Option<String> {
    ((1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn iso_of(order: Order, caps: &Captures<'_>) -> Option<String> {
    let (a, b, c) = (&caps[1], &caps[2], &caps[3]);
    match order {
        Order::Ymd => make(number(a), number(b), number(c)),
        Order::DMonthY => make(number(c), month_number(b)?, number(a)),
        Order::MonthDY => make(number(c), month_number(a)?, number(b)),
        Order::Dmy => {
            let (day, month) = (number(a), number(b));
            make(number(c), month, day).or_else(|| make(number(c), day, month))
        }
    }
}

/// The first full date (day, month, year) in `text`, as ISO 8601.
///
/// ```
/// use _engine::text::dates::find_date;
/// assert_eq!(find_date("Updated: Jan. 5, 2024 10:30 AM IST").unwrap().iso, "2024-01-05");
/// assert_eq!(find_date("Veröffentlicht am 3. März 2023").unwrap().iso, "2023-03-03");
/// assert!(find_date("Room 101 is on floor 3").is_none());
/// ```
pub fn find_date(text: &str) -> Option<FoundDate> {
    if !YEAR_RE.is_match(text) {
        return None; // every pattern holds a four-digit year
    }
    let mut best: Option<(usize, usize, String)> = None;
    for (order, pattern) in PATTERNS.iter() {
        let Some(caps) = pattern.captures(text) else {
            continue;
        };
        let (start, end) = (caps.get(1).unwrap().start(), caps.get(3).unwrap().end());
        if let Some(iso) = iso_of(*order, &caps)
            && best.as_ref().is_none_or(|(s, _, _)| start < *s)
        {
            best = Some((start, end, iso));
        }
    }
    best.map(|(start, end, iso)| FoundDate {
        iso,
        start: text[..start].chars().count(),
        end: text[..end].chars().count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        find_date(text).map(|d| d.iso)
    }

    #[test]
    fn formats() {
        assert_eq!(iso("1, March, 2024").unwrap(), "2024-03-01");
        assert_eq!(
            iso(" date 2024-01-13 South China Morning Post").unwrap(),
            "2024-01-13"
        );
        assert_eq!(iso("2024-01-13T09:30:00Z").unwrap(), "2024-01-13");
        assert_eq!(iso("13 de enero de 2024").unwrap(), "2024-01-13");
        assert_eq!(iso("Veröffentlicht am 3. März 2023").unwrap(), "2023-03-03");
        assert_eq!(iso("13/01/2024").unwrap(), "2024-01-13");
        assert_eq!(iso("01/13/2024").unwrap(), "2024-01-13");
        assert_eq!(iso("SEPT 9th 2021").unwrap(), "2021-09-09");
        assert_eq!(iso("Room 101 is on floor 3"), None);
    }

    #[test]
    fn edges_of_numbers() {
        assert_eq!(iso("12024-01-13"), None);
        assert_eq!(iso("2024-01-133"), None);
        assert_eq!(iso("2024-02-30"), None);
        assert_eq!(iso("2024-02-29").unwrap(), "2024-02-29");
        assert_eq!(iso("1900-02-29"), None);
        assert_eq!(iso("0000-01-01"), None);
        assert_eq!(iso("x5 March 2024"), None);
    }

    #[test]
    fn the_earliest_date_wins_and_spans_are_in_characters() {
        let found = find_date("é 5 March 2024 and 2023-01-01").unwrap();
        assert_eq!(
            (found.iso.as_str(), found.start, found.end),
            ("2024-03-05", 2, 14)
        );
    }

    #[test]
    fn digits_of_other_scripts() {
        assert_eq!(iso("٢٠٢٤-٠١-١٣").unwrap(), "2024-01-13");
        assert_eq!(digit_value('𝟗'), 9);
        assert_eq!(digit_value('٣'), 3);
    }

    #[test]
    fn names() {
        assert_eq!(month_number("Août"), Some(8));
        assert_eq!(month_number("MÄRZ"), Some(3));
        assert_eq!(month_number("nope"), None);
        assert!(is_weekday("sábado") && !is_weekday("march"));
    }
}
