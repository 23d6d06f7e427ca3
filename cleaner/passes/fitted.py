"""CL6xx: the fitted body model, which has the last word on every line.

It runs after every rule and heuristic pass. For each line it computes
``P(content)`` with the body model (:mod:`cleaner.forest`, fitted on the
development corpora by ``benchmarks/fit.py``) from the line's features, its
context, the page type and what the earlier passes said
(:mod:`cleaner.linefeatures`), and then:

* **removes** a kept line when ``P(content)`` is below the ``remove``
  threshold of the page's group (articles, or the other types; CL601, the
  reason names the strongest evidence);
* **keeps** a line an earlier pass removed when ``P(content)`` is at least
  the ``keep`` threshold of that pass's family for the page's group: it is overruled
  (``Result.overruled`` says which pass said what, and why the line stays).
  The threshold is one per family of passes (head, page, tail): a line it
  reads as content stays whichever head heuristic took it (with one per pass,
  a line kept against one head pass was taken for the title in the next
  round, and cleaning did not settle). The user's own patterns (CL199), a
  learned profile (CL701) and the phrase lists (CL1xx and CL5xx, a line
  matching an explicit phrase) are never overruled. A page gets
  the thresholds of the other types only when its type is called with at least
  the fitted ``other_at`` confidence;
* **guards against damage in proportion**: a single pass may take up to
  ``guard_share`` of a text's words on ordinary evidence; beyond that, each
  further line it takes needs strong evidence (``P(content)`` below
  ``guard_strong``), and the lines without it are kept, the most
  content-like first, until the pass is back within its share;
* **removes nothing from an extracted text**: on the text an HTML page's
  extraction chose (``Page.extracted``) the extraction has found the body; the
  model only keeps lines against the heuristics there (the no-harm direction),
  and the guards apply, so that no pass takes much of that text on weak
  evidence;
* **stands down out of its domain**: on a text whose words the lexicon
  mostly does not know (less than ``min_coverage`` of them, a language the
  fit corpora hardly had), it neither removes nor overrules; the guards
  still apply;
* **bounds the expected loss**: all removals together may take at most
  ``max_loss`` of the text's content as the model expects it (the sum of
  ``P(content)`` times words); beyond that the most content-like lines stay.

The thresholds are fitted (``body_model.json``, ``meta.thresholds``) by
coordinate ascent from "the rules alone": a threshold moves only where that
gains on the development pages, and never at the cost of the news benchmark.
"""

from __future__ import annotations

import math

import numpy as np

from ..catalogue import overrulable, page_pass
from ..fitted import Models, group_of, models
from ..linefeatures import COLUMNS, page_matrix
from ..model import Outcome, Page, per_page


@per_page
def _scored(page: Page) -> tuple[np.ndarray, np.ndarray]:
    """The body model's columns of every segment of ``page`` and its ``P(content)``."""
    m = models(page.config.models)
    probs = page.page_type.probabilities if page.page_type is not None else None
    x = page_matrix(page.segments, page.removed, probs, m.lexicon)
    if not len(x):
        return x, np.zeros(0)
    x = x[:, m.body.columns(COLUMNS)]
    return x, m.body.predict(x)


def probabilities(page: Page) -> np.ndarray:
    """``P(content)`` of every segment of ``page`` (removed ones too).

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Home\\nNews\\n" + "The council met on Monday and agreed to the plan for the new park. " * 3)
    >>> probabilities(p).round(1).tolist()[2] > 0.5
    True
    """
    return _scored(page)[1]


def _evidence(m: Models, page: Page, lines: list[int], sign: int, n: int = 2) -> dict[int, str]:
    """For each of ``lines``, the ``n`` features that moved it most towards
    furniture (``sign=-1``) or content (``sign=1``), in words."""
    if not lines:
        return {}
    x = _scored(page)[0][lines]
    contrib = m.body.contributions(x) * sign
    out = {}
    for row, i in enumerate(lines):
        order = [int(j) for j in np.argsort(-contrib[row])[:n] if contrib[row, j] > 0]
        parts: list[str] = []
        for j in order:
            part = describe(m.body.features[j], float(x[row, j]), page.segments[i].text, m)
            if part not in parts:
                parts.append(part)
        out[i] = "; ".join(parts) or "no single feature stands out"
    return out


