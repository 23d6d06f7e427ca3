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
