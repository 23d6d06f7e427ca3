"""cleaner: strip site furniture from scraped article text.

>>> import cleaner
>>> print(cleaner.clean("International\\n\\nRead Also | Something else\\n\\n"
...                     "The minister said on Friday that the long talks in Geneva had gone well."), end="")
The minister said on Friday that the long talks in Geneva had gone well.
"""

from __future__ import annotations

from ._engine import __version__ as __version__
from .api import analyze, clean
from .config import Config
from .config import load as load_config
from .errors import CleanerError, ConfigError, EngineError, InputError, OutputError
from .model import Outcome, Page, Removal, Result, Segment, Verdict
from .normalize import normalize
from .parallel import analyze_many, clean_many
from .profile import Profile, learn

__all__ = [
    "CleanerError",
    "Config",
    "ConfigError",
    "EngineError",
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
