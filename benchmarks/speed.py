"""Speed of cleaner: text-mode throughput against datatrove, process scaling, peak memory.

Usage::

    python benchmarks/speed.py                      # every section, full sizes
    python benchmarks/speed.py --quick              # small sizes (a minute or two)
    python benchmarks/speed.py --sections text      # one or more sections, comma-separated
    python benchmarks/speed.py --scaling-mb 200 --memory-mb 1000 --workdir /tmp/cleaner-bench

Sections (each prints its rows into one table at the end):

``text``
    ``cleaner.clean`` against datatrove's ``C4QualityFilter``
    (``min_num_sentences=-1, filter_curly_bracket=False,
    filter_lorem_ipsum=False``) on datatrove ``Document`` objects of the same
    texts, in the same run: docs/s and MB/s (UTF-8 bytes of the input) and the
    ratio, on two page sets timed each on its own: every aeb-dev
    ``page_text``, and the ``page_text`` of ``--text-sample`` wcxb-dev pages
    (drawn with ``speed_html.SEED``, as the ``html`` section draws its sample).
``scaling``
    ``cleaner clean --jsonl -j1`` against ``-j2`` on a generated JSONL of
    ``--scaling-mb`` MB (output to /dev/null): wall time, MB/s, speed-up.
``memory``
    Peak memory of ``cleaner clean --jsonl -j1`` and ``-j2`` on a generated
    JSONL of ``--memory-mb`` MB: the largest RSS of any one cleaning process
    (parent or worker) and of the whole process tree, sampled from /proc, plus
    ``ru_maxrss`` of the children.
``html``
    HTML mode against ``trafilatura.extract`` (``benchmarks/speed_html.py``,
    plugged in as the ``bench_html`` section below).

The generated JSONL repeats the aeb-dev pages, each copy varied (a line
dropped, a numbered closing line added) so no two rows are the same. Files
are kept in ``--workdir`` and reused when the size matches.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "aeb-dev" / "tasks.jsonl"
DEFAULT_WCXB = ROOT.parent / "shared" / "eval" / "wcxb-dev" / "tasks.jsonl"
#: The seed of the wcxb-dev sample (``speed_html.SEED``: the same pages as the html section).
SEED = 13


@dataclass
class Row:
    """One line of the result table."""

    section: str
    what: str
    figures: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    args: argparse.Namespace
    texts: list[str]
    rows: list[Row] = field(default_factory=list)

    def add(self, section: str, what: str, **figures: str) -> None:
        row = Row(section, what, figures)
        self.rows.append(row)
        print(f"  {section:8} {what:44} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
        sys.stdout.flush()


def load_texts(path: Path) -> list[str]:
    if not path.exists():
        sys.exit(f"speed.py: {path} not found (the aeb-dev pages live in ../shared)")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["page_text"] for line in fh if line.strip()]


def load_sample(path: Path, sample: int) -> list[str]:
    """The ``page_text`` of ``sample`` pages of ``path``, drawn with ``SEED`` (in id order)."""
    with open(path, encoding="utf-8") as fh:
        rows = {r["id"]: r for r in (json.loads(line) for line in fh if line.strip())}
    ids = list(rows)
    if sample < len(ids):
        ids = sorted(random.Random(SEED).sample(ids, sample))
    return [rows[i]["page_text"] or "" for i in ids]


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


# -- section: text ------------------------------------------------------------------


def family_shares(texts: list[str]) -> dict[str, float]:
    """Seconds spent in each pass family (and normalization, and the page type)
    over one round of ``texts``."""
    import cleaner
    from cleaner import pipeline
    from cleaner.registry import all_passes

    spent: dict[str, float] = {}
    infos = all_passes()
    originals = [(info, info.func, info.screen) for info in infos]

    def timed(func: Callable[..., object], name: str) -> Callable[..., object]:
        def wrapper(*args: object) -> object:
            start = time.perf_counter()
            try:
                return func(*args)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    # A screen is shared by the passes that declare it (the pipeline runs it once
    # per line for all of them): one timed wrapper per screen, charged to the
    # family of the first pass that declares it.
    screens: dict[object, Callable[..., object]] = {}
    for info, func, screen in originals:  # PassInfo is frozen: patch around it for this round only
        family = f"{info.family} ({info.code[:3]}xx)"
        object.__setattr__(info, "func", timed(func, family))
        if screen is not None:
            if screen not in screens:
                screens[screen] = timed(screen, family)
            object.__setattr__(info, "screen", screens[screen])
    normalize, page_type_of = pipeline.normalize, pipeline.page_type_of
    pipeline.normalize = timed(normalize, "normalize (ftfy, white space)")
    # the page type is decided before any pass runs, and measures every line first
    pipeline.page_type_of = timed(page_type_of, "page type (line measures, words)")
    try:
        for t in texts:
            cleaner.clean(t)
    finally:
        pipeline.normalize, pipeline.page_type_of = normalize, page_type_of
        for info, func, screen in originals:
            object.__setattr__(info, "func", func)
            object.__setattr__(info, "screen", screen)
    return spent


#: Module-level dicts that keep what cleaner measured of a line, by its text
#: (line rows, words, lexicon scores), for the rounds of a text and the next texts.
LINE_DICTS = ("_ROWS", "_TOKENS", "_READ", "_LINE_WORDS")


def clear_line_caches() -> None:
    """Empty cleaner's per-line caches (ftfy results, phrase screens, word
    features as LRU caches; line rows, words and lexicon scores as the dicts
    of ``LINE_DICTS``), keeping the build-once ones (phrase tables, stoplists,
    compiled regexes). Timed rounds repeat the same texts; without this a
    round would find the lines of the round before it in the caches."""
    for name, module in list(sys.modules.items()):
        if name != "cleaner" and not name.startswith("cleaner."):
            continue
        for attr, value in vars(module).items():
            info = getattr(value, "cache_info", None)  # functools caches
            # per-line caches hold thousands of lines; @cache (no bound) and the
            # small ones (per configuration, per profile) are built once
            if info is not None and (info().maxsize or 0) >= 1024:
                value.cache_clear()
            elif attr in LINE_DICTS and isinstance(value, dict):
                value.clear()


def bench_text(ctx: Context) -> None:
    """cleaner.clean vs datatrove C4QualityFilter on the same texts, same run:
    the aeb-dev pages, then the wcxb-dev sample."""
    from cleaner.registry import all_passes

    families = sorted({p.family for p in all_passes()})
    codes = [p.code for p in all_passes()]
    ctx.add(
        "text",
        f"passes registered: {len(codes)}",
        families=",".join(families),
        page_passes=str(sum(p.kind == "page" for p in all_passes())),
    )
    sets = [(f"{len(ctx.texts)} aeb-dev page_text", ctx.texts)]
    if ctx.args.text_sample > 0 and ctx.args.wcxb.exists():
        sample = load_sample(ctx.args.wcxb, ctx.args.text_sample)
        sets.append((f"{len(sample)} wcxb-dev page_text, seed {SEED}", sample))
    else:
        ctx.add("text", "wcxb-dev sample", note=f"{ctx.args.wcxb} not found (or --text-sample 0)")
    for label, texts in sets:
        if not time_text(ctx, label, texts):
            break
    clear_line_caches()
    spent = family_shares(ctx.texts)
    total = sum(spent.values())
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:9]:
        ctx.add("text", f"  time in {name} (aeb-dev)", share=f"{100 * seconds / total:.0f}%")


def time_text(ctx: Context, label: str, texts: list[str]) -> bool:
    """The rows of one page set; ``False`` when datatrove is not installed."""
    import cleaner

    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError:
        C4QualityFilter = None
    c4 = (
        C4QualityFilter(min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False)
        if C4QualityFilter is not None
        else None
    )
    size = mb(texts)

    def run_clean() -> float:
        clear_line_caches()  # every round starts cold: no line seen in an earlier round
        start = time.perf_counter()
        for t in texts:
            cleaner.clean(t)
        return time.perf_counter() - start

    def run_c4() -> float:
        docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]  # filter() rewrites .text
        start = time.perf_counter()
        for d in docs:
            c4.filter(d)
        return time.perf_counter() - start

    for t in texts[:5]:  # warm-up: phrase tables, regex compilation
        cleaner.clean(t)
    # Rounds interleaved, best of each kept: machine load hits both alike.
    t_clean = t_c4 = float("inf")
    for _ in range(ctx.args.repeat):
        t_clean = min(t_clean, run_clean())
        if c4 is not None:
            t_c4 = min(t_c4, run_c4())
    ctx.add(
        "text",
        f"cleaner.clean ({label}, {size:.2f} MB)",
        docs_s=f"{len(texts) / t_clean:.1f}",
        MB_s=f"{size / t_clean:.2f}",
    )
    if c4 is None:
        ctx.add("text", "datatrove C4QualityFilter", note="datatrove not installed ('.[bench]')")
        return False
    ctx.add(
        "text",
        "datatrove C4QualityFilter (same texts)",
        docs_s=f"{len(texts) / t_c4:.0f}",
        MB_s=f"{size / t_c4:.2f}",
    )
    ctx.add("text", "cleaner / C4 throughput", ratio=f"{t_c4 / t_clean:.3f}x")
    return True


# -- generated JSONL ---------------------------------------------------------------------


def generate_jsonl(texts: list[str], megabytes: float, workdir: Path) -> Path:
    """A JSONL of about ``megabytes`` MB of varied aeb-dev pages (reused if present)."""
    target = int(megabytes * 1e6)
    path = workdir / f"pages-{target // 1_000_000}MB.jsonl"
    if path.exists() and abs(path.stat().st_size - target) < 2_000_000:
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    tmp = path.with_suffix(".tmp")
    written = 0
    i = 0
    with open(tmp, "wb") as fh:
        while written < target:
            lines = texts[i % len(texts)].split("\n")
            if len(lines) > 3:
                del lines[rng.randrange(len(lines))]
            lines.append(f"This copy is number {i} of the generated benchmark corpus.")
            row = {"id": i, "url": f"https://example.org/{i}", "text": "\n".join(lines)}
            data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(data)
            written += len(data)
            i += 1
    tmp.replace(path)
    return path


@dataclass
class RunStats:
    seconds: float
    peak_one: int  # bytes, largest RSS of one process of the tree
    peak_tree: int  # bytes, largest sum of RSS over the tree
    maxrss_children: int  # bytes, ru_maxrss of waited-for children (largest one)
    returncode: int


def _tree_rss(pid: int) -> tuple[int, int]:
    """(largest RSS of one process, sum of RSS) over ``pid`` and its descendants."""
    pids = [pid]
    out: list[int] = []
    seen = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                out.append(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
            with open(f"/proc/{p}/task/{p}/children") as fh:
                pids.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return (max(out) if out else 0, sum(out))


def run_cleaner(path: Path, jobs: int) -> RunStats:
    """``cleaner clean --jsonl -jN path > /dev/null``, timed and sampled."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cmd = [
        sys.executable,
        "-m",
        "cleaner",
        "clean",
        "--jsonl",
        "--no-config",
        f"-j{jobs}",
        str(path),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            one, tree = _tree_rss(proc.pid)
            peak[0] = max(peak[0], one)
            peak[1] = max(peak[1], tree)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return RunStats(seconds, peak[0], peak[1], max(before, after) * 1024, proc.returncode)


