//! The last layer: the binding, `cleaner._engine`. The only module that knows
//! Python; it converts at the edge and nothing else.
//!
//! Every entry runs the engine inside [`guarded`]: a panic in the engine is
//! caught here and becomes `cleaner.errors.EngineError` (a `CleanerError`)
//! for that one document, never an abort of the interpreter. Batch entries
//! take a list of texts, release the interpreter while the engine works
//! (`Python::detach`), and give back one result or one error per document.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyType};

thread_local! {
    /// What the panic hook saw of the last panic on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic inside the engine, caught at the edge: its message and place.
struct Panic(String);

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// The library never prints: a panic's message and place are kept for the
/// error, not written to standard error. The hook is this module's own (an
/// extension module links its own copy of std).
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let text = format!("{}{at}", payload_text(info.payload()));
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        }));
    });
}

/// Runs `work`, turning a panic into a [`Panic`].
fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, Panic> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let seen = LAST_PANIC.with(|last| last.borrow_mut().take());
        Panic(seen.unwrap_or_else(|| payload_text(&*payload)))
    })
}

/// `cleaner.errors.EngineError(detail)`, not raised.
fn engine_error(py: Python<'_>, panic: Panic) -> PyErr {
    match py
        .import("cleaner.errors")
        .and_then(|m| m.getattr("EngineError"))
        .and_then(|cls| Ok(cls.cast_into::<PyType>()?))
    {
        Ok(cls) => PyErr::from_type(cls, (panic.0,)),
        Err(err) => err,
    }
}

/// One document's engine call, raising `EngineError` for a panic.
fn one<T>(py: Python<'_>, work: impl FnOnce() -> T) -> PyResult<T> {
    guarded(work).map_err(|panic| engine_error(py, panic))
}

/// A batch: `work` on every text without the interpreter; each document's
/// result, or the `EngineError` instance (not raised) of the one that failed.
fn batch<T>(
    py: Python<'_>,
    texts: Vec<String>,
    work: impl Fn(&str) -> T + Sync,
) -> PyResult<Vec<Py<PyAny>>>
where
    T: Send + for<'py> IntoPyObject<'py>,
{
    let results: Vec<Result<T, Panic>> =
        py.detach(|| texts.iter().map(|text| guarded(|| work(text))).collect());
    results
        .into_iter()
        .map(|result| match result {
            Ok(value) => value.into_py_any(py),
            Err(panic) => Ok(engine_error(py, panic).into_value(py).into_any()),
        })
        .collect()
}

/// The edge's own check: the length of each text in code points, and a panic
/// inside the engine for a text equal to `panic_on` (tests/test_engine.py
/// holds the edge to turning it into an `EngineError` for that text alone).
#[pyfunction]
#[pyo3(signature = (texts, panic_on = None))]
fn _edge_probe(
    py: Python<'_>,
    texts: Vec<String>,
    panic_on: Option<String>,
) -> PyResult<Vec<Py<PyAny>>> {
    batch(py, texts, |text| {
        if panic_on.as_deref() == Some(text) {
            panic!("the probe was asked to fail");
        }
        text.chars().count()
    })
}

/// The same check for one document: raises `EngineError` when `text` is
/// `panic_on`.
#[pyfunction]
#[pyo3(signature = (text, panic_on = None))]
fn _edge_probe_one(py: Python<'_>, text: &str, panic_on: Option<&str>) -> PyResult<usize> {
    one(py, || {
        if panic_on == Some(text) {
            panic!("the probe was asked to fail");
        }
        text.chars().count()
    })
}

/// The pass catalogue, in run order: `(code, name, family, kind, order)`.
#[pyfunction]
fn catalogue() -> Vec<(String, &'static str, &'static str, &'static str, u16)> {
    crate::catalogue::PASSES
        .iter()
        .map(|p| {
            let kind = match p.kind {
                crate::catalogue::Kind::Line => "line",
                crate::catalogue::Kind::Page => "page",
            };
            (p.code.to_string(), p.name, p.family.name(), kind, p.order)
        })
        .collect()
}

// -- the text layer, exposed for the differential checks of
// -- benchmarks/native_diff.py (temporary: the package does not call these yet).
// -- Each takes a list of texts and runs without the interpreter.

/// Runs `f` over `texts` without the interpreter, under the guard.
fn each<T: Send>(
    py: Python<'_>,
    texts: Vec<String>,
    f: impl Fn(&str) -> T + Sync,
) -> PyResult<Vec<T>> {
    let done = py.detach(|| guarded(|| texts.iter().map(|t| f(t)).collect()));
    done.map_err(|panic| engine_error(py, panic))
}

macro_rules! text_batch {
    ($($name:ident => $ty:ty = $f:expr;)*) => {
        $(
            #[pyfunction]
            fn $name(py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<$ty>> {
                each(py, texts, $f)
            }
        )*
        /// The engine's own time for `name` over `texts`, in seconds (the
        /// results are dropped: no conversion to Python is timed).
        #[pyfunction]
        fn _time_text(py: Python<'_>, name: &str, texts: Vec<String>) -> PyResult<f64> {
            let run = |texts: &[String]| -> Option<f64> {
                let start = std::time::Instant::now();
                match name {
                    $(stringify!($name) => {
                        let f = $f;
                        for t in texts {
                            let _: $ty = std::hint::black_box(f(std::hint::black_box(t.as_str())));
                        }
                    })*
                    _ => return None,
                }
                Some(start.elapsed().as_secs_f64())
            };
            match py.detach(|| guarded(|| run(&texts))) {
                Ok(Some(seconds)) => Ok(seconds),
                Ok(None) => Err(pyo3::exceptions::PyKeyError::new_err(name.to_string())),
                Err(panic) => Err(engine_error(py, panic)),
            }
        }

        fn add_text_batches(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($name, m)?)?;)*
            m.add_function(wrap_pyfunction!(_time_text, m)?)?;
            Ok(())
        }
    };
}

