"""`cleaner report`: the counts, the sample, bounded site counting, the command line.

What the page looks like in a browser is tested in test_report_browser.py.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import cleaner
from cleaner import report
from cleaner.cli import main
from cleaner.summary import summarize

from .conftest import FIXTURES, ROOT, aeb_rows

SAMPLES = [
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "Advertisement\n\nBack to top button",  # cleaned to nothing
    "Nothing to remove here: the whole text is one plain paragraph of an article.",
    "Advertisement\n\n<script>alert('x')</script> & <b>bold</b> claims, said the minister.",
]


def corpus_rows() -> list[dict]:
    texts = list(SAMPLES)
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/input.txt"))]
    texts += [row["page_text"] for row in aeb_rows()[:30]]
    return [
        {"id": f"r{i}", "url": f"https://www.site{i % 4}.example/{i}", "text": t}
        for i, t in enumerate(texts)
    ]


def jsonl_bytes(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def build(data: bytes, **kwargs) -> tuple[report.ReportStats, str]:
    out = io.BytesIO()
    stats = report.build([("corpus.jsonl", io.BytesIO(data))], out, **kwargs)
    return stats, out.getvalue().decode("utf-8")


def articles(page: str) -> list[str]:
    return re.findall(r'<article class="doc"', page)


def test_totals_codes_types_and_sites_match_the_library() -> None:
    rows = corpus_rows()
    stats, page = build(jsonl_bytes(rows), site_field="url")
    results = [cleaner.analyze(r["text"]) for r in rows]
    summaries = [summarize(r) for r in results]
    assert stats.rows == stats.totals.docs == len(rows) and stats.failed == 0
    assert stats.totals.kept_words == sum(s.kept_words for s in summaries)
    assert stats.totals.removed_words == sum(s.removed_words for s in summaries) > 0
    assert stats.totals.removed_lines == sum(s.removed_lines for s in summaries)
    want_codes: dict[str, tuple[int, int, int]] = {}
    for s in summaries:
        for c in s.by_code:
            docs, lines, words = want_codes.get(c.code, (0, 0, 0))
            want_codes[c.code] = (docs + 1, lines + c.lines, words + c.words)
    assert {k: (v.docs, v.lines, v.words) for k, v in stats.codes.items()} == want_codes
    want_types: dict[str, int] = {}
    for r, s in zip(results, summaries, strict=True):
        key = r.page_type or report.UNKNOWN_TYPE
        want_types[key] = want_types.get(key, 0) + s.removed_words
    assert {k: t.removed_words for k, t in stats.page_types.entries.items()} == want_types
    for i in range(4):
        site = stats.sites.entries[f"site{i}.example"]
        mine = [s for row, s in zip(rows, summaries, strict=True) if f"site{i}." in row["url"]]
        assert (site.docs, site.removed_words) == (len(mine), sum(s.removed_words for s in mine))
    # what the page says
    assert f'<span class="value">{stats.totals.removed_words:,}</span>' in page
    assert f'<span class="value">{len(rows):,}</span>' in page
    assert "Removed words by site" in page and "site0.example" in page


def test_the_page_is_the_same_on_one_process_or_two() -> None:
    data = jsonl_bytes(corpus_rows())
    _, one = build(data, sample=7, batch_bytes=2048)
    _, two = build(data, sample=7, batch_bytes=2048, jobs=2)
    assert one == two
    assert len(articles(one)) == 7


def test_the_sample_is_the_rows_of_smallest_priority_in_input_order() -> None:
    rows = corpus_rows()
    stats, page = build(jsonl_bytes(rows), sample=5, seed=3, batch_bytes=1024)
    ranked = sorted(range(len(rows)), key=lambda i: report.priority(3, "corpus.jsonl", i + 1))
    chosen = sorted(ranked[:5])
    shown = re.findall(r"corpus\.jsonl:(\d+) · id (r\d+)", page)
    assert [(int(line), rid) for line, rid in shown] == [(i + 1, rows[i]["id"]) for i in chosen]
    assert stats.shown == 5
    assert f"A random sample of 5 of {len(rows)} documents (seed 3)" in page
    _, other_seed = build(jsonl_bytes(rows), sample=5, seed=4, batch_bytes=1024)
    assert re.findall(r"corpus\.jsonl:(\d+)", other_seed) != [s[0] for s in shown]


def test_all_and_none() -> None:
    rows = corpus_rows()
    stats, page = build(jsonl_bytes(rows), every=True, batch_bytes=1024)
    assert stats.shown == len(articles(page)) == len(rows)
    lines = [int(x) for x in re.findall(r"corpus\.jsonl:(\d+) ·", page)]
    assert lines == list(range(1, len(rows) + 1))
    _, none = build(jsonl_bytes(rows), sample=0)
    assert articles(none) == [] and "Words removed" in none and "No document is shown" in none


def test_removed_lines_carry_code_and_reason_and_text_is_escaped() -> None:
    stats, page = build(jsonl_bytes([{"text": SAMPLES[4]}, {"text": SAMPLES[0]}]))
    result = cleaner.analyze(SAMPLES[0])
    first = result.removed[0]
    reason = f"{first.code} {first.name}: {first.reason}"
    assert f'data-code="{first.code}" data-reason="{reason}"' in page.replace("&#x27;", "'")
    assert f"<del>{first.text}</del>" in page
    assert "&lt;script&gt;alert(" in page and page.count("<script") == 1
    assert stats.totals.docs == 2


def test_the_page_loads_nothing_from_anywhere() -> None:
    _, page = build(jsonl_bytes(corpus_rows()[:10]), site_field="url")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for pattern in (r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"@import", r"<link\b", r"<iframe\b"):
        assert not re.search(pattern, page, re.I), pattern


def test_sites_beyond_the_limit_are_counted_together(monkeypatch) -> None:
    monkeypatch.setattr(report, "MAX_SITES", 4)
    rows = [
        {"url": f"https://s{i}.example/", "text": SAMPLES[i % 2] + f"\n\nStory number {i}."}
        for i in range(30)
    ]
    stats, page = build(jsonl_bytes(rows), site_field="url", batch_bytes=256)
    sites = stats.sites
    assert len(sites.entries) <= 4 and sites.pruned > 0
    together = report.Tally()
    for tally in sites.entries.values():
        together.merge(tally)
    together.merge(sites.other)
    assert together == stats.totals
    assert "more than 4 sites" in page and "other sites" in page


def test_bad_rows_are_counted_listed_and_the_rest_reported(tmp_path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes([{"text": SAMPLES[0]}]) + b"not json\n" + b'{"text": 3}\n')
    out = tmp_path / "report.html"
    assert main(["report", "--no-config", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "line 2: not a JSON object" in err and "2 of 3 row(s) failed" in err
    page = out.read_text(encoding="utf-8")
    assert 'id="total-failed"' in page and "line 3: field &#x27;text&#x27; is int" in page
    assert len(articles(page)) == 1


def test_cli_writes_atomically_and_reports_usage_errors(tmp_path, monkeypatch, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl_bytes(corpus_rows()[:3]))
    out = tmp_path / "report.html"
    out.write_text("old report\n")

    def explode(sources, sink, **kwargs):
        sink.write(b"<!doctype html><p>half a page")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report, "build", explode)
    assert main(["report", "--no-config", str(src), "-o", str(out)]) == 123
    assert out.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "report.html"]
    monkeypatch.undo()
    assert main(["report", "--no-config", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["report", "--no-config", str(src), "-o", str(out), "--sample", "-1"]) == 2
    assert main(["report", "--no-config", str(src), "-o", str(out), "--all", "--sample", "3"]) == 2
    assert main(["report", "--no-config", str(src)]) == 2  # -o is required
    assert out.read_text() == "old report\n"
    assert main(["report", "--no-config", str(src), "-o", str(out), "--all"]) == 0
    assert len(articles(out.read_text(encoding="utf-8"))) == 3


def test_progress_bar_and_stdin(tmp_path) -> None:
    out = tmp_path / "r.html"
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "report", "--no-config", "--progress", "-o", str(out)],
        input=jsonl_bytes(corpus_rows()[:5]),
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "report" in err and "5 rows, 0 failed" in err
    assert "&lt;stdin&gt;:1 ·" in out.read_text(encoding="utf-8")


def test_the_example_corpus_is_valid(tmp_path) -> None:
    # examples/corpus.jsonl backs the README's snippets and screenshot.
    rows = [
        json.loads(line) for line in (ROOT / "examples" / "corpus.jsonl").open(encoding="utf-8")
    ]
    assert len(rows) >= 10 and all({"id", "url", "text"} <= set(r) for r in rows)
    assert len({report.site_label(r["url"]) for r in rows}) >= 4
    assert Path(ROOT / "examples" / "article.txt").read_text(encoding="utf-8") == rows[0]["text"]
