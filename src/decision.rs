//! Layer 6: the one module that decides a line's fate (the port of
//! `cleaner/pipeline.py`'s `_run_segments` and what it calls): which passes
//! run (the configuration's selection, the fitted gates of the page type),
//! who may remove a line (the first pass that asks; a line pass never sees a
//! line already removed), who may overrule a removal (a page pass's
//! [`Outcome::kept`], never over a protected code: the user's own patterns,
//! a learned profile), and the guard on repeats: a line removed as a repeat
//! of other lines ([`Repeat`]) stays removed only while the lines it repeats
//! stay ([`settle_repeats`]). Rounds of cleaning again (`pipeline`) build on
//! one [`judge`] per reading of the text.
//!
//! The warning that cleaning took most of a text's content ([`vanished`])
//! is decided here too, with the fitted rule of `warning.json`.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalogue::{self, Code, Kind, PASSES, Pass};
use crate::features::pagetype::classify_with;
use crate::model::{PAGE_TYPES, PageType, Segment, TypeSource};
use crate::models::fitted::{Models, WarningRule};
use crate::passes::{self, LinePass, Lines, Outcome, Page, PageFn, Reason, Repeat, Screen};

// -- configuration ----------------------------------------------------------------

/// Which passes a configuration runs (`Config.enabled`): codes or prefixes
/// as the Python resolved them (`catalogue.resolve`: `CL1` selects a range).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Resolved codes or prefixes to run (empty: every pass on by default).
    pub select: Vec<String>,
    /// Resolved codes or prefixes never to run (wins over `select`).
    pub ignore: Vec<String>,
    /// `select` as written: a pass named there runs whatever the gates say.
    pub select_written: Vec<String>,
}

impl Selection {
    /// Whether pass `code` runs (every built-in pass is on by default).
    pub fn enabled(&self, code: Code) -> bool {
        let code = code.to_string();
        let hit = |codes: &[String]| codes.iter().any(|c| code.starts_with(c.as_str()));
        if hit(&self.ignore) {
            return false;
        }
        self.select.is_empty() || hit(&self.select)
    }

    /// Whether the user named pass `code` in `select` (the gates do not
    /// switch it off then).
    pub fn named(&self, code: Code) -> bool {
        let code = code.to_string();
        self.select_written.contains(&code)
    }
}

/// What decides a text's answer, besides its lines.
pub struct Config<'a> {
    pub selection: Selection,
    /// The options the passes read (`min_body_words`, the user's patterns,
    /// the models CL601 reads: the same as `models`).
    pub options: passes::Options,
    /// The page type the user named (`None`: `"auto"`).
    pub page_type: Option<PageType>,
    pub models: &'a Models,
    /// Whether a learned profile is configured (CL701 removes nothing
    /// without one).
    pub profile: bool,
}

// -- the pass table ----------------------------------------------------------------

/// How the pipeline runs one pass.
#[derive(Clone, Copy)]
pub enum Runner {
    Line(&'static LinePass),
    Page(PageFn),
}

/// One pass of the table: the catalogue's entry and how to run it.
#[derive(Clone, Copy)]
pub struct Step {
    pub pass: &'static Pass,
    pub runner: Runner,
}

/// A pass the configuration runs that the engine cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unported(pub Code);

impl std::fmt::Display for Unported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pass {} is not in the native engine yet", self.0)
    }
}

/// The passes `config` runs, in the catalogue's order, each with its
/// runner: every pass the engine has (`passes::line_pass`,
/// `passes::page_pass`: a pass joins the table by being there). CL701 without
/// a profile removes nothing and is left out; any other enabled pass the
/// engine lacks is an error ([`Unported`]), never a silent difference.
pub fn table(config: &Config<'_>) -> Result<Vec<Step>, Unported> {
    let mut steps = Vec::new();
    for pass in PASSES {
        if !config.selection.enabled(pass.code) {
            continue;
        }
        if pass.code == Code::LEARNED_BOILERPLATE && !config.profile {
            continue;
        }
        let runner = match pass.kind {
            Kind::Line => passes::line_pass(pass.code).map(Runner::Line),
            Kind::Page => passes::page_pass(pass.code).map(Runner::Page),
        };
        match runner {
            Some(runner) => steps.push(Step { pass, runner }),
            None => return Err(Unported(pass.code)),
        }
    }
    Ok(steps)
}