use crate::text::{dates, textstats};

text_batch! {
    _words => Vec<String> = |t| textstats::words(t).into_iter().map(String::from).collect();
    _word_count => usize = textstats::word_count;
    _ends_sentence => bool = textstats::ends_sentence;
    _ends_ellipsis => bool = textstats::ends_ellipsis;
    _is_bullet => bool = textstats::is_bullet;
    _sentence_count => usize = textstats::sentence_count;
    _is_prose => bool = |t| textstats::is_prose(t, 12);
    _capitalized_ratio => f64 = textstats::capitalized_ratio;
    _fold => String = textstats::fold;
    _casefold => String = |t| crate::text::casefold(t).into_owned();
    _find_date => Option<(String, usize, usize)> =
        |t| dates::find_date(t).map(|d| (d.iso, d.start, d.end));
    _phrase_key => String = phrases::key;
    _phrase_screen => bool = |t| Phrases::shipped().screen(t);
    _could_match => bool = |t| Phrases::shipped().could_match(t);
}

use crate::lists::phrases::{self, Phrases};

/// `matcher(table).match(text)` of each text: `"line"`, `"prefix"`,
/// `"pattern"` or `None`.
#[pyfunction]
fn _phrase_match(
    py: Python<'_>,
    table: &str,
    texts: Vec<String>,
) -> PyResult<Vec<Option<&'static str>>> {
    let lists = Phrases::shipped();
    let Some(index) = lists.table(table) else {
        return Err(pyo3::exceptions::PyKeyError::new_err(table.to_string()));
    };
    each(py, texts, |t| lists.match_table(index, t).map(|h| h.name()))
}

use crate::text::normalize::{self, FtfyScreen, Normalizer, Options};

/// A Python string as the engine's text: lone surrogates (which UTF-8 cannot
/// hold) become U+FFFD, one each, as normalization wants.
fn text_of(s: &Bound<'_, PyString>) -> PyResult<String> {
    match s.to_str() {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let bytes = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
            Ok(normalize::replace_surrogates(
                bytes.cast::<PyBytes>()?.as_bytes(),
            ))
        }
    }
}

/// The screen before ftfy, built once from ftfy's tables
/// (`cleaner.normalize.ftfy_tables()`).
#[pyclass(name = "FtfyScreen", frozen)]
struct PyFtfyScreen(FtfyScreen);

#[pymethods]
impl PyFtfyScreen {
    #[new]
    fn new(triggers: &str, quote_triggers: &str, badness: &str) -> PyResult<Self> {
        FtfyScreen::new(triggers, quote_triggers, badness)
            .map(PyFtfyScreen)
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    }

    /// Whether ftfy would return `line` unchanged (the screen's verdict).
    #[pyo3(signature = (line, straighten_quotes = false))]
    fn keeps(&self, line: &str, straighten_quotes: bool) -> bool {
        self.0.keeps(line, straighten_quotes)
    }
}

/// The Python `fixer` (ftfy's `fix_text` on one line) as the normalizer calls
/// it, from a thread without the GIL: the first error it raises is kept in
/// `failed`, and from then on lines pass through as they are.
fn python_fixer<'a>(
    fixer: &'a Py<PyAny>,
    failed: &'a mut Option<PyErr>,
) -> impl FnMut(&str) -> String + 'a {
    move |line: &str| {
        if failed.is_some() {
            return line.to_string();
        }
        Python::attach(|py| {
            match fixer
                .call1(py, (line,))
                .and_then(|r| r.extract::<String>(py))
            {
                Ok(fixed) => fixed,
                Err(err) => {
                    *failed = Some(err);
                    line.to_string()
                }
            }
        })
    }
}

/// `normalize` of each text; `fixer(line)` (ftfy's `fix_text` on one line) is
/// called, with the interpreter, only for the lines the screen flags.
#[pyfunction]
#[pyo3(signature = (texts, screen, fixer, fix_unicode = true, straighten_quotes = false, bullet = "-", max_decode_length = 1_000_000))]
#[allow(clippy::too_many_arguments)]
fn _normalize(
    py: Python<'_>,
    texts: Vec<Bound<'_, PyString>>,
    screen: &Bound<'_, PyFtfyScreen>,
    fixer: Py<PyAny>,
    fix_unicode: bool,
    straighten_quotes: bool,
    bullet: &str,
    max_decode_length: usize,
) -> PyResult<Vec<String>> {
    let texts = texts.iter().map(text_of).collect::<PyResult<Vec<_>>>()?;
    let options = Options {
        fix_unicode,
        straighten_quotes,
        bullet: bullet.to_string(),
        max_decode_length,
    };
    let screen = &screen.get().0;
    let mut failed: Option<PyErr> = None;
    let done = py.detach(|| {
        guarded(|| {
            let mut fix = python_fixer(&fixer, &mut failed);
            let mut normalizer = Normalizer {
                options: &options,
                screen,
                fixer: &mut fix,
            };
            texts
                .iter()
                .map(|t| normalizer.normalize(t))
                .collect::<Vec<_>>()
        })
    });
    if let Some(err) = failed {
        return Err(err);
    }
    done.map_err(|panic| engine_error(py, panic))
}

/// `normalize_line` of each text.
#[pyfunction]
#[pyo3(signature = (texts, bullet = "-"))]
fn _normalize_line(py: Python<'_>, texts: Vec<String>, bullet: &str) -> PyResult<Vec<String>> {
    each(py, texts, |t| normalize::normalize_line(t, bullet))
}

/// A segment as Python sees it: `(index, line_no, text, gap_before)`.
type SegmentTuple = (usize, usize, String, usize);

