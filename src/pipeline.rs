//! Layer 7: the pipeline (the port of `cleaner/pipeline.py`'s `run`):
//! normalize, segment, judge the reading ([`decision::judge`]), and clean the
//! body again, as a second clean would read it, until a round reads exactly
//! what the round before read, within [`WORK_FACTOR`] times the input's lines
//! of work; the lines later rounds remove are reported against the input's
//! own lines ([`merge`]).

use std::collections::BTreeMap;

use crate::decision::{self, Config, Judgement, Removal, RepeatOrder, Seen, Step};
use crate::model::Segment;
use crate::passes::{Lines, Reason};
use crate::text::normalize::{Normalizer, segment};

/// Cleaning the cleaned text again reads at most this many times the
/// input's lines, all rounds together: linear time on any input.
pub const WORK_FACTOR: usize = 32;

/// What the pipeline needs besides the decision's configuration.
pub struct Pipeline<'a, 'n> {
    pub config: &'a Config<'a>,
    pub steps: &'a [Step],
    /// `paragraphs="keep"`: the blank lines of the input stay in the body.
    pub keep_paragraphs: bool,
    pub normalizer: &'a mut Normalizer<'n>,
}

/// Whether two readings of a text are the same lines with the same gaps.
pub fn same_reading(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.text == y.text && x.gap_before == y.gap_before)
}

/// The note of a text that did not settle.
pub fn unsettled_note() -> String {
    format!(
        "cleaning did not settle within {WORK_FACTOR} times the text's lines of rounds: \
         cleaning the output again may remove more"
    )
}

fn unsettled(mut result: Judgement) -> Judgement {
    let note = unsettled_note();
    let warning = match result.meta.get("warning") {
        Some(said) if !said.is_empty() => format!("{said}; {note}"),
        _ => note,
    };
    result.meta.insert("warning".into(), warning);
    result
}

impl Pipeline<'_, '_> {
    /// Cleans the text an HTML page's extraction chose (`run_segments(...,
    /// known, extracted=True)` of `cleaner.html`): one reading, no rounds;
    /// `known` is the metadata the page's markup gave, which the passes only
    /// add to.
    pub fn run_extracted(&mut self, text: &str, known: &BTreeMap<String, String>) -> Judgement {
        let segments = segment(&self.normalizer.normalize(text));
        let lines = Lines::new(&segments);
        decision::judge(
            &segments,
            &lines,
            self.steps,
            self.config,
            known,
            &Seen::new(),
            self.keep_paragraphs,
            true,
        )
        .0
    }

    /// Cleans `text` (`run`): the full answer.
    pub fn run(&mut self, text: &str) -> Judgement {
        let known = BTreeMap::new();
        let segments = segment(&self.normalizer.normalize(text));
        let lines = Lines::new(&segments);
        let (mut result, seen) = self.judge(&segments, &lines, &known, &Seen::new(), true);
        // the user's patterns have had every line already: later rounds run
        // without them (a pattern never runs out of time here)
        let mut last_all_kept = result.verdicts.iter().all(Option::is_none);
        let mut read: Vec<Segment> = segments.clone();
        let mut budget = (WORK_FACTOR * segments.len()) as i64;
        let mut body: Option<String> = None;
        let mut normalized = String::new();
        let mut gave_back = false;
        loop {
            let kept: Vec<&Segment> = segments
                .iter()
                .filter(|s| result.verdicts[s.index].is_none())
                .collect();
            if body.as_deref() != Some(result.text.as_str()) {
                normalized = self.normalizer.normalize(&result.text);
                body = Some(result.text.clone());
            }
            let mut again = segment(&normalized);
            if again.len() != kept.len() {
                break; // the body does not read back line for line: leave it
            }
            if last_all_kept && same_reading(&again, &read) {
                break; // a second clean would read what this round read
            }
            budget -= again.len() as i64;
            if budget < 0 {
                return unsettled(result);
            }
            // each line keeps its number in the input
            for (a, k) in again.iter_mut().zip(&kept) {
                a.line_no = k.line_no;
            }
            let same_text = again.iter().zip(&kept).all(|(a, k)| a.text == k.text);
            let skip = if same_text && result.overruled.is_empty() && !gave_back {
                seen.clone()
            } else {
                Seen::new()
            };
            let again_lines = Lines::new(&again);
            let (second, _) = self.judge(&again, &again_lines, &known, &skip, false);
            let back;
            (result, back) = merge(result, &kept, &second, &lines, self);
            gave_back = gave_back || back;
            last_all_kept = second.verdicts.iter().all(Option::is_none);
            read = again;
        }
        result
    }

