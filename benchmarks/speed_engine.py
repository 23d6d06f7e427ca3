"""Speed of the engine's text pipeline (#24) against datatrove and the Python.

Times, on one core and in the same run, over the same texts:

* ``engine``: ``cleaner._engine._diff_pipeline`` (the whole text pipeline in
  Rust: normalization, the page type, every pass, the decision, the rounds),
  default configuration, all texts in one call;
* ``python``: ``cleaner.pipeline.run_python`` (the Python passes), text by text;
* ``api``: ``cleaner.clean_many`` (the library's batch entry: the engine and
  the Python around it);
* ``jsonl -j1``: ``cleaner clean --jsonl -j 1 --no-html`` on the texts repeated to
  ``--jsonl-mb`` MB, CPU seconds of the process less its start-up (the same
  command on a file of one text);
* ``c4``: datatrove's ``C4QualityFilter`` (``min_num_sentences=-1,
  filter_curly_bracket=False, filter_lorem_ipsum=False``, as
  ``benchmarks/speed.py``) on ``Document`` objects of the same texts;

on every aeb-dev ``page_text`` and on the ``page_text`` of ``--sample``
wcxb-dev pages (``speed.load_sample``: the pages ``speed.py`` times). Prints
MB/s (UTF-8 bytes of the input) and the ratios. Each figure is the best of
``--repeat`` rounds. The engine's answers are not checked here:
``benchmarks/native_diff_pipeline.py`` holds them to the Python's.

    python benchmarks/speed_engine.py
    python benchmarks/speed_engine.py --repeat 5 --skip-python
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def engine_runner(texts: list[str]) -> Callable[[], object]:
    import ftfy
    from native_diff_pipeline import engine_options

    from cleaner import _engine

    norm = importlib.import_module("cleaner.normalize")
    kwargs = engine_options({})
    cfg = norm._FTFY_STRAIGHT if kwargs["straighten_quotes"] else norm._FTFY_PLAIN
    screen = _engine.FtfyScreen(*norm.ftfy_tables())

    def fixer(line: str) -> str:
        return ftfy.fix_text(line, cfg)

    return lambda: _engine._diff_pipeline(texts, screen, fixer, **kwargs)


def python_runner(texts: list[str]) -> Callable[[], object]:
    from cleaner.config import Config
    from cleaner.pipeline import run_python

    config = Config(html=False)
    return lambda: [run_python(t, config).text for t in texts]


def api_runner(texts: list[str]) -> Callable[[], object]:
    import cleaner

    return lambda: list(cleaner.clean_many(texts, html=False))


def jsonl_seconds(texts: list[str], megabytes: float, jobs: int = 1) -> tuple[float, float]:
    """CPU seconds of ``cleaner clean --jsonl -j JOBS`` (all its processes) on a
    file of ``texts`` repeated to about ``megabytes`` MB, and the MB of text
    cleaned, each less the same command's on a file of the first text alone
    (start-up: imports, the engine made, its tables read once)."""
    import json
    import resource
    import subprocess
    import tempfile

    copies = max(1, round(megabytes / speed.mb(texts)))
    with tempfile.TemporaryDirectory() as tmp:
        data, one = Path(tmp) / "rows.jsonl", Path(tmp) / "one.jsonl"
        with data.open("w", encoding="utf-8") as f:
            for _ in range(copies):
                for t in texts:
                    f.write(json.dumps({"text": t}) + "\n")
        one.write_text(json.dumps({"text": texts[0]}) + "\n", encoding="utf-8")

        def cpu(path: Path) -> float:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            cmd = [sys.executable, "-m", "cleaner", "clean", "--jsonl", f"-j{jobs}", "--no-html"]
            subprocess.run([*cmd, str(path), "-o", os.devnull], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        cleaned = copies * speed.mb(texts) - speed.mb(texts[:1])
        return cpu(data) - cpu(one), cleaned


def c4_runner(texts: list[str]) -> Callable[[], object]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    filt = C4QualityFilter(
        min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False
    )

    def run() -> None:
        docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
        for d in docs:
            filt.filter(d)

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=300, help="wcxb-dev pages (default 300)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds, best taken (default 3)")
    ap.add_argument("--skip-python", action="store_true", help="do not time cleaner.clean")
    ap.add_argument("--only", choices=("aeb", "wcxb"), help="one page set")
    ap.add_argument(
        "--jsonl-mb",
        type=float,
        default=4.0,
        help="also time `cleaner clean --jsonl -j 1` on the texts repeated to this many MB "
        "(0: skip; default 4)",
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    sets = {
        "aeb-dev": speed.load_texts(speed.DEFAULT_DATA),
        f"wcxb-dev {args.sample}": speed.load_sample(speed.DEFAULT_WCXB, args.sample),
    }
    if args.only:
        sets = {k: v for k, v in sets.items() if k.startswith(args.only)}
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at start")
    for name, texts in sets.items():
        size = speed.mb(texts)
        runners = {
            "engine": engine_runner(texts),
            "c4": c4_runner(texts),
            "api": api_runner(texts),
        }
        if not args.skip_python:
            runners["python"] = python_runner(texts)
        for run in runners.values():
            run()  # warm: imports, models, lazy tables
        secs = {k: best(run, args.repeat) for k, run in runners.items()}
        rate = {k: size / s for k, s in secs.items()}
        print(f"{name}: {len(texts)} texts, {size:.2f} MB")
        for k in runners:
            print(f"  {k:7} {secs[k]:7.2f} s CPU  {rate[k]:6.2f} MB/s")
        print(f"  engine / c4     {rate['engine'] / rate['c4']:.2f}x")
        print(f"  api / engine    {rate['api'] / rate['engine']:.2f}x  (cleaner.clean_many)")
        if args.jsonl_mb > 0:
            seconds, jsonl_mb = jsonl_seconds(texts, args.jsonl_mb)
            jsonl_rate = jsonl_mb / seconds
            print(f"  jsonl -j1 {seconds:7.2f} s CPU  {jsonl_rate:6.2f} MB/s ({jsonl_mb:.1f} MB)")
            print(f"  jsonl -j1 / engine {jsonl_rate / rate['engine']:.2f}x")
        if "python" in rate:
            print(f"  engine / python {rate['engine'] / rate['python']:.2f}x")
            print(f"  python / c4     {rate['python'] / rate['c4']:.2f}x")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at end")


if __name__ == "__main__":
    main()
