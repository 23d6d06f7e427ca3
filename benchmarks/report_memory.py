"""Peak memory and time of ``cleaner report`` on large generated JSON Lines.

Usage::

    python benchmarks/report_memory.py                       # 50, 200 and 1000 MB at -j2
    python benchmarks/report_memory.py --sizes 20 --jobs 1   # quick
    python benchmarks/report_memory.py --sizes 50,200,1000 --jobs 1,2 --workdir /tmp/cleaner-bench

For each size the input is generated once in ``--workdir`` (default
``/tmp/cleaner-bench``; never in the repository) from the aeb-dev pages, each
copy varied (a line dropped, a numbered closing line added) and given one of
``--sites`` hosts (default 100,000, more than ``cleaner.report.MAX_SITES``,
so the bounded site counting is exercised). Then ``cleaner report INPUT
--site-field url -o REPORT -jN`` runs while ``/proc`` is sampled every 50 ms:
the largest RSS of one process and of the whole process tree (parent and
workers), the largest PSS of the tree (shared pages counted once), and
``ru_maxrss`` of the children. Flat memory shows as the same
peak at every size. Results: ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from speed import DEFAULT_DATA, _tree_rss, load_texts


def _tree_pss(pid: int) -> int:
    """Sum of PSS over ``pid`` and its descendants: pages shared by the forked
    workers (the interpreter, cleaner's imports) count once, split among them."""
    total, pids, seen = 0, [pid], set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            with open(f"/proc/{p}/task/{p}/children") as fh:
                pids.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def generate(texts: list[str], megabytes: int, sites: int, workdir: Path) -> Path:
    """About ``megabytes`` MB of varied pages over ``sites`` hosts (reused if present)."""
    path = workdir / f"report-{megabytes}MB-{sites}sites.jsonl"
    if path.exists():
        return path
    workdir.mkdir(parents=True, exist_ok=True)
    target = megabytes * 1_000_000
    rng = random.Random(16)
    tmp = path.with_suffix(".tmp")
    written = i = 0
    with open(tmp, "wb") as fh:
        while written < target:
            lines = texts[i % len(texts)].split("\n")
            if len(lines) > 3:
                del lines[rng.randrange(len(lines))]
            lines.append(f"This copy is number {i} of the generated benchmark corpus.")
            url = f"https://www.site{rng.randrange(sites)}.example/{i}"
            row = {"id": i, "url": url, "text": "\n".join(lines)}
            data = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(data)
            written += len(data)
            i += 1
    tmp.replace(path)
    return path


def run_report(path: Path, jobs: int, out: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cmd = [sys.executable, "-m", "cleaner", "report", "--no-config", "--site-field", "url"]
    cmd += [f"-j{jobs}", "-o", str(out), str(path)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            one, tree = _tree_rss(proc.pid)
            peak[0] = max(peak[0], one)
            peak[1] = max(peak[1], tree)
            peak[2] = max(peak[2], _tree_pss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds,
        "peak_one_MB": peak[0] / 1e6,
        "peak_tree_MB": peak[1] / 1e6,
        "peak_pss_MB": peak[2] / 1e6,
        "ru_maxrss_MB": max(before, after) * 1024 / 1e6,
        "report_MB": out.stat().st_size / 1e6 if out.exists() else 0.0,
        "exit": proc.returncode,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="aeb-dev tasks.jsonl")
    parser.add_argument("--sizes", default="50,200,1000", help="input sizes in MB, comma-separated")
    parser.add_argument("--jobs", default="2", help="worker counts, comma-separated")
    parser.add_argument("--sites", type=int, default=100_000, help="distinct hosts in the input")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cleaner-bench"))
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no benchmark data at {args.data} (the aeb-dev pages in ../shared)", file=sys.stderr)
        return 2
    texts = load_texts(args.data)
    print(
        "| input | jobs | seconds | MB/s | peak RSS, one process | peak RSS, tree "
        "| peak PSS, tree | ru_maxrss | report |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        path = generate(texts, size, args.sites, args.workdir)
        mb = path.stat().st_size / 1e6
        for jobs in (int(j) for j in args.jobs.split(",")):
            r = run_report(path, jobs, args.workdir / f"report-{size}MB-j{jobs}.html")
            print(
                f"| {mb:.0f} MB | {jobs} | {r['seconds']:.0f} | {mb / r['seconds']:.2f} | "
                f"{r['peak_one_MB']:.0f} MB | {r['peak_tree_MB']:.0f} MB | "
                f"{r['peak_pss_MB']:.0f} MB | "
                f"{r['ru_maxrss_MB']:.0f} MB | {r['report_MB']:.1f} MB |",
                flush=True,
            )
            if r["exit"] != 0:
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