/// `segment` of each (normalized) text.
#[pyfunction]
fn _segment(py: Python<'_>, texts: Vec<String>) -> PyResult<Vec<Vec<SegmentTuple>>> {
    each(py, texts, |t| {
        normalize::segment(t)
            .into_iter()
            .map(|s| (s.index, s.line_no, s.text, s.gap_before))
            .collect()
    })
}

/// `render(segment(text))` of each (normalized) text.
#[pyfunction]
fn _render(py: Python<'_>, texts: Vec<String>, keep_paragraphs: bool) -> PyResult<Vec<String>> {
    each(py, texts, |t| {
        normalize::render(&normalize::segment(t), keep_paragraphs)
    })
}

#[pymodule]
fn _engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    quiet_panics();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_edge_probe, m)?)?;
    m.add_function(wrap_pyfunction!(_edge_probe_one, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue, m)?)?;
    add_text_batches(m)?;
    m.add_class::<PyFtfyScreen>()?;
    m.add_function(wrap_pyfunction!(_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(_normalize_line, m)?)?;
    m.add_function(wrap_pyfunction!(_segment, m)?)?;
    m.add_function(wrap_pyfunction!(_render, m)?)?;
    m.add_function(wrap_pyfunction!(_phrase_match, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_language, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_stoplist_divisors, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_lexicon, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_coverage, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_line_stats, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_classify, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_page_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_forest, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_models, m)?)?;
    add_pass_diffs(m)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The fitted layer, exposed for the differential check against the Python
// (benchmarks/native_diff_models.py) until the pipeline calls it natively.
// Pages come as lists of lines with their blank lines before; matrices go
// back as little-endian bytes (`np.frombuffer`). Each runs without the GIL.

use std::path::PathBuf;

use crate::catalogue::Code;
use crate::model::Segment;
use crate::models::fitted::Models;

fn segments(lines: &[String], gaps: &[usize]) -> Vec<Segment> {
    lines
        .iter()
        .enumerate()
        .map(|(i, text)| Segment {
            index: i,
            line_no: i + 1,
            text: text.clone(),
            gap_before: gaps.get(i).copied().unwrap_or(0),
        })
        .collect()
}

fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn f64_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// `cleaner.errors.ConfigError` for a models folder that cannot be had, with
/// the message of `errors.NO_MODELS` or `errors.BAD_MODELS`.
fn config_error(py: Python<'_>, err: &crate::models::ModelError) -> PyErr {
    use crate::models::ModelError;
    let build = || -> PyResult<PyErr> {
        let errors = py.import("cleaner.errors")?;
        let kwargs = pyo3::types::PyDict::new(py);
        let template = match err {
            ModelError::Missing { folder, file } => {
                kwargs.set_item("folder", folder.display().to_string())?;
                kwargs.set_item("missing", *file)?;
                "NO_MODELS"
            }
            ModelError::Bad { folder, .. } => {
                kwargs.set_item("folder", folder.display().to_string())?;
                kwargs.set_item("error", err.to_string())?;
                "BAD_MODELS"
            }
            other => {
                kwargs.set_item("folder", "")?;
                kwargs.set_item("error", other.to_string())?;
                "BAD_MODELS"
            }
        };
        let message = errors
            .getattr(template)?
            .call_method("format", (), Some(&kwargs))?;
        let cls = errors.getattr("ConfigError")?.cast_into::<PyType>()?;
        Ok(PyErr::from_type(cls, (message.unbind(),)))
    };
    build().unwrap_or_else(|e| e)
}

fn models_of(
    py: Python<'_>,
    folder: Option<PathBuf>,
) -> PyResult<std::borrow::Cow<'static, Models>> {
    match folder {
        None => Ok(std::borrow::Cow::Borrowed(Models::shipped())),
        Some(folder) => Models::load(&folder)
            .map(std::borrow::Cow::Owned)
            .map_err(|err| config_error(py, &err)),
    }
}

/// Per page: the detected language (or "mixed") of its lines' words.
#[pyfunction]
fn _diff_language(py: Python<'_>, pages: Vec<Vec<String>>) -> Vec<&'static str> {
    py.detach(|| {
        pages
            .iter()
            .map(|lines| {
                let ids: Vec<Vec<i32>> = lines
                    .iter()
                    .map(|l| crate::features::linefeatures::token_ids(l))
                    .collect();
                crate::lists::stoplists::stoplist_of(ids.iter().map(Vec::as_slice)).name
            })
            .collect()
    })
}

/// The stoplists' languages and their weight divisors.
#[pyfunction]
fn _diff_stoplist_divisors() -> Vec<(&'static str, f64)> {
    let languages = crate::lists::stoplists::languages();
    languages
        .iter()
        .copied()
        .zip(crate::lists::stoplists::divisors().iter().copied())
        .collect()
}

/// Per text: the shipped lexicon's (logit, known, words, score, strongest 3).
#[pyfunction]
#[pyo3(signature = (texts, models = None))]
fn _diff_lexicon(
    py: Python<'_>,
    texts: Vec<String>,
    models: Option<PathBuf>,
) -> PyResult<Vec<Py<PyAny>>> {
    let m = models_of(py, models)?;
    let lexicon = &m.lexicon;
    batch(py, texts, |text| {
        let r = lexicon.read(text);
        (
            r.logit,
            r.known,
            r.words,
            lexicon.score(text),
            lexicon.strongest(text, 3),
        )
    })
}

/// Per page: the lexicon's coverage of its lines.
#[pyfunction]
fn _diff_coverage(py: Python<'_>, pages: Vec<Vec<String>>) -> PyResult<Vec<f64>> {
    let lexicon = &Models::shipped().lexicon;
    Ok(py.detach(|| {
        pages
            .iter()
            .map(|lines| lexicon.coverage(lines.iter().map(String::as_str)))
            .collect()
    }))
}

/// Per page: line_stats as (language, use_density, table bytes, words, prose, shape).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn _diff_line_stats(
    py: Python<'_>,
    pages: Vec<(Vec<String>, Vec<usize>)>,
) -> Vec<(
    &'static str,
    bool,
    Vec<u8>,
    Vec<usize>,
    Vec<bool>,
    Vec<usize>,
)> {
    py.detach(|| {
        pages
            .iter()
            .map(|(lines, gaps)| {
                let s = crate::features::linefeatures::line_stats(&segments(lines, gaps));
                (
                    s.language,
                    s.use_density,
                    f32_bytes(&s.table.data),
                    s.words,
                    s.prose,
                    s.shape,
                )
            })
            .collect()
    })
}