# -- section: scaling ------------------------------------------------------------------


def bench_scaling(ctx: Context) -> None:
    """-j1 vs -j2 on the same generated JSONL."""
    path = generate_jsonl(ctx.texts, ctx.args.scaling_mb, ctx.args.workdir)
    size = path.stat().st_size / 1e6
    times = {}
    for jobs in (1, 2):
        r = run_cleaner(path, jobs)
        times[jobs] = r.seconds
        ctx.add(
            "scaling",
            f"cleaner clean --jsonl -j{jobs} ({size:.0f} MB)",
            seconds=f"{r.seconds:.1f}",
            MB_s=f"{size / r.seconds:.2f}",
            exit=str(r.returncode),
        )
    ctx.add("scaling", "speed-up -j2 / -j1", ratio=f"{times[1] / times[2]:.2f}x")


# -- section: memory ---------------------------------------------------------------------


def bench_memory(ctx: Context) -> None:
    """Peak RSS while streaming a large JSONL."""
    path = generate_jsonl(ctx.texts, ctx.args.memory_mb, ctx.args.workdir)
    size = path.stat().st_size / 1e6
    for jobs in ctx.args.memory_jobs:
        r = run_cleaner(path, jobs)
        ctx.add(
            "memory",
            f"cleaner clean --jsonl -j{jobs} ({size:.0f} MB)",
            peak_rss_one_MB=f"{r.peak_one / 1e6:.0f}",
            peak_rss_tree_MB=f"{r.peak_tree / 1e6:.0f}",
            ru_maxrss_MB=f"{r.maxrss_children / 1e6:.0f}",
            seconds=f"{r.seconds:.0f}",
        )