// -- the page type and the gates ---------------------------------------------------

/// The page-type decision (`page_type_of`): the configured type, else the
/// one the HTML extraction found (`known`), else the text's.
pub fn page_type_of(
    segments: &[Segment],
    lines: &Lines<'_>,
    config: &Config<'_>,
    known: &BTreeMap<String, String>,
) -> PageType {
    if let Some(t) = config.page_type {
        return t;
    }
    if let Some(at) = known
        .get("page_type")
        .and_then(|name| PAGE_TYPES.iter().position(|t| t == name))
    {
        let confidence = known
            .get("page_type_confidence")
            .map_or(Some(1.0), |c| py_float(c))
            .unwrap_or(1.0);
        let mut probabilities = [0.0; 7];
        for (k, p) in probabilities.iter_mut().enumerate() {
            *p = if k == at {
                confidence
            } else {
                (1.0 - confidence) / 6.0
            };
        }
        return PageType {
            name: PAGE_TYPES[at],
            confidence,
            probabilities,
            source: TypeSource::Html,
        };
    }
    classify_with(segments, || lines.stats(), &config.models.page_type)
}

/// Python's `float()` of a string, for the numbers the pipeline itself wrote.
fn py_float(text: &str) -> Option<f64> {
    text.trim().parse().ok()
}

/// The passes the fitted gates switch off on this page type: only when the
/// type is as sure as the gates ask; a pass the user selects by its own code
/// always runs.
pub fn gated(page_type: Option<&PageType>, config: &Config<'_>) -> HashSet<Code> {
    let Some(t) = page_type else {
        return HashSet::new();
    };
    config
        .models
        .gated(t.name, t.confidence)
        .into_iter()
        .filter_map(catalogue::parse_code)
        .filter(|&c| !config.selection.named(c))
        .collect()
}

// -- verdicts ----------------------------------------------------------------------

/// A removed line: the pass that removed it and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    pub code: Code,
    pub reason: Reason,
}

impl Removal {
    /// The pass's name (the catalogue's).
    pub fn name(&self) -> &'static str {
        catalogue::lookup(self.code).map_or("", |p| p.name)
    }

    /// What the line repeats, when it was removed as a repeat of other lines.
    pub fn repeat(&self) -> Option<&Repeat> {
        self.reason.repeat().filter(|r| !r.of.is_empty())
    }
}

/// A line an earlier pass removed and a later one kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Overruled {
    pub line_no: usize,
    pub text: String,
    /// What was said.
    pub removal: Removal,
    /// The pass that kept it, and why.
    pub by: Code,
    pub why: Reason,
}

/// The answer of one reading of a text (the Python's `Result`).
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub text: String,
    pub segments: Vec<Segment>,
    /// For each segment, its removal (`None`: kept).
    pub verdicts: Vec<Option<Removal>>,
    pub meta: BTreeMap<String, String>,
    pub overruled: Vec<Overruled>,
}

/// The lines removed as repeats, in the order the Python's dict holds them
/// (insertion order: which line of a cycle of repeats comes back depends
/// on it).
#[derive(Clone, Debug, Default)]
pub struct RepeatOrder {
    order: Vec<usize>,
    member: HashSet<usize>,
}

impl RepeatOrder {
    /// Adds line `i` at the end (a line already in stays where it is).
    pub fn insert(&mut self, i: usize) {
        if self.member.insert(i) {
            self.order.push(i);
        }
    }

