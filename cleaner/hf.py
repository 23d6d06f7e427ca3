"""Hugging Face datasets: clean a column with ``Dataset.map(batched=True, num_proc=N)``.

Needs the ``hf`` extra: ``pip install '.[hf]'`` in a clone of cleaner (``datasets``). Every row
gets exactly what ``cleaner.clean`` gives for its text; a null stays null::

    from datasets import load_dataset
    import cleaner.hf

    ds = load_dataset("json", data_files="crawl.jsonl", split="train")
    ds = ds.map(cleaner.hf.map_fn(column="text"), batched=True, num_proc=4)

``meta="summary"`` (or ``"full"``) adds a struct column (``cleaner``) with what
was learned (see ``cleaner.summary``). Arrow needs one type per column, and a
batch whose titles are all null would give the column the null type, which
the next batch cannot be cast to: pass ``features=fn.features(ds)``, the
input's features plus the typed new columns::

    fn = cleaner.hf.map_fn(column="text", meta="summary")
    ds = ds.map(fn, batched=True, num_proc=4, features=fn.features(ds))

The function is a picklable object (``MapFn``): ``num_proc`` workers get it
with its configuration, checked once when ``map_fn`` is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import errors
from .config import Config, from_mapping
from .profile import SiteConfigs
from .summary import meta_mode, metadata

try:
    import datasets
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        errors.NEEDS_EXTRA.format(module="cleaner.hf", package="datasets", extra="hf")
    ) from exc


def _string() -> datasets.Value:
    return datasets.Value("string")


def meta_features(mode: str) -> datasets.Features:
    """The type of the ``meta`` column for ``mode`` (``"summary"`` or ``"full"``).

    >>> sorted(meta_features("summary"))[:3]
    ['author', 'date', 'kept_words']
    """
    common = {
        "title": _string(),
        "date": _string(),
        "author": _string(),
        "page_type": _string(),
        "page_type_confidence": datasets.Value("float64"),
        "warning": _string(),
    }
    if meta_mode(mode) == "full":
        removed = {
            "line": datasets.Value("int64"),
            "text": _string(),
            "code": _string(),
            "name": _string(),
            "reason": _string(),
        }
        overruled = {**removed, "kept_by": _string(), "why": _string()}
        return datasets.Features({**common, "removed": [removed], "overruled": [overruled]})
    count = datasets.Value("int64")
    by_code = {"code": _string(), "lines": count, "words": count}
    return datasets.Features(
        {
            **common,
            "kept_words": count,
            "removed_lines": count,
            "removed_words": count,
            "removed_by_code": [by_code],
        }
    )


class MapFn:
    """The function ``map_fn`` returns: a batch (``{column: [values]}``) in,
    ``{output_column: [cleaned texts]}`` (and the meta column) out. Also takes
    one example (``batched=False``)."""

    def __init__(
        self,
        column: str,
        output_column: str,
        meta: str | None,
        meta_column: str,
        site_column: str | None,
        config: Config,
    ) -> None:
        self.column = column
        self.output_column = output_column
        self.meta = meta
        self.meta_column = meta_column
        self.site_column = site_column
        self.config = config
        self._configs = SiteConfigs(config, site_column)

    def __repr__(self) -> str:
        return f"cleaner.hf.map_fn(column={self.column!r}, meta={self.meta!r})"

    def _config_for(self, value: Any, row: int, site: Any) -> Config:
        """The configuration of one row's text (checked to be text)."""
        if not isinstance(value, str):
            kind = type(value).__name__
            raise errors.InputError(
                errors.COLUMN_NOT_TEXT.format(column=self.column, kind=kind, row=row)
            )
        return self._configs({self.site_column: site}) if self.site_column else self.config

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        for name in (self.column, self.site_column):
            if name is not None and name not in batch:
                columns = ", ".join(map(repr, batch)) or "none"
                raise errors.InputError(errors.NO_COLUMN.format(column=name, columns=columns))
        values = batch[self.column]
        single = values is None or isinstance(values, str)
        if single:  # batched=False: one example
            values = [values]
        sites = batch[self.site_column] if self.site_column else None
        if single or sites is None:
            sites = [sites] if single else [None] * len(values)
        from .api import analyze_pairs

        places: list[int] = []
        pairs: list[tuple[str, Config]] = []
        for row, (value, site) in enumerate(zip(values, sites, strict=True)):
            if value is not None:
                places.append(row)
                pairs.append((value, self._config_for(value, row, site)))
        texts: list[str | None] = [None] * len(values)
        metas: list[dict[str, Any] | None] = [None] * len(values)
        for row, result in zip(places, analyze_pairs(pairs), strict=True):  # one batch
            if isinstance(result, Exception):
                raise result
            texts[row] = result.text
            metas[row] = metadata(result, self.meta) if self.meta else None
        out: dict[str, Any] = {self.output_column: texts[0] if single else texts}
        if self.meta:
            out[self.meta_column] = metas[0] if single else metas
        return out

    def features(self, source: Any) -> datasets.Features:
        """The features of the mapped dataset: those of ``source`` (a ``Dataset``
        or its ``Features``) with the cleaned and meta columns typed. Pass them
        as ``Dataset.map(..., features=...)``."""
        given = getattr(source, "features", source)
        out = datasets.Features(dict(given or {}))
        out[self.output_column] = _string()
        if self.meta:
            out[self.meta_column] = meta_features(self.meta)
        return out


def map_fn(
    column: str = "text",
    *,
    output_column: str | None = None,
    meta: str | bool | None = None,
    meta_column: str = "cleaner",
    site_column: str | None = None,
    config: Config | None = None,
    **options: Any,
) -> MapFn:
    """A function for ``Dataset.map(fn, batched=True, num_proc=N)`` that cleans ``column``.

    ``output_column`` (default: ``column`` itself) gets the cleaned text.
    ``meta`` (``"summary"``, ``"full"`` / ``True``, or ``None``) adds
    ``meta_column``; pass ``features=fn.features(ds)`` to ``map`` then.
    ``site_column`` names the column with each row's URL or host, for a
    boilerplate profile (``profile=...``). ``options`` are ``Config`` fields,
    checked now.

    >>> fn = map_fn(ignore=["CL204"])
    >>> fn({"text": ["Back to top button\\n\\nIt rained in Paris all day.", None]})
    {'text': ['It rained in Paris all day.\\n', None]}
    """
    base = config or Config()
    cfg = from_mapping(options, base=base) if options else base
    return MapFn(column, output_column or column, meta_mode(meta), meta_column, site_column, cfg)
