"""Exceptions and the messages users see, kept as named constants."""

from __future__ import annotations

#: HTML mode (``Result.warning``): trafilatura's text had prose, the output has none.
HTML_EMPTIED = (
    "trafilatura's text of this page has {words} words of prose, and cleaning kept none of "
    "them ({why}); `cleaner explain` shows each removed line"
)
UNKNOWN_CODE = "unknown pass code {code!r} in {where} (see `cleaner passes` for the list)"
UNKNOWN_OPTION = "unknown option {key!r} in {where}; known options: {known}"
BAD_TYPE = "option {key!r} in {where} must be {expected}, got {got!r}"
BAD_CHOICE = "option {key!r} in {where} must be one of {choices}, got {got!r}"
BAD_RANGE = "option {key!r} in {where} must be between {low} and {high}, got {got!r}"
BAD_REGEX = "invalid regular expression {pattern!r} in {where}: {error}"
BAD_BULLET = (
    "option 'bullet' in {where} must be empty (keep each glyph) or punctuation, symbols and "
    "digits only, without spaces or line breaks (one space always follows it), so that "
    "cleaning twice changes nothing; got {got!r}"
)
BAD_TOML = "cannot read {path}: {error}"
NOT_UTF8 = "{path}: not valid UTF-8 text (byte {pos}); left untouched"
LOOKS_BINARY = "{path}: looks like a binary file; left untouched"
NO_SUCH_FILE = "{path}: no such file"
NOT_A_FILE = "{path}: not a regular file"
CANNOT_READ = "{path}: cannot read ({error}); left untouched"
NEEDS_ZSTD = "{path}: zstd files need Python 3.14 or later (compression.zstd); use .gz"
CANNOT_WRITE = "{path}: cannot write ({error}); left untouched"
NOT_WRITABLE = "{path}: not writable; left untouched"
CHANGED_WHILE_CLEANING = "{path}: changed while it was being cleaned; left untouched"
FIX_STDIN = "--fix cannot rewrite standard input; use `cleaner clean` for a pipe"
CHECK_JSONL_TYPE = (
    "option 'types' in {where}: {got!r} files are JSON, not plain text; "
    "`cleaner check` would damage them (clean JSON Lines with `cleaner clean --jsonl`)"
)
CHECK_HTML_TYPE = (
    "option 'types' in {where}: {got!r} files are HTML; `cleaner check --fix` would replace "
    "each page by its text (extract pages with `cleaner clean --html`)"
)
CHECK_HTML_FILE = (
    "skipped {path}: looks like an HTML page; `cleaner check` cleans plain text only "
    "(html = false in [tool.cleaner] cleans it as text)"
)
BAD_JSON_ROW = "line {line}: not a JSON object ({error})"
MISSING_FIELD = "line {line}: no field {field!r}"
FIELD_NOT_STRING = "line {line}: field {field!r} is {kind}, not a string"
FIELD_TWICE = "line {line}: field {field!r} is given twice"
ROW_NOT_UTF8 = "line {line}: not valid UTF-8 (byte {pos})"
ROW_NO_MODELS = (
    "no fitted models in {folder} (missing {missing}); run benchmarks/fit.py to make them"
)
BAD_MODELS = "cannot read the fitted models in {folder}: {error}"
ROW_INTERNAL = "line {line}: internal error while cleaning ({error}); please report it"
# -- Result.warning: a text that lost most of its content (pipeline.vanished) --
LOST_PROSE = "kept {kept} of {total} words of prose: {passes}"
LOST_CONTENT = (
    "cleaning took {share:.0%} of the text's content as its words read ({taken} of {total} "
    "words, weighed by the lexicon): {passes}"
)
BAD_JOBS = "option 'jobs' in options must be a positive number or 'auto', got {got!r}"
META_REPLACED = "{rows} row(s) had a {field!r} field already; --meta replaced it"
ROWS_FAILED = "{failed} of {total} row(s) failed"
HTML_UNREADABLE = "cannot read the HTML ({error}); left untouched"
PATTERN_TIMEOUT = (
    "user pattern {pattern!r} ran out of time ({timeout} s) on line {line}; "
    "not applied to the {left} line(s) after it"
)
NO_MODELS = "no fitted models in {folder} (missing {missing}); run benchmarks/fit.py to make them"
BAD_MODELS = "cannot read the fitted models in {folder}: {error}"
NEEDS_EXTRA = (
    "{module} needs {package}: install cleaner's {extra!r} extra "
    "(pip install '.[{extra}]' in a clone of cleaner)"
)
NO_COLUMN = "no column {column!r} in the batch (columns: {columns})"
COLUMN_NOT_TEXT = "column {column!r} holds {kind} in row {row}, not a string (or null)"
DOC_FAILED = "document {doc_id!r}: {error}"
# -- outputs (clean -o/--errors, learn -o, standard output) --
OUTPUT_IS_FOLDER = "{path}: is a folder; name a file to write"
OUTPUT_NO_FOLDER = "{path}: no such folder {folder!r} to write into"
OUTPUT_COLLIDES = "{option} {path} is also {other}; every output must be a file of its own"
OUTPUT_IS_INPUT = (
    "{option} {path} is also an input file; only `clean --jsonl -o` may replace its input"
)
IN_PLACE_NEEDS_ERRORS = (
    "-o {path} replaces its input: add --errors FILE so that rows which cannot be "
    "cleaned are kept (they are left out of the output)"
)
CANNOT_WRITE_OUTPUT = "cannot write {path}: {error}; nothing was replaced"
CANNOT_SPOOL = (
    "cannot write the documents of --all to a temporary file: {error}; nothing was replaced"
)
STDOUT_ENCODING = (
    "standard output ({encoding}) cannot encode the text; set PYTHONIOENCODING=utf-8 "
    "(or a UTF-8 locale)"
)
NEEDS_JSONL = "{option} needs --jsonl"
# -- bounds (see README, "Bounds") --
ROW_TOO_LARGE = (
    "{path}: line {line}: a row of more than {limit:,} bytes; stopped (rows are read whole, "
    "see README, Bounds)"
)
DOC_TOO_MANY_LINES = "more than {limit:,} lines; not cleaned (see README, Bounds)"
DOC_TOO_MANY_CHARS = "more than {limit:,} characters; not cleaned (see README, Bounds)"
FILE_TOO_LARGE = "{path}: more than {limit:,} bytes; left untouched (see README, Bounds)"
ROW_TOO_LARGE_BINARY = (
    "{path}: line {line}: a row of more than {limit:,} bytes with NUL bytes in it: "
    "binary data, not JSON Lines; stopped"
)
ROW_TOO_LONG = (
    "line {line}: a row of {size:,} bytes, more than {limit:,}; not read "
    "(raw holds its first {shown:,} bytes; see README, Bounds)"
)
ROW_TOO_DEEP = "line {line}: not a JSON object (nested too deeply)"
ROW_BAD = "line {line}: {error}"
HTML_TOO_LARGE = "the HTML page has more than {limit:,} characters; not extracted"
HTML_TOO_MANY_TAGS = "the HTML page has more than {limit:,} tags; not extracted"
HTML_STOPPED_EARLY = (
    "the HTML parser stopped early ({error}); not extracted rather than cut short "
    "(see README, Bounds)"
)
HTML_TOO_MANY_ATTRIBUTES = "an HTML tag has more than {limit:,} attributes; not extracted"
INTERNAL = "internal error: {error}; please report it with the input that caused it"
STDOUT_FAILED = "cannot write to standard output: {error}"
#: An exception's repr is cut to this many characters in a message (it may hold a document).
MAX_REPR = 300