# -- section: html -------------------------------------------------------------------------
#
# HTML mode against trafilatura.extract lives in benchmarks/speed_html.py (owned by the HTML
# mode); its bench_html(ctx) uses ctx.args.data, ctx.args.repeat and ctx.add("html", ...).
# Another section plugs in the same way: a function of the Context, one entry in SECTIONS.


def bench_html(ctx: Context) -> None:
    """HTML mode vs trafilatura.extract (benchmarks/speed_html.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from speed_html import bench_html as run_html

    run_html(ctx)


SECTIONS: dict[str, Callable[[Context], None]] = {
    "text": bench_text,
    "scaling": bench_scaling,
    "memory": bench_memory,
    "html": bench_html,
}


def print_table(rows: list[Row]) -> None:
    print()
    print("| section | what | figures |")
    print("|---|---|---|")
    for r in rows:
        figures = ", ".join(f"{k} {v}" for k, v in r.figures.items())
        print(f"| {r.section} | {r.what} | {figures} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: 20 MB scaling, 50 MB memory"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="aeb-dev tasks.jsonl")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed rounds of the text section (best kept)"
    )
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB, help="wcxb-dev tasks.jsonl")
    parser.add_argument(
        "--text-sample", type=int, default=300, help="wcxb-dev pages in the text section"
    )
    parser.add_argument("--scaling-mb", type=float, default=200.0)
    parser.add_argument("--memory-mb", type=float, default=1000.0)
    parser.add_argument("--memory-jobs", default="1,2", help="job counts for the memory section")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cleaner-bench",
        help="where generated JSONL files are kept",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.scaling_mb = min(args.scaling_mb, 20.0)
        args.memory_mb = min(args.memory_mb, 50.0)
        args.repeat = min(args.repeat, 2)
    args.memory_jobs = [int(j) for j in str(args.memory_jobs).split(",") if j]
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    ctx = Context(args, load_texts(args.data))
    print(
        f"cleaner speed benchmark: {len(ctx.texts)} pages, {mb(ctx.texts):.2f} MB, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    for name in chosen:
        SECTIONS[name](ctx)
    print_table(ctx.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
