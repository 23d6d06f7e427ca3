"""The library's front end: ``analyze`` and ``clean`` (re-exported from ``cleaner``).

They decide what a text is: an HTML page goes to ``cleaner.html`` (extraction,
then the passes), anything else straight to the text pipeline
(``cleaner.pipeline``), which never loads the HTML package.
"""

from __future__ import annotations

from typing import Any

from .config import Config, from_mapping
from .model import Result
from .pipeline import run
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