def describe(name: str, value: float, text: str, m: Models) -> str:
    """A feature and its value in words, for a reason.

    >>> describe("density", 0.05, "", None)
    'stopword density 0.05'
    >>> describe("removed~10", 0.8, "", None)
    'among lines other passes removed (80% within 10 lines)'
    >>> describe("lex~3", 0.7, "", None), describe("page_log_words", 4.93, "", None)
    ('the words around it read as content (lexicon 0.70 within 3 lines)', "the page's 137 words")
    """
    base, _, where = name.partition("@")
    base, _, window = base.partition("~")
    if where:
        return f"its neighbour ({where}): {describe(base, value, '', m)}"
    if window:
        if base == "removed":
            return f"among lines other passes removed ({value:.0%} within {window} lines)"
        if base == "lex":
            side = "content" if value >= 0.5 else "furniture"
            return f"the words around it read as {side} (lexicon {value:.2f} within {window} lines)"
        return f"{base} around it {value:.2f} (within {window} lines)"
    if base == "lex":
        if value >= 0.5:
            return f"its words read as content (lexicon {value:.2f})"
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
    if base.startswith("page_log_"):
        return f"the page's {round(math.expm1(value))} {base[9:]}"
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
    >>> paras = ["The council met on Monday and agreed to the plan for the new park in town.",
    ...     "Work on the park starts in May, and the first trees will be planted in June.",
    ...     "The mayor said the park would be open to everyone by the end of next year."]
    >>> text = "Home\\nNews\\nSport\\nSign in\\nSubscribe\\n\\n" + "\\n\\n".join(paras) + "\\n\\nPrivacy Policy\\nTerms of Use"
    >>> r = run(text, Config())
    >>> [p in r.text for p in paras], [x.text for x in r.removed if x.code == "CL601"]
    ([True, True, True], ['Privacy Policy', 'Terms of Use'])
    """
    m = models(page.config.models)
    p = probabilities(page)
    if not len(p):
        return Outcome()
    kind = page.page_type
    group = group_of(kind.name, kind.confidence, m.other_at) if kind else "article"
    remove_at = m.remove_at(group)
    gone: list[int] = []
    back: list[int] = []
    # out of the model's domain (a language the fit corpora hardly had): the
    # rules decide alone, and only the guards below may give lines back
    known = m.lexicon.coverage(s.text for s in page.segments) >= m.min_coverage
    for seg in page.segments if known else ():
        i = seg.index
        code = page.removed.get(i)
        if code is None:
            if p[i] < remove_at and not page.extracted:
                gone.append(i)
        elif overrulable(code) and p[i] >= m.keep_at(code, group):
            back.append(i)
    gone = _runs_as_one(page, gone)
    why_gone = _evidence(m, page, gone, -1)
    why_back = _evidence(m, page, back, 1)
    removed = {i: f"body model: P(content) {p[i]:.2f}; {why_gone[i]}" for i in gone}
    kept = {i: f"body model: P(content) {p[i]:.2f}; {why_back[i]}" for i in back}
    kept.update(_guard(page, p, removed, kept, m))
    kept.update(_bound_loss(page, p, removed, kept, m.threshold("max_loss")))
    return Outcome.of(removed, kept)


def _runs_as_one(page: Page, gone: list[int]) -> list[int]:
    """``gone`` without the lines of a run of the same kept line (a menu entry
    said again and again, with nothing between) of which the model keeps one:
    the run is judged as one line, in the no-harm direction. Otherwise only the
    run's last line, nearest the end of the text, falls under the threshold,
    the next round finds the next one last, and rounds peel the run one line
    at a time (#23: 64,000 lines of menus took 94 rounds).

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("The council met on Monday.\\nSport\\nSport\\nSport\\nNews")
    >>> _runs_as_one(p, [3, 4]), _runs_as_one(p, [1, 2, 3, 4])
    ([4], [1, 2, 3, 4])
    """
    if not gone:
        return gone
    going = set(gone)
    kept = page.kept()
    stays: set[int] = set()
    start = 0
    while start < len(kept):
        end = start + 1
        while end < len(kept) and kept[end].text == kept[start].text:
            end += 1
        run = kept[start:end]
        if end - start > 1 and any(s.index not in going for s in run):
            stays.update(s.index for s in run)
        start = end
    return [i for i in gone if i not in stays]


def _bound_loss(
    page: Page, p: np.ndarray, removed: dict[int, str], kept: dict[int, str], max_loss: float
) -> dict[int, str]:
    """The second guard: a text may lose at most ``max_loss`` of its content as
    the body model expects it (the sum of ``P(content)`` times words); beyond
    that the most content-like removed lines come back first. ``removed``
    (this pass's own) loses the lines it gives back."""
    from ..linefeatures import line_stats

    if max_loss >= 1:
        return {}
    words = line_stats(page.segments).words
    pw = p * words
    expected = float(pw.sum())
    gone = [i for i, c in page.removed.items() if i not in kept and overrulable(c)]
    gone += list(removed)
    lost = float(pw[gone].sum()) if gone else 0.0
    back: dict[int, str] = {}
    for i in sorted(gone, key=lambda i: -p[i]):
        if lost <= max_loss * expected + 1e-9:
            break
        why = (
            f"removing it would take {lost / expected:.0%} of the text's content as the "
            f"body model expects it, more than {max_loss:.0%}: P(content) {p[i]:.2f}"
        )
        lost -= float(pw[i])
        if i in removed:
            del removed[i]
        else:
            back[i] = why
    return back


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
        if i not in kept and overrulable(code):
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
            if i in removed:  # this run's own removal
                del removed[i]
            else:
                back[i] = why
    return back
