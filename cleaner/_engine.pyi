"""The native engine (Rust, ``src/``), built by maturin into ``cleaner._engine``.

Every call runs the engine under a guard: a panic inside it becomes
:class:`cleaner.errors.EngineError` for that document. Batch calls release the
interpreter while they work and give one result, or one ``EngineError``
instance (returned, not raised), per text. tests/test_engine.py checks that
this stub names exactly what the module has.
"""

from collections.abc import Callable

from cleaner.errors import EngineError

#: The package's version (Cargo.toml is its one source).
__version__: str

def catalogue() -> list[tuple[str, str, str, str, int]]:
    """Every built-in pass in run order: ``(code, name, family, kind, order)``."""

def _edge_probe(texts: list[str], panic_on: str | None = None) -> list[int | EngineError]:
    """The edge's own check: each text's length in code points; the engine
    panics on a text equal to ``panic_on``, which gives an ``EngineError``."""

def _edge_probe_one(text: str, panic_on: str | None = None) -> int:
    """One text's length; raises ``EngineError`` when ``text`` is ``panic_on``."""

# -- The text layer, exposed for benchmarks/native_diff.py (the package does not
# -- call these yet). Each runs over a list of texts without the interpreter.

def _words(texts: list[str]) -> list[list[str]]: ...
def _word_count(texts: list[str]) -> list[int]: ...
def _ends_sentence(texts: list[str]) -> list[bool]: ...
def _ends_ellipsis(texts: list[str]) -> list[bool]: ...
def _is_bullet(texts: list[str]) -> list[bool]: ...
def _sentence_count(texts: list[str]) -> list[int]: ...
def _is_prose(texts: list[str]) -> list[bool]: ...
def _capitalized_ratio(texts: list[str]) -> list[float]: ...
def _fold(texts: list[str]) -> list[str]: ...
def _casefold(texts: list[str]) -> list[str]: ...
def _find_date(texts: list[str]) -> list[tuple[str, int, int] | None]: ...
def _time_text(name: str, texts: list[str]) -> float:
    """The engine's own seconds for the function ``name`` over ``texts``."""

class FtfyScreen:
    """The native screen before ftfy, built once from ftfy's tables
    (``cleaner.normalize.ftfy_tables()``)."""

    def __init__(self, triggers: str, quote_triggers: str, badness: str) -> None: ...
    def keeps(self, line: str, straighten_quotes: bool = False) -> bool:
        """Whether ftfy would return ``line`` unchanged."""

def _normalize(
    texts: list[str],
    screen: FtfyScreen,
    fixer: Callable[[str], str],
    fix_unicode: bool = True,
    straighten_quotes: bool = False,
    bullet: str = "-",
    max_decode_length: int = 1000000,
) -> list[str]:
    """``normalize`` of each text; ``fixer`` (ftfy on one line) only for flagged lines."""

def _normalize_line(texts: list[str], bullet: str = "-") -> list[str]: ...
def _segment(texts: list[str]) -> list[list[tuple[int, int, str, int]]]: ...
def _render(texts: list[str], keep_paragraphs: bool) -> list[str]: ...
def _phrase_key(texts: list[str]) -> list[str]: ...
def _phrase_screen(texts: list[str]) -> list[bool]: ...
def _could_match(texts: list[str]) -> list[bool]: ...
def _phrase_match(table: str, texts: list[str]) -> list[str | None]:
    """``cleaner.phrases.matcher(table).match`` of each text."""

# The fitted layer, exposed for benchmarks/native_diff_models.py (the
# differential check against the Python) until the pipeline calls it natively.
# Pages are lists of lines (with their blank lines before); matrices come back
# as little-endian bytes for np.frombuffer.

def _diff_language(pages: list[list[str]]) -> list[str]:
    """Each page's detected stoplist language, or ``"mixed"``."""

def _diff_stoplist_divisors() -> list[tuple[str, float]]:
    """Every stoplist language and its weight divisor (size ** 0.1)."""

def _diff_lexicon(
    texts: list[str], models: str | None = None
) -> list[tuple[float, int, int, float, list[str]] | EngineError]:
    """Each line's lexicon logit, known and counted words, score, 3 strongest terms."""

def _diff_coverage(pages: list[list[str]]) -> list[float]:
    """Each page's lexicon coverage (the shipped lexicon)."""

def _diff_line_stats(
    pages: list[tuple[list[str], list[int]]],
) -> list[tuple[str, bool, bytes, list[int], list[bool], list[int]]]:
    """Each page's line_stats: language, use_density, table (float32), words, prose, shape."""

def _diff_classify(
    pages: list[tuple[list[str], list[int]]],
) -> list[tuple[str, float, list[float]]]:
    """Each page's type by the shipped model: name, confidence, probabilities."""

def _diff_page_matrix(
    pages: list[tuple[list[str], list[int], list[tuple[int, int]], list[float] | None]],
    score: bool = True,
) -> list[tuple[bytes, bytes, bytes]]:
    """Each page state's matrix (float32), the body model's P(content) and
    contributions (float64; empty when not ``score``), from its removals
    (index, code number) and type probabilities."""

def _diff_forest(rows: bytes) -> tuple[bytes, bytes]:
    """The body model on float64 rows: P(content) and contributions."""

def _diff_models(
    models: str | None = None,
) -> tuple[float, float, list[tuple[str, float]], list[float], float, list[tuple[str, list[str]]]]:
    """The thresholds and gates of a models folder (default: the shipped files)."""

