//! CL6xx (`cleaner/passes/fitted.py`): the fitted body model, which has the
//! last word on every line.
//!
//! It runs after every rule and heuristic pass. For each line it computes
//! `P(content)` with the body model ([`crate::models::forest`]) from the
//! line's features ([`crate::features::linefeatures`]: the line, its context,
//! the page type and what the earlier passes removed), and then:
//!
//! * **removes** a kept line whose `P(content)` is below the `remove`
//!   threshold of the page's group (the reason names the strongest evidence);
//! * **keeps** a line an earlier pass removed when `P(content)` reaches the
//!   `keep` threshold of that pass (or its family) for the page's group; the
//!   user's patterns, a learned profile and the phrase lists are never
//!   overruled ([`crate::catalogue::Pass::overrulable`]);
//! * judges a run of the same kept line as one line ([`runs_as_one`]);
//! * **guards against damage in proportion**: a pass may take `guard_share`
//!   of the text's words on ordinary evidence, further lines need
//!   `P(content)` below `guard_strong` ([`guard`]);
//! * **removes nothing from an extracted text** ([`Page::extracted`]);
//! * **stands down** on a text whose words the lexicon mostly does not know
//!   (below `min_coverage`): it neither removes nor overrules, the guards
//!   still apply;
//! * **bounds the expected loss** to `max_loss` of the text's content as the
//!   model expects it ([`bound_loss`]).
//!
//! A line another pass removed is judged in the order the pipeline removed
//! it (the catalogue's run order, then the line's place), which decides who
//! goes first among lines of the same `P(content)`.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use super::{Outcome, Page, Reason};
use crate::catalogue::{self, Code};
use crate::features::linefeatures::{COLUMNS, page_matrix_of};
use crate::models::fitted::{Group, Models, group_of};
use crate::models::lexicon::{Reading, coverage_of};
use crate::numeric::pairwise_sum;
use crate::text::py_float_repr;

/// How many features a reason names.
const EVIDENCE: usize = 2;
/// How many furniture words a reason names of a line's own lexicon reading.
const TERMS: usize = 3;

/// One feature that moved a line's `P(content)`, and its value on the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The column's name, as the body model reads it (`lex~3`, `density@-1`).
    pub feature: String,
    pub value: f64,
    /// For the line's own lexicon reading as furniture: its strongest
    /// furniture terms.
    pub terms: Vec<String>,
}

/// Why CL601 removes or keeps a line.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// The model's reading: `P(content)` and the features that moved it most.
    Model { p: f64, evidence: Vec<Evidence> },
    /// Pass `code` took `took` of the text's words, more than `share`, and
    /// the line lacks strong evidence (`P(content)` `p` at least `strong`).
    Guard {
        code: Code,
        took: f64,
        share: f64,
        p: f64,
        strong: f64,
    },
    /// Removing the line would take `lost` of the text's expected content,
    /// more than `max_loss`.
    Loss { lost: f64, max_loss: f64, p: f64 },
}

/// Python's `{x:.0%}`.
struct Percent(f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.0}%", self.0 * 100.0)
    }
}

/// Python's `round(math.expm1(x))`: a count back from its `log1p`.
fn count(x: f64) -> i64 {
    x.exp_m1().round_ties_even() as i64
}

fn yes(value: f64) -> &'static str {
    if value != 0.0 { "yes" } else { "no" }
}