class CleanerError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigError(CleanerError, ValueError):
    """A configuration value is wrong: unknown option or code, bad type, bad regex."""


class InputError(CleanerError, ValueError):
    """Input that cannot be cleaned: not text, not valid UTF-8, malformed row."""


class OutputError(CleanerError, OSError):
    """An output that cannot be written: a folder, no space left, an encoding
    standard output does not have. Nothing was replaced."""


def describe(exc: BaseException) -> str:
    """``repr(exc)``, cut to ``MAX_REPR`` characters: what an internal error
    message shows of the exception (an encoding error holds the whole text).

    >>> describe(ValueError("x" * 1000))[-12:], len(describe(ValueError("x" * 1000))) <= MAX_REPR
    ("xxxxx ... ')", True)
    """
    text = repr(exc)
    if len(text) <= MAX_REPR:
        return text
    return text[: MAX_REPR - 10] + " ... " + text[-2:]


class EngineError(CleanerError, RuntimeError):
    """The native engine failed on one document (a bug in the engine: a panic,
    caught where Python calls it). Other documents of the same batch go on.

    ``detail`` is what the engine said, its place in the source included.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(INTERNAL.format(error=detail))
        self.detail = detail

    def __reduce__(self) -> tuple[type[EngineError], tuple[str]]:
        # made again from ``detail`` (a worker process hands it back pickled)
        return (type(self), (self.detail,))