# The passes, exposed for benchmarks/native_diff_passes.py (the differential
# check against the Python) until the pipeline calls them natively. Reasons
# come back rendered, as the Python's strings.

def _diff_line_pass(code: str, texts: list[str]) -> list[str | EngineError | None]:
    """The rule of line pass ``code`` (its screen not asked) on each text."""

def _diff_screen(screen: str, texts: list[str]) -> list[bool]:
    """A line pass's screen (``phrases``, ``credit_mark`` or ``crumb``) on each text."""

_RepeatAnswer = tuple[list[int], list[int], bool, int | None]

def _diff_page_pass(
    code: str,
    pages: list[list[tuple[str, int, int]]],
    states: list[tuple[int, list[tuple[int, str]], str | None, int, list[str]]],
) -> list[tuple[list[tuple[int, str, _RepeatAnswer | None]], list[tuple[str, str]]] | EngineError]:
    """Page pass ``code`` on each state ``(page, removed (index, code), title,
    min_body_words, remove_patterns)`` of the ``pages`` (``(text, line_no,
    gap_before)`` each): its removals ``(index, reason, repeat)``, where
    ``repeat`` is ``(of, lines, exact, need)`` for a line removed as a repeat
    (as ``cleaner.model.Repeat``) and ``None`` otherwise, and its metadata
    (``KeyError`` for CL601: ``_diff_fitted``)."""

def _diff_fitted(
    pages: list[list[tuple[str, int, int]]],
    states: list[
        tuple[int, list[tuple[int, str]], tuple[str, float, list[float], str] | None, bool]
    ],
) -> list[tuple[list[tuple[int, str]], list[tuple[int, str]]] | EngineError]:
    """CL601 (the body model) on each state ``(page, removed (index, code) in the
    pipeline's order, page type (name, confidence, probabilities, source) or
    None, extracted)``: its removals and the lines it keeps, ``(index, reason)``."""

# The whole pipeline, exposed for benchmarks/native_diff_pipeline.py (the
# differential check against cleaner.analyze) until the API calls it.

_Removed = tuple[int, str, str, str, str]
_Overruled = tuple[int, str, str, str, str, str, str]

def _diff_pipeline(
    texts: list[str],
    screen: FtfyScreen,
    fixer: Callable[[str], str],
    *,
    fix_unicode: bool = True,
    straighten_quotes: bool = False,
    bullet: str = "-",
    keep_paragraphs: bool = False,
    select: list[str] = ...,
    select_written: list[str] = ...,
    ignore: list[str] = ...,
    remove_patterns: list[str] = ...,
    min_body_words: int = 12,
    page_type: str | None = None,
    models: str | None = None,
    profile: bool = False,
    max_decode_length: int = 1_000_000,
) -> list[tuple[str, list[_Removed], list[_Overruled], list[tuple[str, str]]] | EngineError]:
    """The engine's whole answer on each text under a ``Config``'s options
    (``select``/``ignore`` resolved, ``select_written`` as written): the body,
    the removals ``(line, code, name, reason, text)``, the overruled lines
    ``(line, code, name, reason, by, why, text)`` and the metadata. A pass the
    options run that the engine lacks raises ``NotImplementedError``."""

# The engine as the package calls it (cleaner.pipeline.run and run_many).

_Repeat = tuple[str, list[int], list[int], bool, int | None]
_Verdict = tuple[int, str, str, str, _Repeat | None]
_Kept = tuple[int, str, str, str, str, str, str]
_Answer = tuple[str, list[tuple[int, str, int]], list[_Verdict], list[_Kept], list[tuple[str, str]]]

class Engine:
    """The engine under one ``Config``'s options (as ``_diff_pipeline`` takes
    them, with the same errors: ``NotImplementedError`` for a pass the engine
    lacks, ``ValueError`` for a user pattern the ``regex`` crate refuses),
    made once and run on batches of texts."""

    def __init__(
        self,
        screen: FtfyScreen,
        fixer: Callable[[str], str],
        *,
        fix_unicode: bool = True,
        straighten_quotes: bool = False,
        bullet: str = "-",
        keep_paragraphs: bool = False,
        select: list[str] = ...,
        select_written: list[str] = ...,
        ignore: list[str] = ...,
        remove_patterns: list[str] = ...,
        min_body_words: int = 12,
        page_type: str | None = None,
        models: str | None = None,
        profile: bool = False,
        max_decode_length: int = 1_000_000,
    ) -> None: ...
    def run(self, texts: list[str]) -> list[_Answer | EngineError]:
        """Each text's whole result without the interpreter: the body, the
        segments ``(line_no, text, gap_before)``, the removals ``(segment index,
        code, name, reason, repeat)`` with ``repeat`` as ``cleaner.model.Repeat``'s
        fields ``(template, of, lines, exact, need)`` or ``None``, the overruled
        lines as ``cleaner.model.Overruled``'s fields and the metadata; or the
        text's ``EngineError`` (returned, not raised)."""
    def clean(self, texts: list[str]) -> list[str | EngineError]:
        """Each text's body alone (the first field of ``run``'s answer)."""
    def run_extracted(self, pages: list[tuple[str, dict[str, str]]]) -> list[_Answer | EngineError]:
        """``run`` for the text an HTML page's extraction chose and the
        metadata its markup gave (``cleaner.html``: one reading, no rounds,
        CL601 as on extracted text)."""
