"""CL7xx: boilerplate learned from the corpus itself (``cleaner learn``).

The profile (``Config.profile``) holds, per site, the lines seen in many of
that site's documents; ``Config.site`` says which site a document is from
(``None``: the corpus-wide entry). See ``cleaner/profile.py`` for how lines
are learned. The pass runs last, after the body model: it removes the lines
the profile holds and nothing else. No other pass reads its removals as
evidence (a page whose menu is gone is not, for that, a page whose head or
sides are furniture): on the development pages, the head and side passes took
as much gold text as furniture once a profile's lines were gone (#23).
"""

from __future__ import annotations

from ..catalogue import page_pass
from ..model import Outcome, Page
from ..profile import get_profile, line_hash


@page_pass("CL701", "learned-boilerplate", order=950)
def learned_boilerplate(page: Page) -> Outcome:
    """Lines the profile learned as boilerplate of the document's site.

    >>> from cleaner.config import Config
    >>> from cleaner.profile import learn
    >>> docs = [("news.example", f"Story {w} of the day.\\n\\nFollow us on Mastodon")
    ...         for w in ("one", "two", "three", "four")]
    >>> config = Config(profile=learn(docs), site="https://news.example/x")
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("A new story.\\n\\nFollow us on Mastodon", config)
    >>> dict(learned_boilerplate(p).removed)
    {1: 'seen in 4 of 4 documents of news.example'}
    """
    config = page.config
    if config.profile is None:
        return Outcome()
    entry = get_profile(config.profile).entry(config.site)
    if entry is None or not entry.lines:
        return Outcome()
    removed = {}
    for seg in page.kept():
        found = entry.lines.get(line_hash(seg.text))
        if found is not None:
            removed[seg.index] = (
                f"seen in {found.count} of {entry.documents} documents of {entry.label}"
            )
    return Outcome.of(removed)