/// A feature `name` and its `value` in words (`describe` of the Python).
fn describe(f: &mut fmt::Formatter<'_>, name: &str, value: f64, terms: &[String]) -> fmt::Result {
    let (base, at) = name.split_once('@').unwrap_or((name, ""));
    let (base, window) = base.split_once('~').unwrap_or((base, ""));
    if !at.is_empty() {
        write!(f, "its neighbour ({at}): ")?;
        return describe(f, base, value, &[]);
    }
    if !window.is_empty() {
        return match base {
            "removed" => write!(
                f,
                "among lines other passes removed ({} within {window} lines)",
                Percent(value)
            ),
            "lex" => {
                let side = if value >= 0.5 { "content" } else { "furniture" };
                write!(
                    f,
                    "the words around it read as {side} (lexicon {value:.2} within {window} lines)"
                )
            }
            _ => write!(f, "{base} around it {value:.2} (within {window} lines)"),
        };
    }
    let spaced = || base.replace('_', " ");
    match base {
        "lex" if value >= 0.5 => write!(f, "its words read as content (lexicon {value:.2})"),
        "lex" => {
            if terms.is_empty() {
                f.write_str("its words")?;
            } else {
                let quoted: Vec<String> = terms.iter().map(|t| format!("'{t}'")).collect();
                f.write_str(&quoted.join(", "))?;
            }
            write!(f, " read as furniture (lexicon {value:.2})")
        }
        _ if base.starts_with("rule_") || base.starts_with("code_") => {
            let removed = if value != 0.0 {
                "removed"
            } else {
                "not removed"
            };
            write!(f, "{removed} by {}", &base[5..])
        }
        "log_words" => write!(f, "{} words", count(value)),
        "in_run" if value != 0.0 => f.write_str("inside the densest run of prose"),
        "in_run" => f.write_str("outside the densest run of prose"),
        "run_distance" => {
            let side = if value < 0.0 { "before" } else { "after" };
            write!(
                f,
                "{} lines {side} the densest run of prose",
                count(value.abs())
            )
        }
        _ if base.starts_with("title_") => {
            if value < 0.0 {
                f.write_str("before the repeat of the page title")
            } else {
                write!(f, "{} {value:.2}", spaced())
            }
        }
        _ if base.starts_with("p_") => write!(f, "page type {} ({})", &base[2..], Percent(value)),
        _ if base.starts_with("page_log_") => {
            write!(f, "the page's {} {}", count(value), &base[9..])
        }
        _ if base.starts_with("page_") => write!(f, "the page's {} {value:.2}", &base[5..]),
        "density" => write!(f, "stopword density {value:.2}"),
        "capitalized" | "upper" | "digits" | "punct" => write!(f, "{base} {value:.2}"),
        "terminal" | "linky" | "bullet" | "separator" | "price" | "url" | "time" | "first_copy" => {
            write!(f, "{}: {}", spaced(), yes(value))
        }
        _ => write!(f, "{} {value:.2}", spaced()),
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        describe(f, &self.feature, self.value, &self.terms)
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Model { p, evidence } => {
                write!(f, "body model: P(content) {p:.2}; ")?;
                if evidence.is_empty() {
                    return f.write_str("no single feature stands out");
                }
                for (k, e) in evidence.iter().enumerate() {
                    if k > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            Why::Guard {
                code,
                took,
                share,
                p,
                strong,
            } => write!(
                f,
                "{code} took {} of the text's words, more than {} needs strong evidence: \
                 P(content) {p:.2} >= {}",
                Percent(*took),
                Percent(*share),
                py_float_repr(*strong)
            ),
            Why::Loss { lost, max_loss, p } => write!(
                f,
                "removing it would take {} of the text's content as the body model expects it, \
                 more than {}: P(content) {p:.2}",
                Percent(*lost),
                Percent(*max_loss)
            ),
        }
    }
}

/// The body model's columns of every segment of the page (row-major, in
/// the model's order) and every segment's `P(content)`.
pub struct Scores {
    pub x: Vec<f64>,
    pub width: usize,
    pub p: Vec<f64>,
}

/// The body model on every segment of `page` (removed ones too).
///
/// Panics when the models' body model reads a column the page matrix lacks
/// (a models folder of another version).
pub fn scores(page: &Page<'_>, m: &Models) -> Scores {
    let columns = m
        .body
        .columns(&COLUMNS)
        .expect("the body model reads page-matrix columns");
    let lex: Vec<f64> = page
        .lines
        .readings(&m.lexicon)
        .iter()
        .map(Reading::score)
        .collect();
    let matrix = page_matrix_of(
        page.lines.stats(),
        page.segments,
        page.removed,
        page.page_type.map(|t| &t.probabilities),
        Some(&lex),
    );
    let x = matrix.select_f64(&columns);
    let p = if page.segments.is_empty() {
        Vec::new()
    } else {
        m.body.predict(&x)
    };
    Scores {
        x,
        width: columns.len(),
        p,
    }
}

/// Whether the body model may keep a line pass `code` removed.
fn overrulable(code: Code) -> bool {
    catalogue::lookup(code).is_some_and(|p| p.overrulable())
}

/// The lines earlier passes removed, in the order the pipeline removed them:
/// by the catalogue's run order of the pass, then by place.
fn removal_order(page: &Page<'_>) -> Vec<(usize, Code)> {
    let rank = |code: Code| {
        catalogue::PASSES
            .iter()
            .position(|p| p.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<(usize, Code)> = page
        .removed
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .collect();
    out.sort_by_key(|&(i, c)| (rank(c), i));
    out
}

/// Lines and reasons for CL601.
pub fn body_model(page: &Page<'_>) -> Outcome {
    let m = page.options.models();
    if page.segments.is_empty() {
        return Outcome::default();
    }
    let s = scores(page, m);
    let p = &s.p;
    let t = &m.thresholds;
    let group = match page.page_type {
        Some(kind) => group_of(Some(kind.name), kind.confidence, t.other_at),
        None => Group::Article,
    };
    let remove_at = m.remove_at(group);
    let mut gone = Vec::new();
    let mut back = Vec::new();
    // out of the model's domain (a language the fit corpora hardly had): the
    // rules decide alone, and only the guards may give lines back
    let known = coverage_of(page.lines.readings(&m.lexicon).iter()) >= t.min_coverage;
    if known {
        for seg in page.segments {
            let i = seg.index;
            match page.removed_by(i) {
                None => {
                    if p[i] < remove_at && !page.extracted {
                        gone.push(i);
                    }
                }
                Some(code) => {
                    if overrulable(code) && p[i] >= m.keep_at(code, group) {
                        back.push(i);
                    }
                }
            }
        }
    }
    let gone = runs_as_one(page, &gone);
    let mut removed = evidence(page, m, &s, &gone, -1.0);
    let mut kept = evidence(page, m, &s, &back, 1.0);
    let order = removal_order(page);
    let guarded = guard(page, p, &order, &mut removed, &kept, m);
    kept.extend(guarded);
    let bounded = bound_loss(page, p, &order, &mut removed, &kept, t.max_loss);
    kept.extend(bounded);
    Outcome {
        removed: wrap(removed),
        kept: wrap(kept),
        ..Outcome::default()
    }
}

fn wrap(whys: BTreeMap<usize, Why>) -> BTreeMap<usize, Reason> {
    whys.into_iter()
        .map(|(i, why)| (i, Reason::BodyModel(why)))
        .collect()
}

/// For each of `lines`, the model's reading: the [`EVIDENCE`] features that
/// moved it most towards furniture (`sign` -1) or content (`sign` 1).
fn evidence(
    page: &Page<'_>,
    m: &Models,
    s: &Scores,
    lines: &[usize],
    sign: f64,
) -> BTreeMap<usize, Why> {
    let mut out = BTreeMap::new();
    for &i in lines {
        let row = &s.x[i * s.width..(i + 1) * s.width];
        let contrib: Vec<f64> = m
            .body
            .contributions(row)
            .into_iter()
            .map(|c| c * sign)
            .collect();
        let mut order: Vec<usize> = (0..contrib.len()).filter(|&j| contrib[j] > 0.0).collect();
        order.sort_by(|&a, &b| contrib[b].total_cmp(&contrib[a]));
        let mut found: Vec<Evidence> = Vec::new();
        let mut said: Vec<String> = Vec::new();
        for j in order.into_iter().take(EVIDENCE) {
            let feature = m.body.features[j].clone();
            let value = row[j];
            let terms = if feature == "lex" && value < 0.5 {
                m.lexicon.strongest(&page.segments[i].text, TERMS)
            } else {
                Vec::new()
            };
            let e = Evidence {
                feature,
                value,
                terms,
            };
            let text = e.to_string();
            if !said.contains(&text) {
                said.push(text);
                found.push(e);
            }
        }
        out.insert(
            i,
            Why::Model {
                p: s.p[i],
                evidence: found,
            },
        );
    }
    out
}

/// `gone` without the lines of a run of the same kept line (a menu entry said
/// again and again, with nothing between) of which the model keeps one: the
/// run is judged as one line, in the no-harm direction. Otherwise only the
/// run's last line falls under the threshold, the next round finds the next
/// one last, and rounds peel the run one line at a time.
pub fn runs_as_one(page: &Page<'_>, gone: &[usize]) -> Vec<usize> {
    if gone.is_empty() {
        return Vec::new();
    }
    let going: HashSet<usize> = gone.iter().copied().collect();
    let kept = page.kept();
    let mut stays = HashSet::new();
    let mut start = 0;
    while start < kept.len() {
        let mut end = start + 1;
        while end < kept.len() && kept[end].text == kept[start].text {
            end += 1;
        }
        let run = &kept[start..end];
        if run.len() > 1 && run.iter().any(|s| !going.contains(&s.index)) {
            stays.extend(run.iter().map(|s| s.index));
        }
        start = end;
    }
    gone.iter()
        .copied()
        .filter(|i| !stays.contains(i))
        .collect()
}

/// `lines` by `P(content)`, highest first (ties keep their order).
fn most_content_first(lines: &[usize], p: &[f64]) -> Vec<usize> {
    let mut out = lines.to_vec();
    out.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    out
}

/// The lines to keep because the pass that took them took more than
/// `guard_share` of the text's words on weak evidence. `removed` (this
/// pass's own removals) loses the lines it gives back.
fn guard(
    page: &Page<'_>,
    p: &[f64],
    order: &[(usize, Code)],
    removed: &mut BTreeMap<usize, Why>,
    kept: &BTreeMap<usize, Why>,
    m: &Models,
) -> Vec<(usize, Why)> {
    let (share, strong) = (m.thresholds.guard_share, m.thresholds.guard_strong);
    let words = &page.lines.stats().words;
    let total = words.iter().sum::<usize>() as f64;
    let mut back = Vec::new();
    if total <= 0.0 {
        return back;
    }
    let mut by_code: BTreeMap<Code, Vec<usize>> = BTreeMap::new();
    for &(i, code) in order {
        if !kept.contains_key(&i) && overrulable(code) {
            by_code.entry(code).or_default().push(i);
        }
    }
    if !removed.is_empty() {
        by_code
            .entry(Code::BODY_MODEL)
            .or_default()
            .extend(removed.keys().copied());
    }
    for (code, lines) in by_code {
        let mut taken = lines.iter().map(|&i| words[i]).sum::<usize>() as f64;
        if taken <= share * total {
            continue;
        }
        for i in most_content_first(&lines, p) {
            if taken <= share * total || p[i] < strong {
                break;
            }
            taken -= words[i] as f64;
            let why = Why::Guard {
                code,
                took: taken / total + words[i] as f64 / total,
                share,
                p: p[i],
                strong,
            };
            if removed.remove(&i).is_none() {
                back.push((i, why));
            }
        }
    }
    back
}

/// The lines to keep so that the text loses at most `max_loss` of its
/// content as the body model expects it (the sum of `P(content)` times
/// words): the most content-like first. `removed` (this pass's own) loses
/// the lines it gives back.
fn bound_loss(
    page: &Page<'_>,
    p: &[f64],
    order: &[(usize, Code)],
    removed: &mut BTreeMap<usize, Why>,
    kept: &BTreeMap<usize, Why>,
    max_loss: f64,
) -> Vec<(usize, Why)> {
    let mut back = Vec::new();
    if max_loss >= 1.0 {
        return back;
    }
    let words = &page.lines.stats().words;
    let pw: Vec<f64> = p.iter().zip(words).map(|(&p, &w)| p * w as f64).collect();
    let expected = pairwise_sum(&pw);
    let mut gone: Vec<usize> = order
        .iter()
        .filter(|&&(i, code)| !kept.contains_key(&i) && overrulable(code))
        .map(|&(i, _)| i)
        .collect();
    gone.extend(removed.keys().copied());
    let taken: Vec<f64> = gone.iter().map(|&i| pw[i]).collect();
    let mut lost = pairwise_sum(&taken);
    for i in most_content_first(&gone, p) {
        if lost <= max_loss * expected + 1e-9 {
            break;
        }
        let why = Why::Loss {
            lost: lost / expected,
            max_loss,
            p: p[i],
        };
        lost -= pw[i];
        if removed.remove(&i).is_none() {
            back.push((i, why));
        }
    }
    back
}

#[cfg(test)]
mod tests {
    use super::super::Options;
    use super::super::testing::{on_page, run, with_page};
    use super::*;

    fn said(feature: &str, value: f64) -> String {
        Evidence {
            feature: feature.into(),
            value,
            terms: Vec::new(),
        }
        .to_string()
    }

    #[test]
    fn features_in_words() {
        assert_eq!(said("density", 0.05), "stopword density 0.05");
        assert_eq!(
            said("removed~10", 0.8),
            "among lines other passes removed (80% within 10 lines)"
        );
        assert_eq!(
            said("lex~3", 0.7),
            "the words around it read as content (lexicon 0.70 within 3 lines)"
        );
        assert_eq!(said("page_log_words", 4.93), "the page's 137 words");
        assert_eq!(
            said("lex@-1", 0.2),
            "its neighbour (-1): its words read as furniture (lexicon 0.20)"
        );
        assert_eq!(said("code_CL402", 1.0), "removed by CL402");
        assert_eq!(said("rule_CL20", 0.0), "not removed by CL20");
        assert_eq!(
            said("title_distance", -1.0),
            "before the repeat of the page title"
        );
        assert_eq!(said("p_forum", 0.125), "page type forum (12%)");
        assert_eq!(said("first_copy", 1.0), "first copy: yes");
        assert_eq!(said("log_repeats", 0.69), "log repeats 0.69");
        assert_eq!(
            said("run_distance", -(3.0f64.ln_1p())),
            "3 lines before the densest run of prose"
        );
        let e = Evidence {
            feature: "lex".into(),
            value: 0.1,
            terms: vec!["sign in".into(), "in".into()],
        };
        assert_eq!(
            e.to_string(),
            "'sign in', 'in' read as furniture (lexicon 0.10)"
        );
    }

    #[test]
    fn reasons_render_as_the_python_strings() {
        let why = Why::Guard {
            code: Code::OUTSIDE_BODY,
            took: 0.625,
            share: 0.5,
            p: 0.555,
            strong: 0.1,
        };
        assert_eq!(
            why.to_string(),
            "CL402 took 62% of the text's words, more than 50% needs strong evidence: \
             P(content) 0.56 >= 0.1"
        );
        let why = Why::Model {
            p: 0.2,
            evidence: Vec::new(),
        };
        assert_eq!(
            why.to_string(),
            "body model: P(content) 0.20; no single feature stands out"
        );
    }

    #[test]
    fn a_run_of_one_kept_line_is_judged_once() {
        on_page(
            "The council met on Monday.\nSport\nSport\nSport\nNews",
            |page| {
                assert_eq!(runs_as_one(page, &[3, 4]), [4]);
                assert_eq!(runs_as_one(page, &[1, 2, 3, 4]), [1, 2, 3, 4]);
            },
        );
    }

    const PARAS: [&str; 3] = [
        "The council met on Monday and agreed to the plan for the new park in town.",
        "Work on the park starts in May, and the first trees will be planted in June.",
        "The mayor said the park would be open to everyone by the end of next year.",
    ];

    fn page_text() -> String {
        format!(
            "Home\nNews\nSport\nSign in\nSubscribe\n\n{}\n\nPrivacy Policy\nTerms of Use",
            PARAS.join("\n\n")
        )
    }

    #[test]
    fn removes_furniture_and_keeps_the_body() {
        let o = run(&page_text(), &[], None, &Options::new(), body_model);
        let texts: Vec<usize> = o.removed.keys().copied().collect();
        for i in [5, 6, 7] {
            assert!(!texts.contains(&i), "{i}: {:?}", o.removed.get(&i));
        }
        assert!(texts.contains(&9), "{texts:?}");
        let reason = o.removed[&9].to_string();
        assert!(reason.starts_with("body model: P(content) 0."), "{reason}");
    }

    #[test]
    fn removes_nothing_from_an_extracted_text() {
        let options = Options::new();
        with_page(&page_text(), &[], None, &options, true, |page| {
            assert!(body_model(page).removed.is_empty());
        });
    }

    #[test]
    fn keeps_the_body_a_heuristic_took() {
        // CL402 took a paragraph of the body: the model reads it as content
        let o = run(
            &page_text(),
            &[(6, Code::OUTSIDE_BODY)],
            None,
            &Options::new(),
            body_model,
        );
        assert!(o.kept.contains_key(&6), "{:?}", o.kept);
        // a phrase list's removal is never overruled
        let o = run(
            &page_text(),
            &[(6, Code::COPYRIGHT)],
            None,
            &Options::new(),
            body_model,
        );
        assert!(o.kept.is_empty(), "{:?}", o.kept);
    }

    /// Options whose models have thresholds changed by `change`.
    fn with_thresholds(change: impl FnOnce(&mut crate::models::fitted::Thresholds)) -> Options {
        let mut m = Models::shipped().clone();
        change(&mut m.thresholds);
        Options {
            models: Some(std::sync::Arc::new(m)),
            ..Options::new()
        }
    }

    fn codes(o: &BTreeMap<usize, Reason>) -> Vec<usize> {
        o.keys().copied().collect()
    }

    #[test]
    fn stands_down_on_words_the_lexicon_does_not_know() {
        let options = with_thresholds(|t| t.min_coverage = 1.5);
        let o = run(
            &page_text(),
            &[(6, Code::OUTSIDE_BODY)],
            None,
            &options,
            body_model,
        );
        assert!(o.removed.is_empty() && o.kept.is_empty(), "{o:?}");
    }

    #[test]
    fn a_pass_that_takes_too_much_gives_back_lines_without_strong_evidence() {
        // every word is more than a share of 0; no line is strong evidence
        let options = with_thresholds(|t| {
            t.guard_share = 0.0;
            t.guard_strong = 0.0;
            t.keep.clear();
        });
        let removed = [(0, Code::OUTSIDE_BODY), (1, Code::OUTSIDE_BODY)];
        let o = run(&page_text(), &removed, None, &options, body_model);
        assert_eq!(codes(&o.kept), [0, 1]);
        assert!(o.removed.is_empty(), "{o:?}");
        let why = o.kept[&0].to_string();
        assert!(
            why.starts_with("CL402 took ") && why.ends_with(" >= 0.0"),
            "{why}"
        );
    }

    #[test]
    fn the_loss_of_content_is_bounded() {
        let options = with_thresholds(|t| {
            t.max_loss = 0.0;
            t.keep.clear();
        });
        let o = run(
            &page_text(),
            &[(0, Code::OUTSIDE_BODY)],
            None,
            &options,
            body_model,
        );
        assert_eq!(codes(&o.kept), [0]);
        assert!(o.removed.is_empty(), "{o:?}");
        let why = o.kept[&0].to_string();
        assert!(why.starts_with("removing it would take "), "{why}");
        // a phrase list's removal stands whatever the loss
        let o = run(
            &page_text(),
            &[(0, Code::COPYRIGHT)],
            None,
            &options,
            body_model,
        );
        assert!(o.kept.is_empty(), "{o:?}");
    }

    #[test]
    fn a_run_of_one_kept_line_stays_when_the_model_keeps_one_of_it() {
        let text = format!(
            "Home\nNews\n\n{}\n\nSport\nSport\nSport\nSport",
            PARAS.join("\n\n")
        );
        on_page(&text, |page| {
            let m = page.options.models();
            let p = scores(page, m).p;
            let last = page.segments.len() - 1;
            // alone, the run's last line reads as furniture, the first as content
            assert!(p[last] < m.remove_at(Group::Article), "{p:?}");
            assert!(p[last - 3] >= m.remove_at(Group::Article), "{p:?}");
            assert!(body_model(page).removed.is_empty());
        });
    }
}
