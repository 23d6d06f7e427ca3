"""cleaner: strip site furniture from scraped article text.

>>> import cleaner
>>> print(cleaner.clean("International\\n\\nRead Also | Something else\\n\\n"
...                     "The minister said on Friday that the long talks in Geneva had gone well."), end="")
The minister said on Friday that the long talks in Geneva had gone well.
"""

from __future__ import annotations

from typing import Any

from .config import Config, from_mapping
from .config import load as load_config
from .errors import CleanerError, ConfigError, InputError, OutputError
from .model import Outcome, Page, Removal, Result, Segment, Verdict
from .normalize import normalize
from .parallel import analyze_many, clean_many
from .pipeline import run
from .profile import Profile, learn

__all__ = [
    "CleanerError",
    "Config",
    "ConfigError",
    "InputError",
    "Outcome",
    "OutputError",
    "Page",
    "Profile",
    "Removal",
    "Result",
    "Segment",
    "Verdict",
    "analyze",
    "analyze_many",
    "clean",
    "clean_many",
    "learn",
    "load_config",
    "normalize",
]
__version__ = "0.1.0"


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
    if cfg.html is not False and isinstance(text, str):
        from . import html

        return html.run_any(text, cfg)
    return run(text, cfg)


def clean(text: str | bytes, *, config: Config | None = None, **options: Any) -> str:
    """Clean ``text`` and return the article body (ends with a newline unless empty)."""
    return analyze(text, config=config, **options).text
