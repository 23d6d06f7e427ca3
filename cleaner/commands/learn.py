"""``cleaner learn``: learn each site's boilerplate lines from a corpus.

Plain text files are one document each, all in the corpus-wide entry ``*``;
with ``--jsonl`` each row is a document, and ``--site-field`` names the field
holding its URL (or host), so every site gets its own entry. The profile is
written atomically to ``-o FILE``; ``cleaner clean --profile FILE`` then
removes the learned lines (CL701). Thresholds: see ``cleaner/profile.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from .. import errors, fileio, jsonl, limits
from .. import profile as profile_mod
from ..config import Config
from ..progress import Progress
from ._common import add_config_arguments, add_progress_argument, config_from_args, field_name
from .clean import inputs, read_document

NAME = "learn"
HELP = "learn each site's boilerplate lines from a corpus and write a profile"
ORDER = 30

#: How many sites the summary lists by name.
SHOW_SITES = 20
CANNOT_WRITE_PROFILE = "cannot write profile {path}: {error}"
NO_SITE_BIG_ENOUGH = (
    "  no site has --min-docs {min_docs} documents (the largest has {biggest}): "
    "nothing could be learned; lower --min-docs or learn from more documents"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="INPUT",
        help="text files or folders or, with --jsonl, JSON Lines files",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="where to write the profile (JSON)"
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="inputs are JSON Lines, one row a document"
    )
    parser.add_argument(
        "--field",
        type=field_name,
        default="text",
        help="with --jsonl: the field holding the text (default: text)",
    )
    parser.add_argument(
        "--site-field",
        type=field_name,
        metavar="FIELD",
        help="with --jsonl: the field holding each row's URL or host (default: one corpus, '*')",
    )
    parser.add_argument(
        "--min-docs",
        type=int,
        default=profile_mod.MIN_DOCS_DEFAULT,
        metavar="K",
        help="keep lines seen in at least K documents of their site (default: %(default)s)",
    )
    parser.add_argument(
        "--min-fraction",
        type=float,
        default=profile_mod.MIN_FRACTION_DEFAULT,
        metavar="F",
        help="... and in at least this share of the site's documents (default: %(default)s); "
        "lines of more than 12 words need more",
    )
    parser.add_argument(
        "--sketch-width",
        type=int,
        default=profile_mod.SKETCH_WIDTH_DEFAULT,
        metavar="N",
        help="counters per row of the count-min sketch (memory: N x depth x 4 bytes)",
    )
    parser.add_argument(
        "--sketch-depth",
        type=int,
        default=profile_mod.SKETCH_DEPTH_DEFAULT,
        metavar="N",
        help="rows of the count-min sketch (default: %(default)s)",
    )
    add_progress_argument(parser)
    add_config_arguments(parser)


# -- learning ----------------------------------------------------------------


class _Rows:
    """The documents of JSON Lines inputs; counts and reports bad rows (not
    UTF-8, not JSON, nested too deeply, no such field, past ``cleaner.limits``)."""

    def __init__(self, args: argparse.Namespace, bar: Progress):
        self.args = args
        self.bar = bar
        self.failed = 0

    def _bad(self, path: str, error: str) -> None:
        self.failed += 1
        self.bar.write(f"cleaner: {fileio.display(path)}: {error}")

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        args = self.args
        paths = args.paths or ["-"]
        jsonl.check_paths(paths)
        rows = done = 0
        for path, stream in jsonl.open_sources(paths):
            for batch in jsonl.read_batches(stream, path):
                done += batch.too_long or len(batch.data)
                for line, row in jsonl.rows_of(batch, args.field):
                    rows += 1
                    if isinstance(row, jsonl.BadRow):
                        self._bad(path, row.error)
                        continue
                    text = row[args.field]
                    if text is None:
                        continue  # no text (null): not a document
                    try:
                        limits.check_text(text, f"line {line}")
                    except errors.InputError as exc:
                        self._bad(path, str(exc))
                        continue
                    site = row.get(args.site_field) if args.site_field else None
                    yield (site if isinstance(site, str) else None), text
                self.bar.update(rows, self.failed, done)


class _Texts:
    """The documents of plain text inputs (files, folders, ``-``); a file that
    cannot be read is reported and left out."""

    def __init__(self, args: argparse.Namespace, config: Config, bar: Progress | None = None):
        self.args = args
        self.config = config.with_options(html=False)
        self.failed = 0
        self.found = inputs(args, self.config)
        self.bar = bar or Progress(False, None)

    def __iter__(self) -> Iterator[str]:
        for name, path in self.found:
            got = read_document(name, path, self.config)
            if isinstance(got, errors.InputError):
                self.failed += 1
                self.bar.write(f"cleaner: error: {got}")
                self.bar.step(failed=1)
                continue
            yield got.text
            self.bar.step()


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    fileio.check_output(args.output)
    if fileio.is_regular_or_new(args.output):
        for path in args.paths:
            if path != "-" and os.path.exists(path) and fileio.same_file(args.output, path):
                # the corpus would be replaced by its own profile
                raise errors.OutputError(
                    errors.OUTPUT_IS_INPUT.format(option="-o", path=args.output)
                )
    if args.jsonl:
        bar = Progress(args.progress, jsonl.input_size(args.paths or ["-"]), desc="learn")
        docs: _Rows | _Texts = _Rows(args, bar)
    else:
        docs = _Texts(args, config)
        bar = docs.bar = Progress(args.progress, len(docs.found), desc="learn", unit="file")
    try:
        profile = profile_mod.learn(
            docs,
            min_docs=args.min_docs,
            min_fraction=args.min_fraction,
            config=config,
            sketch_width=args.sketch_width,
            sketch_depth=args.sketch_depth,
        )
    finally:
        bar.close()
    try:
        profile.save(args.output)
    except errors.OutputError:
        raise
    except OSError as exc:
        print(
            f"cleaner: error: {CANNOT_WRITE_PROFILE.format(path=args.output, error=exc)}",
            file=sys.stderr,
        )
        return 2
    out = sys.stdout
    summary = profile.summary
    dup = summary.get("duplicate_documents", 0)
    out.write(
        f"learned {profile.line_count} line(s) for {len(profile.sites)} of "
        f"{summary.get('sites', 0)} site(s) from {summary.get('documents', 0)} document(s)"
        + (f" ({dup} duplicate(s) counted once)" if dup else "")
        + f" -> {args.output}\n"
    )
    biggest = summary.get("largest_site", 0)
    if summary.get("sites", 0) and biggest < args.min_docs:
        out.write(NO_SITE_BIG_ENOUGH.format(biggest=biggest, min_docs=args.min_docs) + "\n")
    for i, entry in enumerate(profile_mod.iter_sites(profile)):
        if i == SHOW_SITES:
            out.write(f"  ... and {len(profile.sites) - SHOW_SITES} more site(s)\n")
            break
        out.write(f"  {entry.site}: {len(entry.lines)} line(s), {entry.documents} document(s)\n")
    if isinstance(docs, _Texts) and docs.failed:
        return 2
    if docs.failed:
        print(f"cleaner: {docs.failed} row(s) failed", file=sys.stderr)
        return 1
    return 0