    /// Takes line `i` out (a line put in again goes to the end).
    pub fn remove(&mut self, i: usize) {
        if self.member.remove(&i) {
            self.order.retain(|&x| x != i);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// The removals of a reading as passes make them.
struct Removals {
    removed: Vec<Option<Removal>>,
    repeated: RepeatOrder,
}

impl Removals {
    /// Records a removal (and, for a repeat of other lines, the repeat).
    fn put(&mut self, index: usize, removal: Removal) {
        let repeat = removal.repeat().is_some();
        self.removed[index] = Some(removal);
        if repeat {
            self.repeated.insert(index);
        }
    }

    /// Settles the repeats ([`settle`]); the lines given back.
    fn settle(&mut self, segments: &[Segment]) -> Vec<usize> {
        settle(&mut self.removed, &mut self.repeated, segments).0
    }
}

/// Settles the repeats of `removed` ([`settle_repeats`]): the lines given
/// back are kept again; those that now repeat another line get a new repeat
/// and reason. Returns both lists of lines.
pub fn settle(
    removed: &mut [Option<Removal>],
    repeated: &mut RepeatOrder,
    segments: &[Segment],
) -> (Vec<usize>, Vec<usize>) {
    let gone: Vec<bool> = removed.iter().map(Option::is_some).collect();
    let repeats: Vec<(usize, &Repeat)> = repeated
        .order
        .iter()
        .filter_map(|&i| {
            removed[i]
                .as_ref()
                .and_then(Removal::repeat)
                .map(|r| (i, r))
        })
        .collect();
    let (back, moved) = settle_repeats(&gone, &repeats);
    for &i in &back {
        removed[i] = None;
        repeated.remove(i);
    }
    let mut moved_lines = Vec::with_capacity(moved.len());
    for (i, of) in moved {
        if let Some(Removal {
            reason: Reason::Repeat { repeat, .. },
            ..
        }) = removed[i].as_mut()
        {
            repeat.lines = of.iter().map(|&t| segments[t].line_no).collect();
            repeat.of = of;
        }
        moved_lines.push(i);
    }
    (back, moved_lines)
}

/// Which lines removed as repeats (`repeats`: line -> what it repeats, in
/// the Python's order) come back, and which now repeat other lines, so that
/// no line stays removed as a repeat of a line that is removed too
/// (`removed[i]`: whether line `i` is removed).
///
/// A whole copy (`exact`) of a line removed for good stands in for it: the
/// first such copy comes back, and the other repeats of that line repeat the
/// copy instead. A whole copy of a copy repeats the first line of its chain.
/// What is left is decided by [`given_back`]. Linear in the repeats.
pub fn settle_repeats(
    removed: &[bool],
    repeats: &[(usize, &Repeat)],
) -> (Vec<usize>, Vec<(usize, Vec<usize>)>) {
    let is_removed = |i: usize| removed.get(i).copied().unwrap_or(false);
    let of: HashMap<usize, &Repeat> = repeats.iter().map(|&(i, r)| (i, r)).collect();
    let exact = |i: usize| of.get(&i).is_some_and(|r| r.exact);
    let mut root: HashMap<usize, usize> = HashMap::new();
    let copies: Vec<usize> = repeats
        .iter()
        .filter(|(r, rep)| rep.exact && is_removed(*r) && rep.of.len() == 1)
        .map(|&(r, _)| r)
        .collect();
    for &r in &copies {
        let mut path: Vec<usize> = Vec::new();
        let mut t = of[&r].of[0];
        while exact(t)
            && is_removed(t)
            && of.contains_key(&t)
            && !root.contains_key(&t)
            && !path.contains(&t)
        {
            path.push(t);
            t = of[&t].of[0];
        }
        let t = root.get(&t).copied().unwrap_or(t);
        for x in path {
            root.insert(x, t);
        }
        root.insert(r, t);
    }
    let mut sorted_copies = copies.clone();
    sorted_copies.sort_unstable();
    let mut stand_in: HashMap<usize, usize> = HashMap::new();
    for &r in &sorted_copies {
        let x = root[&r];
        if is_removed(x) && !of.contains_key(&x) && !stand_in.contains_key(&x) {
            stand_in.insert(x, r);
        }
    }
    let standing_in: HashSet<usize> = stand_in.values().copied().collect();
    let mut moved: Vec<(usize, Vec<usize>)> = Vec::new();
    for &(r, rep) in repeats {
        if !is_removed(r) || standing_in.contains(&r) {
            continue;
        }
        let new: Vec<usize> = match root.get(&r) {
            Some(x) => vec![stand_in.get(x).copied().unwrap_or(*x)],
            None => rep
                .of
                .iter()
                .map(|t| stand_in.get(t).copied().unwrap_or(*t))
                .collect(),
        };
        if new != rep.of {
            moved.push((r, new));
        }
    }
    let mut back: Vec<usize> = standing_in.iter().copied().collect();
    back.sort_unstable();
    let mut gone: Vec<bool> = removed.to_vec();
    for &b in &back {
        gone[b] = false;
    }
    let moved_of: HashMap<usize, &Vec<usize>> = moved.iter().map(|(r, t)| (*r, t)).collect();
    let still: Vec<(usize, &[usize], Option<usize>)> = repeats
        .iter()
        .filter(|(r, _)| gone.get(*r).copied().unwrap_or(false))
        .map(|&(r, rep)| {
            let targets = moved_of.get(&r).map_or(rep.of.as_slice(), |t| t.as_slice());
            (r, targets, rep.need)
        })
        .collect();
    let later = given_back(&gone, &still);
    let later_set: HashSet<usize> = later.iter().copied().collect();
    moved.retain(|(r, _)| !later_set.contains(r));
    back.extend(later);
    back.sort_unstable();
    (back, moved)
}

/// The lines removed as repeats (`repeats`: line, the lines it repeats, and
/// how many of them must stay: `None`, all) that must be kept because the
/// lines they repeat are removed for good (`removed[i]`).
///
/// A line removed as a repeat is itself removed for good only when its own
/// removal stands, so chains resolve from the original down; in a cycle of
/// repeats one line of the cycle is given back. Linear in the repeats.
pub fn given_back(removed: &[bool], repeats: &[(usize, &[usize], Option<usize>)]) -> Vec<usize> {
    let is_removed = |i: usize| removed.get(i).copied().unwrap_or(false);
    let at: HashMap<usize, usize> = repeats
        .iter()
        .enumerate()
        .map(|(k, &(r, _, _))| (r, k))
        .collect();
    let mut stands: HashMap<usize, bool> = HashMap::new();
    let mut on_path: HashSet<usize> = HashSet::new();
    let mut cursor: HashMap<usize, usize> = HashMap::new();
    let mut lost: HashMap<usize, i64> = HashMap::new();
    for &(start, _, _) in repeats {
        if !is_removed(start) || stands.contains_key(&start) {
            continue;
        }
        let mut path = vec![start];
        on_path.insert(start);
        cursor.insert(start, 0);
        lost.insert(start, 0);
        while let Some(&i) = path.last() {
            let (_, targets, need) = repeats[at[&i]];
            let spare = targets.len() as i64 - need.unwrap_or(targets.len()) as i64;
            let mut next = None;
            while cursor[&i] < targets.len() && lost[&i] <= spare {
                let t = targets[cursor[&i]];
                if is_removed(t) && t != i {
                    if !at.contains_key(&t)
                        || on_path.contains(&t)
                        || stands.get(&t).copied().unwrap_or(false)
                    {
                        *lost.get_mut(&i).expect("on the path") += 1;
                    } else if !stands.contains_key(&t) {
                        next = Some(t);
                        break;
                    }
                }
                *cursor.get_mut(&i).expect("on the path") += 1;
            }
            if let Some(t) = next {
                path.push(t);
                on_path.insert(t);
                cursor.insert(t, 0);
                lost.insert(t, 0);
                continue;
            }
            stands.insert(i, lost[&i] <= spare);
            path.pop();
            on_path.remove(&i);
        }
    }
    let mut out: Vec<usize> = stands
        .into_iter()
        .filter(|&(_, ok)| !ok)
        .map(|(i, _)| i)
        .collect();
    out.sort_unstable();
    out
}

// -- one reading -------------------------------------------------------------------

/// The codes of the line passes that saw every segment of a reading.
pub type Seen = HashSet<Code>;

/// Runs the passes of `steps` over `segments` (`_run_segments`): `known` is
/// metadata known beforehand (from HTML, say), which passes see and only
/// fill the keys it lacks; the line passes in `seen` are skipped (they saw
/// every line as it reads already). Also returns the codes of the line passes
/// that saw every segment. `lines` are `segments`' shared measures;
/// `extracted`: the text an HTML page's extraction chose (CL601 removes
/// nothing from it).
#[allow(clippy::too_many_arguments)]
pub fn judge(
    segments: &[Segment],
    lines: &Lines<'_>,
    steps: &[Step],
    config: &Config<'_>,
    known: &BTreeMap<String, String>,
    seen: &Seen,
    keep_paragraphs: bool,
    extracted: bool,
) -> (Judgement, Seen) {
    let n = segments.len();
    let mut ran: Seen = HashSet::new();
    let mut state = Removals {
        removed: vec![None; n],
        repeated: RepeatOrder::default(),
    };
    let mut overruled: BTreeMap<usize, Overruled> = BTreeMap::new();
    let mut meta = known.clone();
    let page_type = (n > 0).then(|| page_type_of(segments, lines, config, &meta));
    if let Some(t) = &page_type {
        meta.insert("page_type".into(), t.name.to_string());
        meta.insert(
            "page_type_confidence".into(),
            format!("{:.2}", t.confidence),
        );
    }
    let mut screened: HashMap<Screen, Vec<usize>> = HashMap::new();
    let gated = gated(page_type.as_ref(), config);
    // what page passes see of the removals: made again only after a change
    let mut view: Option<Vec<Option<Code>>> = None;
    let codes_of = |removed: &[Option<Removal>]| -> Vec<Option<Code>> {
        removed.iter().map(|r| r.as_ref().map(|r| r.code)).collect()
    };
    for step in steps {
        let code = step.pass.code;
        if gated.contains(&code) {
            continue;
        }
        let pass = match step.runner {
            Runner::Line(pass) => {
                ran.insert(code);
                if seen.contains(&code) {
                    continue;
                }
                let candidates = screened.entry(pass.screen).or_insert_with(|| {
                    segments
                        .iter()
                        .filter(|s| pass.screen.passes(&s.text))
                        .map(|s| s.index)
                        .collect()
                });
                for &i in candidates.iter() {
                    if state.removed[i].is_none()
                        && let Some(reason) = (pass.rule)(&segments[i].text)
                    {
                        state.put(i, Removal { code, reason });
                        view = None;
                    }
                }
                continue;
            }
            Runner::Page(pass) => pass,
        };
        let codes = view.get_or_insert_with(|| codes_of(&state.removed));
        let reading = Reading {
            segments,
            lines,
            page_type: page_type.as_ref(),
            extracted,
        };
        let outcome = reading.run(pass, codes, &meta, config);
        let mut took = false;
        for (index, reason) in outcome.removed {
            if index < n && state.removed[index].is_none() {
                state.put(index, Removal { code, reason });
                view = None;
                took = true;
            }
        }
        for (index, why) in outcome.kept {
            let Some(was) = state.removed.get(index).and_then(Option::as_ref) else {
                continue;
            };
            if catalogue::lookup(was.code).is_some_and(|p| p.protected) {
                continue; // the user's intent is never overruled
            }
            let seg = &segments[index];
            overruled.insert(
                index,
                Overruled {
                    line_no: seg.line_no,
                    text: seg.text.clone(),
                    removal: was.clone(),
                    by: code,
                    why,
                },
            );
            state.removed[index] = None;
            state.repeated.remove(index);
            view = None;
        }
        for (key, value) in outcome.meta {
            if !meta.contains_key(key.name()) {
                meta.insert(key.name().to_string(), value);
                view = None;
            }
        }
        let back = if took && !state.repeated.is_empty() {
            state.settle(segments)
        } else {
            Vec::new()
        };
        if !back.is_empty() {
            // the pass removed lines whose copies an earlier pass took as
            // repeats: the first copy of each is back, and this pass judges it
            // as it would have (only its verdicts on those copies count)
            let codes = codes_of(&state.removed);
            let again = reading.run(pass, &codes, &meta, config).removed;
            let mut again = again;
            for index in back {
                if let Some(reason) = again.remove(&index)
                    && state.removed[index].is_none()
                {
                    state.put(index, Removal { code, reason });
                }
            }
            view = None;
        }
    }
    // a line removed as a repeat of a line that is removed too comes back
    // (once every pass has had its say); the next round judges it on its own,
    // and no line pass is known to have seen it
    if !state.repeated.is_empty() && !state.settle(segments).is_empty() {
        ran.clear();
    }
    let warning = vanished(segments, lines, &state.removed, config.models);
    if let Some(w) = warning
        && !meta.contains_key("warning")
    {
        meta.insert("warning".into(), w);
    }
    let text = render_kept(segments, &state.removed, keep_paragraphs);
    let judgement = Judgement {
        text,
        segments: segments.to_vec(),
        verdicts: state.removed,
        meta,
        overruled: overruled.into_values().collect(),
    };
    (judgement, ran)
}

/// The kept segments of `removed`, rendered.
pub fn render_kept(segments: &[Segment], removed: &[Option<Removal>], keep: bool) -> String {
    crate::text::normalize::render(segments.iter().filter(|s| removed[s.index].is_none()), keep)
}

/// What page passes see of a reading besides the removals and metadata.
struct Reading<'a, 'l> {
    segments: &'a [Segment],
    lines: &'a Lines<'l>,
    page_type: Option<&'a PageType>,
    extracted: bool,
}

impl Reading<'_, '_> {
    /// Page pass `pass` on the page with the removals `codes`: the one place
    /// a page is built for a pass.
    fn run(
        &self,
        pass: PageFn,
        codes: &[Option<Code>],
        meta: &BTreeMap<String, String>,
        config: &Config<'_>,
    ) -> Outcome {
        let page = Page {
            segments: self.segments,
            removed: codes,
            title: meta.get("title").map(String::as_str),
            options: &config.options,
            lines: self.lines,
            page_type: self.page_type,
            extracted: self.extracted,
        };
        pass(&page)
    }
}

// -- the warning -------------------------------------------------------------------

/// A text with at least this many words of prose, of which cleaning keeps
/// less than [`VANISH_SHARE`], gets a warning naming the passes that took them.
pub const VANISH_WORDS: usize = 50;
pub const VANISH_SHARE: f64 = 0.1;

/// What cleaning took from a text (`pipeline.Loss`): its words of prose and
/// its content as its words read (lexicon-weighted), kept and taken by each
/// pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    pub prose: usize,
    pub prose_kept: usize,
    pub prose_taken: Vec<(Code, f64)>,
    pub content: f64,
    pub content_kept: f64,
    pub content_taken: Vec<(Code, f64)>,
}

impl Loss {
    pub fn content_share_taken(&self) -> f64 {
        if self.content > 0.0 {
            1.0 - self.content_kept / self.content
        } else {
            0.0
        }
    }
}

fn add(taken: &mut Vec<(Code, f64)>, code: Code, n: f64) {
    match taken.iter_mut().find(|(c, _)| *c == code) {
        Some((_, total)) => *total += n,
        None => taken.push((code, n)),
    }
}

/// The [`Loss`] of a text whose lines `removed` lists.
pub fn loss_of(
    segments: &[Segment],
    lines: &Lines<'_>,
    removed: &[Option<Removal>],
    models: &Models,
) -> Loss {
    let stats = lines.stats();
    let (mut prose, mut prose_taken_sum) = (0usize, 0usize);
    let (mut content, mut content_kept) = (0.0f64, 0.0f64);
    let mut prose_taken = Vec::new();
    let mut content_taken = Vec::new();
    let readings = lines.readings(&models.lexicon);
    for seg in segments {
        let n = stats.words[seg.index];
        if n == 0 {
            continue;
        }
        let weight = n as f64 * readings[seg.index].score();
        content += weight;
        let is_prose = stats.prose[seg.index];
        if is_prose {
            prose += n;
        }
        let Some(found) = &removed[seg.index] else {
            content_kept += weight;
            continue;
        };
        add(&mut content_taken, found.code, weight);
        if is_prose {
            add(&mut prose_taken, found.code, n as f64);
            prose_taken_sum += n;
        }
    }
    Loss {
        prose,
        prose_kept: prose - prose_taken_sum,
        prose_taken,
        content,
        content_kept,
        content_taken,
    }
}

/// Python's `round()` of a float, to an integer (ties to even).
fn py_round(x: f64) -> i64 {
    x.round_ties_even() as i64
}

/// `CL402 outside-body took 84, ...`: the passes that took most, first.
fn takers(taken: &[(Code, f64)]) -> String {
    let mut sorted: Vec<&(Code, f64)> = taken.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    sorted
        .into_iter()
        .filter(|(_, n)| py_round(*n) != 0)
        .map(|(code, n)| {
            let name = catalogue::lookup(*code).map_or("", |p| p.name);
            format!("{code} {name} took {}", py_round(*n))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The warning's two rules on a text's loss (`warning_of`).
pub fn warning_of(loss: &Loss, rule: &WarningRule) -> Option<String> {
    if loss.prose >= VANISH_WORDS && (loss.prose_kept as f64) < VANISH_SHARE * loss.prose as f64 {
        return Some(format!(
            "kept {} of {} words of prose: {}",
            loss.prose_kept,
            loss.prose,
            takers(&loss.prose_taken)
        ));
    }
    let share = loss.content_share_taken();
    if loss.content >= rule.min_content && share > rule.share {
        return Some(format!(
            "cleaning took {:.0}% of the text's content as its words read ({} of {} words, \
             weighed by the lexicon): {}",
            share * 100.0,
            py_round(loss.content - loss.content_kept),
            py_round(loss.content),
            takers(&loss.content_taken)
        ));
    }
    None
}

/// A warning when cleaning took most of a text's content, naming the passes
/// that took it, most first (`None` when it did not, or there is little).
pub fn vanished(
    segments: &[Segment],
    lines: &Lines<'_>,
    removed: &[Option<Removal>],
    models: &Models,
) -> Option<String> {
    let rule = &models.warning;
    let least = ((1.0 - VANISH_SHARE) * VANISH_WORDS as f64).min(rule.share * rule.min_content);
    let mut words = 0usize;
    let mut any = false;
    for (i, r) in removed.iter().enumerate() {
        if r.is_some() {
            any = true;
            words += lines.words(i);
        }
    }
    if !any || (words as f64) < least {
        return None;
    }
    warning_of(&loss_of(segments, lines, removed, models), rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(of: &[usize], exact: bool, need: Option<usize>) -> Repeat {
        Repeat {
            of: of.to_vec(),
            lines: of.iter().map(|i| i + 1).collect(),
            exact,
            need,
        }
    }

    fn removed(n: usize, lines: &[usize]) -> Vec<bool> {
        (0..n).map(|i| lines.contains(&i)).collect()
    }

    #[test]
    fn settling_repeats_as_the_python_doctests() {
        let (a, b) = (rep(&[1], true, None), rep(&[1], true, None));
        let repeats = [(5, &a), (7, &b)];
        let (back, moved) = settle_repeats(&removed(9, &[1, 5, 7]), &repeats);
        assert_eq!((back, moved), (vec![5], vec![(7, vec![5])]));
        let (a, b) = (rep(&[1], false, None), rep(&[1], false, None));
        let repeats = [(5, &a), (7, &b)];
        let (back, moved) = settle_repeats(&removed(9, &[1, 5, 7]), &repeats);
        assert_eq!((back, moved), (vec![5, 7], vec![]));
        let (a, b) = (rep(&[1], true, None), rep(&[5], true, None));
        let repeats = [(5, &a), (7, &b)];
        let (back, moved) = settle_repeats(&removed(9, &[5, 7]), &repeats);
        assert_eq!((back, moved), (vec![], vec![(7, vec![1])]));
    }

    #[test]
    fn giving_back_as_the_python_doctests() {
        let gb = |removed_lines: &[usize], repeats: &[(usize, &[usize], Option<usize>)]| {
            given_back(&removed(10, removed_lines), repeats)
        };
        assert_eq!(gb(&[1, 2], &[(2, &[1], None)]), [2]);
        assert_eq!(gb(&[2], &[(2, &[1], None)]), Vec::<usize>::new());
        assert_eq!(gb(&[1, 2, 3], &[(3, &[2], None), (2, &[1], None)]), [2]);
        let chain: [(usize, &[usize], Option<usize>); 3] =
            [(4, &[3], None), (3, &[2], None), (2, &[1], None)];
        assert_eq!(gb(&[2, 3, 4], &chain), [3]);
        assert_eq!(gb(&[1, 2], &[(1, &[2], None), (2, &[1], None)]), [2]);
        assert_eq!(
            gb(&[1, 9], &[(9, &[1, 2, 3], Some(2))]),
            Vec::<usize>::new()
        );
        assert_eq!(gb(&[1, 2, 9], &[(9, &[1, 2, 3], Some(2))]), [9]);
    }

    #[test]
    fn selection_by_code_and_prefix() {
        let s = Selection {
            select: vec!["CL1".into()],
            ignore: vec!["CL101".into()],
            select_written: vec!["CL1".into()],
        };
        assert!(!s.enabled(Code::READ_ALSO));
        assert!(s.enabled(Code::TEASER_HEADING));
        assert!(!s.enabled(Code::BYLINE));
        assert!(!s.named(Code::TEASER_HEADING));
        assert!(Selection::default().enabled(Code::BODY_MODEL));
    }
}
