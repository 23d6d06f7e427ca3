"""CL6xx: the fitted body model, which has the last word on every line.

It runs after every rule and heuristic pass. For each line it computes
``P(content)`` with the body model (:mod:`cleaner.forest`, fitted on the
development corpora by ``benchmarks/fit.py``) from the line's features, its
context, the page type and what the earlier passes said
(:mod:`cleaner.linefeatures`), and then:

* **removes** a kept line when ``P(content)`` is below the ``remove``
  threshold (CL601; the reason names the strongest evidence);
* **keeps** a line an earlier pass removed when ``P(content)`` is at least
  the ``keep`` threshold: the earlier pass is overruled (``Result.overruled``
  says which pass said what, and why the line stays). The user's own
  patterns (CL199) and a learned profile (CL701) are never overruled;
* **guards against damage in proportion**: a single pass may take up to
  ``guard_share`` of a text's words on ordinary evidence; beyond that, each
  further line it takes needs strong evidence (``P(content)`` below
  ``guard_strong``), and the lines without it are kept, the most
  content-like first, until the pass is back within its share.

All four numbers are fitted (``body_model.json``, ``meta.thresholds``).
"""

from __future__ import annotations

import math

import numpy as np

from ..fitted import Models, models
from ..linefeatures import COLUMNS, page_matrix
from ..model import Outcome, Page, per_page
from ..registry import PROTECTED, page_pass


@per_page
def probabilities(page: Page) -> np.ndarray:
    """``P(content)`` of every segment of ``page`` (removed ones too).

    >>> p = Page.from_text("Home\\nNews\\n" + "The council met on Monday and agreed to the plan for the new park. " * 3)
    >>> probabilities(p).round(1).tolist()[2] > 0.5
    True
    """
    m = models(page.config.models)
    probs = page.page_type.probabilities if page.page_type is not None else None
    x = page_matrix(page.segments, page.removed, probs, m.lexicon)
    if not len(x):
        return np.zeros(0)
    return m.body.predict(x[:, m.body.columns(COLUMNS)])


def _evidence(m: Models, page: Page, index: int, sign: int, n: int = 2) -> str:
    """The ``n`` features that moved line ``index`` most towards furniture
    (``sign=-1``) or content (``sign=1``), described in words."""
    x = page_matrix(page.segments, page.removed, None, m.lexicon)
    x = x[index, m.body.columns(COLUMNS)]
    contrib = m.body.contributions(x) * sign
    order = [int(i) for i in np.argsort(-contrib) if contrib[i] > 0][:n]
    text = page.segments[index].text
    parts = []
    for i in order:
        part = describe(m.body.features[i], float(x[i]), text, m)
        if part not in parts:
            parts.append(part)
    return "; ".join(parts) or "no single feature stands out"


def describe(name: str, value: float, text: str, m: Models) -> str:
    """A feature and its value in words, for a reason.

    >>> describe("density", 0.05, "", None)
    'stopword density 0.05'
    >>> describe("removed~10", 0.8, "", None)
    'among lines other passes removed (80% within 10 lines)'
    """
    base, _, where = name.partition("@")
    base, _, window = base.partition("~")
    if where:
        return f"its neighbour ({where}): {describe(base, value, '', m)}"
    if window:
        if base == "removed":
            return f"among lines other passes removed ({value:.0%} within {window} lines)"
        if base == "lex":
            return (
                f"the words around it read as furniture (lexicon {value:.2f} within {window} lines)"
            )
        return f"{base} around it {value:.2f} (within {window} lines)"
    if base == "lex":
        words = m.lexicon.strongest(text) if m is not None else []
        said = ", ".join(f"'{w}'" for w in words) if words else "its words"
        return f"{said} read as furniture (lexicon {value:.2f})"
    if base.startswith(("rule_", "code_")):
        code = base.split("_", 1)[1]
        return f"{'removed' if value else 'not removed'} by {code}"
    if base == "log_words":
        return f"{round(math.expm1(value))} words"
    if base == "in_run":
        return "inside the densest run of prose" if value else "outside the densest run of prose"
    if base == "run_distance":
        return f"{round(math.expm1(abs(value)))} lines {'before' if value < 0 else 'after'} the densest run of prose"
    if base.startswith("title_"):
        return (
            "before the repeat of the page title"
            if value < 0
            else f"{base.replace('_', ' ')} {value:.2f}"
        )
    if base.startswith("p_"):
        return f"page type {base[2:]} ({value:.0%})"
    if base.startswith("page_"):
        return f"the page's {base[5:]} {value:.2f}"
    if base in ("density", "capitalized", "upper", "digits", "punct"):
        return f"{'stopword ' if base == 'density' else ''}{base} {value:.2f}"
    if base in ("terminal", "linky", "bullet", "separator", "price", "url", "time", "first_copy"):
        return f"{base.replace('_', ' ')}: {'yes' if value else 'no'}"
    return f"{base.replace('_', ' ')} {value:.2f}"


@page_pass("CL601", "body-model", order=900)
def body_model(page: Page) -> Outcome:
    """Lines the fitted body model reads as furniture; lines it keeps against an earlier pass.

    >>> from cleaner.pipeline import run
    >>> from cleaner.config import Config
    >>> body = "The council met on Monday and agreed to the plan for the new park in town. "
    >>> text = "Home\\nNews\\nSport\\nSign in\\nSubscribe\\n" + (body * 3 + "\\n") * 3 + "Privacy Policy\\nTerms of Use"
    >>> print(run(text, Config()).text.count("The council"))
    9
    """
    m = models(page.config.models)
    p = probabilities(page)
    if not len(p):
        return Outcome()
    remove_at, keep_at = m.threshold("remove"), m.threshold("keep")
    removed: dict[int, str] = {}
    kept: dict[int, str] = {}
    for seg in page.segments:
        i = seg.index
        code = page.removed.get(i)
        if code is None:
            if p[i] < remove_at:
                removed[i] = f"body model: P(content) {p[i]:.2f}; {_evidence(m, page, i, -1)}"
        elif code not in PROTECTED and p[i] >= keep_at:
            kept[i] = f"body model: P(content) {p[i]:.2f}; {_evidence(m, page, i, 1)}"
    kept.update(_guard(page, p, removed, kept, m))
    return Outcome.of(removed, kept)


def _guard(
    page: Page, p: np.ndarray, removed: dict[int, str], kept: dict[int, str], m: Models
) -> dict[int, str]:
    """Lines to keep because the pass that took them took too much on weak evidence.

    ``removed`` (this pass's own removals) loses the lines it gives back.
    """
    from ..linefeatures import line_stats

    share, strong = m.threshold("guard_share"), m.threshold("guard_strong")
    words = line_stats(page.segments).words
    total = float(words.sum())
    if total <= 0:
        return {}
    by_code: dict[str, list[int]] = {}
    for i, code in page.removed.items():
        if i not in kept and code not in PROTECTED:
            by_code.setdefault(code, []).append(i)
    for i in removed:
        by_code.setdefault("CL601", []).append(i)
    back: dict[int, str] = {}
    for code, lines in sorted(by_code.items()):
        taken = float(words[lines].sum())
        if taken <= share * total:
            continue
        for i in sorted(lines, key=lambda i: -p[i]):
            if taken <= share * total or p[i] < strong:
                break
            taken -= float(words[i])
            why = (
                f"{code} took {taken / total + words[i] / total:.0%} of the text's words, "
                f"more than {share:.0%} needs strong evidence: P(content) {p[i]:.2f} >= {strong}"
            )
            if code == "CL601":
                del removed[i]
            else:
                back[i] = why
    return back