/// Per page: the page type (name, confidence, probabilities) by the shipped model.
#[pyfunction]
fn _diff_classify(
    py: Python<'_>,
    pages: Vec<(Vec<String>, Vec<usize>)>,
) -> Vec<(&'static str, f64, Vec<f64>)> {
    let model = &Models::shipped().page_type;
    py.detach(|| {
        pages
            .iter()
            .map(|(lines, gaps)| {
                let t = crate::features::pagetype::classify(&segments(lines, gaps), model);
                (t.name, t.confidence, t.probabilities.to_vec())
            })
            .collect()
    })
}

/// Per page: the page matrix's bytes, then the body model's P(content) and
/// the contributions of every row (bytes; empty when not `score`), from the
/// page's removals (segment index, code number) and type probabilities.
#[pyfunction]
#[pyo3(signature = (pages, score = true))]
#[allow(clippy::type_complexity)]
fn _diff_page_matrix(
    py: Python<'_>,
    pages: Vec<(Vec<String>, Vec<usize>, Vec<(usize, u16)>, Option<Vec<f64>>)>,
    score: bool,
) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let m = Models::shipped();
    let columns = m
        .body
        .columns(&crate::features::linefeatures::COLUMNS)
        .expect("the body model reads page-matrix columns");
    py.detach(|| {
        pages
            .iter()
            .map(|(lines, gaps, removed, probs)| {
                let segs = segments(lines, gaps);
                let mut codes = vec![None; segs.len()];
                for &(i, code) in removed {
                    if i < codes.len() {
                        codes[i] = Some(Code(code));
                    }
                }
                let probs: Option<[f64; 7]> =
                    probs.as_ref().and_then(|p| p.as_slice().try_into().ok());
                let x = crate::features::linefeatures::page_matrix(
                    &segs,
                    &codes,
                    probs.as_ref(),
                    Some(&m.lexicon),
                );
                if !score {
                    return (f32_bytes(&x.data), Vec::new(), Vec::new());
                }
                let rows = x.select_f64(&columns);
                (
                    f32_bytes(&x.data),
                    f64_bytes(&m.body.predict(&rows)),
                    f64_bytes(&m.body.contributions(&rows)),
                )
            })
            .collect()
    })
}

/// The body model on given rows (bytes of float64, row-major): P(content)
/// and contributions, as bytes.
#[pyfunction]
fn _diff_forest(py: Python<'_>, rows: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let body = &Models::shipped().body;
    let rows = rows.to_vec(); // bytes, read at once (a Vec<u8> would be read item by item)
    py.detach(|| {
        let x: Vec<f64> = rows
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        (
            f64_bytes(&body.predict(&x)),
            f64_bytes(&body.contributions(&x)),
        )
    })
}

/// A models folder's (or the shipped) thresholds and gates, for comparison:
/// (remove article, remove other, keep, guard_share, guard_strong, max_loss,
/// min_coverage, other_at, gate confidence, gates).
#[pyfunction]
#[pyo3(signature = (models = None))]
#[allow(clippy::type_complexity)]
fn _diff_models(
    py: Python<'_>,
    models: Option<PathBuf>,
) -> PyResult<(
    f64,
    f64,
    Vec<(String, f64)>,
    [f64; 5],
    f64,
    Vec<(String, Vec<String>)>,
)> {
    let m = models_of(py, models)?;
    let t = &m.thresholds;
    let mut keep: Vec<(String, f64)> = t.keep.iter().map(|(k, v)| (k.clone(), *v)).collect();
    keep.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((
        t.remove.article,
        t.remove.other,
        keep,
        [
            t.guard_share,
            t.guard_strong,
            t.max_loss,
            t.min_coverage,
            t.other_at,
        ],
        m.gates.confidence,
        m.gates
            .types
            .iter()
            .map(|(c, ts)| (c.clone(), ts.iter().cloned().collect()))
            .collect(),
    ))
}

// ---------------------------------------------------------------------------
// The passes, exposed for the differential check against the Python
// (benchmarks/native_diff_passes.py) until the pipeline calls them natively.

use crate::passes::{self as engine_passes, Lines, Screen, user::UserPatterns};

fn pass_code(code: &str) -> PyResult<Code> {
    crate::catalogue::parse_code(code)
        .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(code.to_string()))
}

/// The rule of line pass `code` (its screen not asked) on each text: the
/// reason, rendered, or `None`.
#[pyfunction]
fn _diff_line_pass(py: Python<'_>, code: &str, texts: Vec<String>) -> PyResult<Vec<Py<PyAny>>> {
    let code = pass_code(code)?;
    let pass = engine_passes::line_pass(code)
        .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(code.to_string()))?;
    batch(py, texts, |t| (pass.rule)(t).map(|r| r.to_string()))
}

