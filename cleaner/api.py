"""The library's front end: ``analyze`` and ``clean`` (re-exported from ``cleaner``).

They decide what a text is: an HTML page goes to ``cleaner.html`` (extraction,
then the passes), anything else straight to the text pipeline
(``cleaner.pipeline``), which never loads the HTML package.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .config import Config, from_mapping
from .model import Result
from .pipeline import clean_texts, engine_for, run, run_many
from .sniff import wants_html


def _config(config: Config | None, options: dict[str, Any]) -> Config:
    config = config or Config()
    return from_mapping(options, base=config) if options else config


def analyze(text: str | bytes, *, config: Config | None = None, **options: Any) -> Result:
    """Clean ``text`` and return everything learned: body, metadata, verdicts.

    ``options`` are ``Config`` fields and override ``config``. With
    ``html=True`` (or the default ``html="auto"`` and a text that looks like an
    HTML page) the main text is first extracted with trafilatura; see
    ``cleaner.html``.

    >>> r = analyze("Back to top button\\n\\nIt rained in Paris all day, the weather service said.")
    >>> r.text
    'It rained in Paris all day, the weather service said.\\n'
    >>> [(x.code, x.name) for x in r.removed]
    [('CL103', 'back-to-top')]
    """
    cfg = _config(config, options)
    if cfg.html is True and isinstance(text, bytes):
        from . import html  # raw bytes: trafilatura reads the page's declared encoding

        return html.analyze_html(text, cfg)
    if isinstance(text, str) and wants_html(text, cfg):
        from . import html

        return html.analyze_html(text, cfg)
    return run(text, cfg)


def clean(text: str | bytes, *, config: Config | None = None, **options: Any) -> str:
    """Clean ``text`` and return the article body (ends with a newline unless empty)."""
    return analyze(text, config=config, **options).text


def analyze_each(texts: Sequence[str | bytes], config: Config) -> list[Result | Exception]:
    """``analyze(text, config=config)`` of each of ``texts``, in order, the
    plain texts in one call of the native engine (which works without the
    interpreter); where ``analyze`` would raise, that text's exception is in
    its place (returned, not raised) and the others go on.

    >>> [r.text for r in analyze_each(["Back to top\\n\\nIt rained.", "Menu"], Config())]
    ['It rained.\\n', 'Menu\\n']
    >>> type(analyze_each([3], Config())[0]).__name__
    'TypeError'
    """
    return _each(texts, config, analyze, run_many)


def clean_each(texts: Sequence[str | bytes], config: Config) -> list[str | Exception]:
    """``clean(text, config=config)`` of each of ``texts``, as ``analyze_each``
    (the engine gives the bodies alone: no rows for the lines are made).

    >>> clean_each(["Back to top\\n\\nIt rained.", b"x"], Config())[0]
    'It rained.\\n'
    """
    return _each(texts, config, clean, clean_texts)


def _each(texts: Sequence[Any], config: Config, one: Any, many: Any) -> list[Any]:
    out: list[Any] = [None] * len(texts)
    plain: list[int] = []
    batch = engine_for(config)[0] is not None
    for i, text in enumerate(texts):
        if batch and isinstance(text, str) and not wants_html(text, config):
            plain.append(i)
            continue
        try:
            out[i] = one(text, config=config)
        except Exception as exc:  # that text's failure, in its place
            out[i] = exc
    if plain:
        for i, result in zip(plain, many([texts[i] for i in plain], config), strict=True):
            out[i] = result
    return out


def analyze_pairs(
    pairs: Sequence[tuple[Any, Config]], *, bodies: bool = False
) -> list[Result | str | Exception]:
    """``analyze_each`` for texts that each come with their own configuration
    (a site's profile, a row's options): the texts that share one are cleaned
    in one batch; the answers are in the order of ``pairs``. With ``bodies``,
    each answer is the body alone (``clean_each``).

    >>> a, b = Config(), Config(ignore=("CL103",))
    >>> [r.text for r in analyze_pairs([("Back to top\\n\\nIt rained.", a), ("Back to top", b)])]
    ['It rained.\\n', 'Back to top\\n']
    """
    groups: dict[Any, tuple[Config, list[int], list[Any]]] = {}
    for i, (text, config) in enumerate(pairs):
        key: Any = config
        try:
            hash(config)
        except TypeError:  # an unhashable option value: a batch of its own
            key = id(config)
        group = groups.setdefault(key, (config, [], []))
        group[1].append(i)
        group[2].append(text)
    each = clean_each if bodies else analyze_each
    out: list[Result | str | Exception | None] = [None] * len(pairs)
    for config, places, texts in groups.values():
        for i, result in zip(places, each(texts, config), strict=True):
            out[i] = result
    return out  # type: ignore[return-value]