    fn judge(
        &self,
        segments: &[Segment],
        lines: &Lines<'_>,
        known: &BTreeMap<String, String>,
        seen: &Seen,
        first: bool,
    ) -> (Judgement, Seen) {
        if first || self.config.options.user_patterns.is_empty() {
            return decision::judge(
                segments,
                lines,
                self.steps,
                self.config,
                known,
                seen,
                self.keep_paragraphs,
                false,
            );
        }
        // later rounds: without the user's patterns
        let steps: Vec<Step> = self
            .steps
            .iter()
            .filter(|s| s.pass.code != crate::catalogue::Code::USER_PATTERN)
            .copied()
            .collect();
        decision::judge(
            segments,
            lines,
            &steps,
            self.config,
            known,
            seen,
            self.keep_paragraphs,
            false,
        )
    }
}

/// `first` with the removals of `second` (a round over `first`'s body, whose
/// segments are `kept`) reported against `first`'s own lines, and whether a
/// line `first` removed as a repeat came back because `second` removed a
/// line it repeats.
fn merge(
    first: Judgement,
    kept: &[&Segment],
    second: &Judgement,
    lines: &Lines<'_>,
    pipeline: &Pipeline<'_, '_>,
) -> (Judgement, bool) {
    let Judgement {
        segments,
        mut verdicts,
        meta: first_meta,
        overruled: first_overruled,
        ..
    } = first;
    for (seg, v) in kept.iter().zip(&second.verdicts) {
        if let Some(v) = v {
            let mut v = v.clone();
            if v.repeat().is_some()
                && let Reason::Repeat { repeat, .. } = &mut v.reason
            {
                // its lines' numbers are the input's already
                repeat.of = repeat.of.iter().map(|&k| kept[k].index).collect();
            }
            verdicts[seg.index] = Some(v);
        }
    }
    let mut repeated = RepeatOrder::default();
    let mut any = false;
    for (i, v) in verdicts.iter().enumerate() {
        if v.as_ref().and_then(Removal::repeat).is_some() {
            repeated.insert(i);
            any = true;
        }
    }
    let mut back = Vec::new();
    if any {
        back = decision::settle(&mut verdicts, &mut repeated, &segments).0;
    }
    let mut meta = first_meta;
    for (key, value) in &second.meta {
        meta.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let models = pipeline.config.models;
    if let Some(warning) = decision::vanished(&segments, lines, &verdicts, models)
        && !meta
            .get("warning")
            .is_some_and(|w| w.starts_with("user pattern"))
    {
        meta.insert("warning".into(), warning);
    }
    let mut overruled = first_overruled;
    let seen: Vec<usize> = overruled.iter().map(|o| o.line_no).collect();
    for o in &second.overruled {
        // a line kept against the same pass again is said once
        if !seen.contains(&o.line_no) {
            overruled.push(o.clone());
        }
    }
    let text = decision::render_kept(&segments, &verdicts, pipeline.keep_paragraphs);
    let result = Judgement {
        text,
        segments,
        verdicts,
        meta,
        overruled,
    };
    (result, !back.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Code;
    use crate::decision::{Runner, Selection, table};
    use crate::models::fitted::Models;
    use crate::passes::{Options, Outcome, Page};
    use crate::text::normalize::{FtfyScreen, Options as NormalizeOptions};

    fn config(ignore: &[&str], patterns: &[&str]) -> Config<'static> {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        Config {
            selection: Selection {
                ignore: ignore.iter().map(|c| c.to_string()).collect(),
                ..Selection::default()
            },
            options: Options {
                min_body_words: 12,
                user_patterns: crate::passes::user::UserPatterns::new(&patterns).unwrap(),
                models: None,
            },
            page_type: None,
            models: Models::shipped(),
            profile: false,
        }
    }

    /// The pipeline's answer on `text` (no Unicode repair: no ftfy here).
    fn run_with(text: &str, config: &Config<'_>, steps: &[Step]) -> Judgement {
        let options = NormalizeOptions {
            fix_unicode: false,
            ..NormalizeOptions::default()
        };
        let screen = FtfyScreen::new("", "", "^$").unwrap();
        let mut fixer = |line: &str| line.to_string();
        let mut normalizer = Normalizer {
            options: &options,
            screen: &screen,
            fixer: &mut fixer,
        };
        let mut pipeline = Pipeline {
            config,
            steps,
            keep_paragraphs: false,
            normalizer: &mut normalizer,
        };
        pipeline.run(text)
    }

    fn removed(j: &Judgement) -> Vec<(usize, String, String)> {
        j.segments
            .iter()
            .zip(&j.verdicts)
            .filter_map(|(s, v)| {
                v.as_ref()
                    .map(|r| (s.line_no, r.code.to_string(), r.reason.to_string()))
            })
            .collect()
    }

    const PARK: &str = "The council met on Monday and agreed to the plan for the new park in town.";
    const MORE: &str =
        "Work on the park starts in May, and trees will be planted by the end of June.";
    const COST: &str =
        "It will cost two million euros, paid by the city and the region over three years.";

    #[test]
    fn the_table_takes_every_pass_the_engine_has() {
        let steps = table(&config(&[], &[])).unwrap();
        assert!(steps.iter().any(|s| s.pass.code == Code::BODY_MODEL));
        assert!(
            !steps
                .iter()
                .any(|s| s.pass.code == Code::LEARNED_BOILERPLATE)
        );
        let with_profile = Config {
            profile: true,
            ..config(&[], &[])
        };
        let err = table(&with_profile).err().unwrap();
        assert_eq!(
            err.to_string(),
            "pass CL701 is not in the native engine yet"
        );
    }

    #[test]
    fn a_copy_goes_and_a_second_clean_removes_nothing() {
        // the answer cleaner.analyze gives (ignore=("CL601",), fix_unicode=False)
        let config = config(&["CL601"], &[]);
        let steps = table(&config).unwrap();
        let text = format!("Back to top\n\n{PARK}\n\n{MORE}\n\n{COST}\n\n{MORE}");
        let j = run_with(&text, &config, &steps);
        let back_to_top = "page navigation link (line match in phrase list 'back_to_top')";
        assert_eq!(
            removed(&j),
            [
                (1, "CL103".into(), back_to_top.into()),
                (9, "CL404".into(), "repeat of line 5".into())
            ]
        );
        assert_eq!(j.text, format!("{PARK}\n\n{MORE}\n\n{COST}\n"));
        assert_eq!(j.meta.get("page_type_confidence").map(String::len), Some(4));
        let again = run_with(&j.text, &config, &steps);
        assert!(removed(&again).is_empty());
        assert_eq!(again.text, j.text);
    }

    /// A page pass that keeps every line an earlier pass removed.
    fn keep_all(page: &Page<'_>) -> Outcome {
        let kept = (0..page.segments.len())
            .filter(|&i| !page.is_kept(i))
            .map(|i| (i, Reason::TagList))
            .collect();
        Outcome {
            kept,
            ..Outcome::default()
        }
    }

    #[test]
    fn a_later_pass_overrules_but_never_the_users_patterns() {
        let config = config(&["CL601"], &["Filed from .+"]);
        let mut steps = table(&config).unwrap();
        steps.push(Step {
            pass: crate::catalogue::lookup(Code::BODY_MODEL).unwrap(),
            runner: Runner::Page(keep_all),
        });
        let text = format!("Back to top\n\nFiled from Paris\n\n{PARK}\n\n{MORE}");
        let j = run_with(&text, &config, &steps);
        assert_eq!(
            removed(&j),
            [(
                3,
                "CL199".into(),
                "matches user pattern 'Filed from .+'".into()
            )]
        );
        let overruled: Vec<(usize, String, String)> = j
            .overruled
            .iter()
            .map(|o| (o.line_no, o.removal.code.to_string(), o.by.to_string()))
            .collect();
        assert_eq!(overruled, [(1, "CL103".into(), "CL601".into())]);
        assert!(j.text.starts_with("Back to top\n"));
    }
}