/// A line pass's screen on each text: `"phrases"`, `"credit_mark"` or `"crumb"`.
#[pyfunction]
fn _diff_screen(py: Python<'_>, screen: &str, texts: Vec<String>) -> PyResult<Vec<bool>> {
    let screen = match screen {
        "phrases" => Screen::Phrases,
        "credit_mark" => Screen::CreditMark,
        "crumb" => Screen::Crumb,
        _ => return Err(pyo3::exceptions::PyKeyError::new_err(screen.to_string())),
    };
    each(py, texts, |t| screen.passes(t))
}

/// A page as the binding takes it: each segment's `(text, line_no, gap_before)`.
type PageLines = Vec<(String, usize, usize)>;
/// One state a page pass is asked about: the page (by its place in the list
/// of pages), the removals so far `(index, code)`, the known title, the
/// options `min_body_words` and `remove_patterns`.
type PassState = (
    usize,
    Vec<(usize, String)>,
    Option<String>,
    usize,
    Vec<String>,
);
/// What a removed line repeats, as the Python's `Repeat`: `(of, lines,
/// exact, need)`.
type RepeatAnswer = (Vec<usize>, Vec<usize>, bool, Option<usize>);
/// What a page pass returns: `(index, reason, repeat)` (`repeat`: `None` for a
/// reason that is not a repeat) and `(key, value)` pairs.
type PassAnswer = (
    Vec<(usize, String, Option<RepeatAnswer>)>,
    Vec<(&'static str, String)>,
);

/// Page pass `code` on each state of `states` (pages by their place in
/// `pages`): its removals with their reasons, rendered, and its metadata; an
/// `EngineError` instance for a state where the engine failed. A user
/// pattern the `regex` crate refuses raises `ValueError`. CL601 is asked
/// through `_diff_fitted` (`KeyError` here).
#[pyfunction]
fn _diff_page_pass(
    py: Python<'_>,
    code: &str,
    pages: Vec<PageLines>,
    states: Vec<PassState>,
) -> PyResult<Vec<Py<PyAny>>> {
    let code = pass_code(code)?;
    let pass = engine_passes::page_pass(code)
        // the body model reads the page type and the text's kind: `_diff_fitted`
        .filter(|_| code != Code::BODY_MODEL)
        .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(code.to_string()))?;
    // each distinct set of options once
    let mut options: Vec<(usize, Vec<String>, engine_passes::Options)> = Vec::new();
    let mut which = Vec::with_capacity(states.len());
    for (_, _, _, min_words, patterns) in &states {
        let found = options
            .iter()
            .position(|(m, p, _)| m == min_words && p == patterns);
        which.push(match found {
            Some(k) => k,
            None => {
                let user_patterns = UserPatterns::new(patterns).map_err(|e| {
                    pyo3::exceptions::PyValueError::new_err(format!("{}: {}", e.pattern, e.error))
                })?;
                let o = engine_passes::Options {
                    min_body_words: *min_words,
                    user_patterns,
                    models: None,
                };
                options.push((*min_words, patterns.clone(), o));
                options.len() - 1
            }
        });
    }
    let results: Vec<Result<PassAnswer, Panic>> = py.detach(|| {
        let segs: Vec<Vec<Segment>> = pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .enumerate()
                    .map(|(index, (text, line_no, gap_before))| Segment {
                        index,
                        line_no: *line_no,
                        text: text.clone(),
                        gap_before: *gap_before,
                    })
                    .collect()
            })
            .collect();
        let lines: Vec<Lines<'_>> = segs.iter().map(|s| Lines::new(s)).collect();
        states
            .iter()
            .zip(&which)
            .map(|((page, removed, title, _, _), &k)| {
                guarded(|| {
                    let mut codes = vec![None; segs[*page].len()];
                    for (i, c) in removed {
                        if let (Some(slot), Some(c)) =
                            (codes.get_mut(*i), crate::catalogue::parse_code(c))
                        {
                            *slot = Some(c);
                        }
                    }
                    let view = engine_passes::Page {
                        segments: &segs[*page],
                        removed: &codes,
                        title: title.as_deref(),
                        options: &options[k].2,
                        lines: &lines[*page],
                        page_type: None,
                        extracted: false,
                    };
                    let outcome = pass(&view);
                    (
                        outcome
                            .removed
                            .into_iter()
                            .map(|(i, r)| {
                                let repeat = r
                                    .repeat()
                                    .map(|p| (p.of.clone(), p.lines.clone(), p.exact, p.need));
                                (i, r.to_string(), repeat)
                            })
                            .collect(),
                        outcome
                            .meta
                            .into_iter()
                            .map(|(k, v)| (k.name(), v))
                            .collect(),
                    )
                })
            })
            .collect()
    });
    results
        .into_iter()
        .map(|result| match result {
            Ok(value) => value.into_py_any(py),
            Err(panic) => Ok(engine_error(py, panic).into_value(py).into_any()),
        })
        .collect()
}

/// The page type a CL601 state was handed: name, confidence, the seven
/// probabilities and the source (`"text"`, `"html"` or `"config"`).
type TypeState = (String, f64, Vec<f64>, String);
/// One state CL601 is asked about: the page (by its place in the list of
/// pages), the removals so far `(index, code)`, the page type and whether
/// the text is an HTML page's extracted text.
type FittedState = (usize, Vec<(usize, String)>, Option<TypeState>, bool);
/// What CL601 returns: removals and lines kept, `(index, reason)` each.
type FittedAnswer = (Vec<(usize, String)>, Vec<(usize, String)>);

fn page_type_of(state: &TypeState) -> PyResult<crate::model::PageType> {
    use crate::model::{PAGE_TYPES, PageType, TypeSource};
    let (name, confidence, probs, source) = state;
    let bad = |what: &str| pyo3::exceptions::PyValueError::new_err(format!("{what}: {state:?}"));
    let name = PAGE_TYPES
        .iter()
        .find(|t| *t == name)
        .ok_or_else(|| bad("no such page type"))?;
    let probabilities: [f64; 7] = probs
        .as_slice()
        .try_into()
        .map_err(|_| bad("not seven probabilities"))?;
    let source = match source.as_str() {
        "config" => TypeSource::Config,
        "html" => TypeSource::Html,
        "text" => TypeSource::Text,
        _ => return Err(bad("no such source")),
    };
    Ok(PageType {
        name,
        confidence: *confidence,
        probabilities,
        source,
    })
}

/// CL601 (the body model) on each state of `states` (pages by their place in
/// `pages`): its removals and the lines it keeps against earlier passes,
/// with their reasons rendered; an `EngineError` instance for a state where
/// the engine failed.
#[pyfunction]
fn _diff_fitted(
    py: Python<'_>,
    pages: Vec<PageLines>,
    states: Vec<FittedState>,
) -> PyResult<Vec<Py<PyAny>>> {
    let types = states
        .iter()
        .map(|(_, _, t, _)| t.as_ref().map(page_type_of).transpose())
        .collect::<PyResult<Vec<_>>>()?;
    let options = engine_passes::Options::new();
    let results: Vec<Result<FittedAnswer, Panic>> = py.detach(|| {
        let segs: Vec<Vec<Segment>> = pages
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .enumerate()
                    .map(|(index, (text, line_no, gap_before))| Segment {
                        index,
                        line_no: *line_no,
                        text: text.clone(),
                        gap_before: *gap_before,
                    })
                    .collect()
            })
            .collect();
        let lines: Vec<Lines<'_>> = segs.iter().map(|s| Lines::new(s)).collect();
        let render = |m: std::collections::BTreeMap<usize, engine_passes::Reason>| {
            m.into_iter().map(|(i, r)| (i, r.to_string())).collect()
        };
        states
            .iter()
            .zip(&types)
            .map(|((page, removed, _, extracted), page_type)| {
                guarded(|| {
                    let mut codes = vec![None; segs[*page].len()];
                    for (i, c) in removed {
                        if let (Some(slot), Some(c)) =
                            (codes.get_mut(*i), crate::catalogue::parse_code(c))
                        {
                            *slot = Some(c);
                        }
                    }
                    let view = engine_passes::Page {
                        segments: &segs[*page],
                        removed: &codes,
                        title: None,
                        options: &options,
                        lines: &lines[*page],
                        page_type: page_type.as_ref(),
                        extracted: *extracted,
                    };
                    let outcome = engine_passes::fitted::body_model(&view);
                    (render(outcome.removed), render(outcome.kept))
                })
            })
            .collect()
    });
    results
        .into_iter()
        .map(|result| match result {
            Ok(value) => value.into_py_any(py),
            Err(panic) => Ok(engine_error(py, panic).into_value(py).into_any()),
        })
        .collect()
}

fn add_pass_diffs(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_diff_fitted, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_line_pass, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_screen, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_page_pass, m)?)?;
    m.add_function(wrap_pyfunction!(_diff_pipeline, m)?)?;
    m.add_class::<PyEngine>()?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The whole pipeline (src/pipeline.rs), exposed for the differential check
// against `cleaner.analyze` (benchmarks/native_diff_pipeline.py) until the API
// calls it.

use crate::decision::{self, Judgement, Selection};

/// A removal as the answer lists it: `(line_no, code, name, reason, text)`.
type RemovedRow = (usize, String, &'static str, String, String);
/// An overruled line: `(line_no, code, name, reason, by, why, text)`.
type OverruledRow = (usize, String, &'static str, String, String, String, String);
/// The whole answer of one text: the body, the removals, the overruled lines
/// and the metadata (sorted by key).
type AnswerRows = (
    String,
    Vec<RemovedRow>,
    Vec<OverruledRow>,
    Vec<(String, String)>,
);

fn answer_rows(j: Judgement) -> AnswerRows {
    let removed = j
        .segments
        .iter()
        .zip(&j.verdicts)
        .filter_map(|(s, v)| {
            v.as_ref().map(|r| {
                let reason = r.reason.to_string();
                (
                    s.line_no,
                    r.code.to_string(),
                    r.name(),
                    reason,
                    s.text.clone(),
                )
            })
        })
        .collect();
    let overruled = j
        .overruled
        .into_iter()
        .map(|o| {
            let name = o.removal.name();
            let reason = o.removal.reason.to_string();
            let code = o.removal.code.to_string();
            (
                o.line_no,
                code,
                name,
                reason,
                o.by.to_string(),
                o.why.to_string(),
                o.text,
            )
        })
        .collect();
    (j.text, removed, overruled, j.meta.into_iter().collect())
}

/// A configuration made ready for the engine once: the decision's options,
/// the pass table, the normalization options, the screen and the fixer.
struct Prepared {
    selection: Selection,
    min_body_words: usize,
    user_patterns: UserPatterns,
    page_type: Option<crate::model::PageType>,
    models: Option<std::sync::Arc<Models>>,
    profile: bool,
    steps: Vec<decision::Step>,
    normalize: Options,
    keep_paragraphs: bool,
    screen: Py<PyFtfyScreen>,
    fixer: Py<PyAny>,
}

impl Prepared {
    fn config(&self) -> decision::Config<'_> {
        decision::Config {
            selection: self.selection.clone(),
            options: engine_passes::Options {
                min_body_words: self.min_body_words,
                user_patterns: self.user_patterns.clone(),
                models: self.models.clone(),
            },
            page_type: self.page_type,
            models: self.models.as_deref().unwrap_or(Models::shipped()),
            profile: self.profile,
        }
    }

    /// The pipeline on each text without the interpreter (taken again only
    /// for `fixer`), each answer made by `rows`; a panic becomes that text's
    /// `EngineError` instance, an error of `fixer` is raised.
    fn run<R>(
        &self,
        py: Python<'_>,
        texts: &[String],
        rows: impl Fn(Judgement) -> R + Sync,
    ) -> PyResult<Vec<Py<PyAny>>>
    where
        R: Send + for<'py> IntoPyObject<'py>,
    {
        self.run_each(py, texts, |pipeline, text| rows(pipeline.run(text)))
    }

    /// `work` on each item with the pipeline, without the interpreter (taken
    /// again only for `fixer`); a panic becomes that item's `EngineError`
    /// instance, an error of `fixer` is raised.
    fn run_each<T, R>(
        &self,
        py: Python<'_>,
        items: &[T],
        work: impl Fn(&mut crate::pipeline::Pipeline<'_, '_>, &T) -> R + Sync,
    ) -> PyResult<Vec<Py<PyAny>>>
    where
        T: Sync,
        R: Send + for<'py> IntoPyObject<'py>,
    {
        let config = self.config();
        let screen = &self.screen.get().0;
        let fixer = &self.fixer;
        let mut failed: Option<PyErr> = None;
        let results: Vec<Result<R, Panic>> = py.detach(|| {
            let mut fix = python_fixer(fixer, &mut failed);
            let mut normalizer = Normalizer {
                options: &self.normalize,
                screen,
                fixer: &mut fix,
            };
            let mut pipeline = crate::pipeline::Pipeline {
                config: &config,
                steps: &self.steps,
                keep_paragraphs: self.keep_paragraphs,
                normalizer: &mut normalizer,
            };
            items
                .iter()
                .map(|item| guarded(|| work(&mut pipeline, item)))
                .collect()
        });
        if let Some(err) = failed {
            return Err(err);
        }
        results
            .into_iter()
            .map(|result| match result {
                Ok(value) => value.into_py_any(py),
                Err(panic) => Ok(engine_error(py, panic).into_value(py).into_any()),
            })
            .collect()
    }
}

/// Makes a `Config`'s options ready for the engine (see [`_diff_pipeline`]
/// for the errors).
#[allow(clippy::too_many_arguments)]
fn prepare(
    py: Python<'_>,
    screen: &Bound<'_, PyFtfyScreen>,
    fixer: Py<PyAny>,
    fix_unicode: bool,
    straighten_quotes: bool,
    bullet: &str,
    keep_paragraphs: bool,
    select: Vec<String>,
    select_written: Vec<String>,
    ignore: Vec<String>,
    remove_patterns: Vec<String>,
    min_body_words: usize,
    page_type: Option<String>,
    models: Option<PathBuf>,
    profile: bool,
    max_decode_length: usize,
) -> PyResult<Prepared> {
    let models: Option<std::sync::Arc<Models>> = match models {
        None => None,
        Some(folder) => Some(std::sync::Arc::new(
            Models::load(&folder).map_err(|err| config_error(py, &err))?,
        )),
    };
    let user_patterns = UserPatterns::new(&remove_patterns).map_err(|e| {
        pyo3::exceptions::PyValueError::new_err(format!("{}: {}", e.pattern, e.error))
    })?;
    let page_type = match page_type.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(crate::model::PageType::configured(name).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!("not a page type: {name}"))
        })?),
    };
    let mut prepared = Prepared {
        selection: Selection {
            select,
            ignore,
            select_written,
        },
        min_body_words,
        user_patterns,
        page_type,
        models,
        profile,
        steps: Vec::new(),
        normalize: Options {
            fix_unicode,
            straighten_quotes,
            bullet: bullet.to_string(),
            max_decode_length,
        },
        keep_paragraphs,
        screen: screen.clone().unbind(),
        fixer,
    };
    prepared.steps = decision::table(&prepared.config())
        .map_err(|e| pyo3::exceptions::PyNotImplementedError::new_err(e.to_string()))?;
    Ok(prepared)
}

/// The native pipeline's whole answer on each text, under the options of a
/// `Config` (`select` and `ignore` as `catalogue.resolve` resolved them,
/// `select_written` as the user wrote them); `fixer` is ftfy's `fix_text` on
/// one line, called for the lines the screen flags. A pass the options run
/// that the engine lacks (CL701 with a profile) raises `NotImplementedError`; a pattern the `regex`
/// crate refuses, `ValueError`; a document the engine fails on gets an
/// `EngineError` instance (not raised) in its place.
#[pyfunction]
#[pyo3(signature = (texts, screen, fixer, *, fix_unicode = true, straighten_quotes = false,
    bullet = "-", keep_paragraphs = false, select = Vec::new(), select_written = Vec::new(),
    ignore = Vec::new(), remove_patterns = Vec::new(), min_body_words = 12, page_type = None,
    models = None, profile = false, max_decode_length = 1_000_000))]
#[allow(clippy::too_many_arguments)]
fn _diff_pipeline(
    py: Python<'_>,
    texts: Vec<Bound<'_, PyString>>,
    screen: &Bound<'_, PyFtfyScreen>,
    fixer: Py<PyAny>,
    fix_unicode: bool,
    straighten_quotes: bool,
    bullet: &str,
    keep_paragraphs: bool,
    select: Vec<String>,
    select_written: Vec<String>,
    ignore: Vec<String>,
    remove_patterns: Vec<String>,
    min_body_words: usize,
    page_type: Option<String>,
    models: Option<PathBuf>,
    profile: bool,
    max_decode_length: usize,
) -> PyResult<Vec<Py<PyAny>>> {
    let texts = texts.iter().map(text_of).collect::<PyResult<Vec<_>>>()?;
    let prepared = prepare(
        py,
        screen,
        fixer,
        fix_unicode,
        straighten_quotes,
        bullet,
        keep_paragraphs,
        select,
        select_written,
        ignore,
        remove_patterns,
        min_body_words,
        page_type,
        models,
        profile,
        max_decode_length,
    )?;
    prepared.run(py, &texts, answer_rows)
}

// ---------------------------------------------------------------------------
// The engine as the package calls it (`cleaner.pipeline`): a configuration
// made ready once, then batches of texts.

use crate::passes::{Reason, RepeatKind};

/// What a line removed as a repeat repeats: `(template, of, lines, exact,
/// need)`, as `cleaner.model.Repeat` (the template's `{lines}` is where the
/// line numbers go).
type RepeatRow = (String, Vec<usize>, Vec<usize>, bool, Option<usize>);
/// A removal: `(segment index, code, name, reason, repeat)`.
type VerdictRow = (usize, String, &'static str, String, Option<RepeatRow>);
/// An overruled line: `(line_no, text, code, name, reason, by, why)`, as
/// `cleaner.model.Overruled`.
type KeptRow = (usize, String, String, &'static str, String, String, String);
/// One text's whole result: the body, the segments `(line_no, text,
/// gap_before)`, the removals, the overruled lines and the metadata.
type ResultRows = (
    String,
    Vec<(usize, String, usize)>,
    Vec<VerdictRow>,
    Vec<KeptRow>,
    Vec<(String, String)>,
);

fn repeat_row(reason: &Reason) -> Option<RepeatRow> {
    let Reason::Repeat { kind, repeat } = reason else {
        return None;
    };
    if repeat.of.is_empty() {
        return None;
    }
    let template = match kind {
        RepeatKind::Copy => "repeat of line {lines}".to_string(),
        RepeatKind::Truncated => "truncated copy of line {lines}".to_string(),
        _ => reason.to_string().replace('{', "{{").replace('}', "}}"),
    };
    Some((
        template,
        repeat.of.clone(),
        repeat.lines.clone(),
        repeat.exact,
        repeat.need,
    ))
}

fn result_rows(j: Judgement) -> ResultRows {
    let removed = j
        .verdicts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.as_ref().map(|r| {
                (
                    i,
                    r.code.to_string(),
                    r.name(),
                    r.reason.to_string(),
                    repeat_row(&r.reason),
                )
            })
        })
        .collect();
    let overruled = j
        .overruled
        .into_iter()
        .map(|o| {
            (
                o.line_no,
                o.text,
                o.removal.code.to_string(),
                o.removal.name(),
                o.removal.reason.to_string(),
                o.by.to_string(),
                o.why.to_string(),
            )
        })
        .collect();
    let segments = j
        .segments
        .into_iter()
        .map(|s| (s.line_no, s.text, s.gap_before))
        .collect();
    (
        j.text,
        segments,
        removed,
        overruled,
        j.meta.into_iter().collect(),
    )
}

/// The engine under one configuration (`cleaner.pipeline`): made once from a
/// `Config`'s options (as [`_diff_pipeline`] takes them, with the same
/// errors), then `run` on batches of texts.
#[pyclass(name = "Engine", frozen)]
struct PyEngine(Prepared);

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (screen, fixer, *, fix_unicode = true, straighten_quotes = false,
        bullet = "-", keep_paragraphs = false, select = Vec::new(), select_written = Vec::new(),
        ignore = Vec::new(), remove_patterns = Vec::new(), min_body_words = 12, page_type = None,
        models = None, profile = false, max_decode_length = 1_000_000))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        screen: &Bound<'_, PyFtfyScreen>,
        fixer: Py<PyAny>,
        fix_unicode: bool,
        straighten_quotes: bool,
        bullet: &str,
        keep_paragraphs: bool,
        select: Vec<String>,
        select_written: Vec<String>,
        ignore: Vec<String>,
        remove_patterns: Vec<String>,
        min_body_words: usize,
        page_type: Option<String>,
        models: Option<PathBuf>,
        profile: bool,
        max_decode_length: usize,
    ) -> PyResult<Self> {
        prepare(
            py,
            screen,
            fixer,
            fix_unicode,
            straighten_quotes,
            bullet,
            keep_paragraphs,
            select,
            select_written,
            ignore,
            remove_patterns,
            min_body_words,
            page_type,
            models,
            profile,
            max_decode_length,
        )
        .map(PyEngine)
    }

    /// The whole result of each text (see `cleaner/_engine.pyi`), or its
    /// `EngineError` instance; without the interpreter while it works.
    fn run(&self, py: Python<'_>, texts: Vec<Bound<'_, PyString>>) -> PyResult<Vec<Py<PyAny>>> {
        let texts = texts.iter().map(text_of).collect::<PyResult<Vec<_>>>()?;
        self.0.run(py, &texts, result_rows)
    }

    /// The body of each text alone (`run`'s first field), or its
    /// `EngineError` instance: what `clean` needs, without the rows of
    /// every line.
    fn clean(&self, py: Python<'_>, texts: Vec<Bound<'_, PyString>>) -> PyResult<Vec<Py<PyAny>>> {
        let texts = texts.iter().map(text_of).collect::<PyResult<Vec<_>>>()?;
        self.0.run(py, &texts, |j| j.text)
    }

    /// The result of each text an HTML page's extraction chose, with the
    /// metadata its markup gave (`known`): `cleaner.html`'s `run_segments(...,
    /// known, extracted=True)`, one reading; answers as `run`'s.
    fn run_extracted(
        &self,
        py: Python<'_>,
        pages: Vec<(
            Bound<'_, PyString>,
            std::collections::BTreeMap<String, String>,
        )>,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let pages = pages
            .iter()
            .map(|(text, known)| Ok((text_of(text)?, known.clone())))
            .collect::<PyResult<Vec<_>>>()?;
        self.0.run_each(py, &pages, |pipeline, (text, known)| {
            result_rows(pipeline.run_extracted(text, known))
        })
    }
}
