"""datatrove: a pipeline step that cleans each document's text.

Needs the ``datatrove`` extra: ``pip install '.[datatrove]'`` in a clone of cleaner.
``CleanerStep`` is a datatrove ``PipelineStep``: put it in a pipeline after a
reader (and before quality filters such as FineWeb's, which then judge the
article body, not the site furniture around it)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.datatrove import CleanerStep

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader("crawl/"),
            CleanerStep(exclusion_writer=JsonlWriter("crawl-empty/")),
            JsonlWriter("crawl-clean/"),
        ],
        tasks=4,
    ).run()

Each document's ``text`` becomes exactly what ``cleaner.clean`` gives for it,
and ``metadata["cleaner"]`` records what was learned (``meta="summary"``:
title, date, author, page type, words kept and removed, removed lines and
words per pass code; ``meta="full"``: every removed line with its code and
reason, as ``cleaner clean --jsonl --meta`` writes it; ``meta=None``: nothing).

A document left empty is dropped with the reason ``"cleaned_empty"``, and one
the cleaner cannot take (an HTML page trafilatura cannot parse, say) with
``"cleaner_error"``; either goes, with its original text, to the
``exclusion_writer`` when one is given (``metadata["filter_reason"]`` says
why), as datatrove's filters do. Stats per step (``stat_update``):
``removed_lines`` and ``removed_words`` in all and per code
(``removed_lines_CL103``, ``removed_words_CL103``), ``kept_words``, and
datatrove's ``total`` / ``forwarded`` / ``dropped`` / ``dropped_<reason>``.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from . import errors

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        errors.NEEDS_EXTRA.format(
            module="cleaner.datatrove", package="datatrove", extra="datatrove"
        )
    ) from exc

from .config import Config, from_mapping
from .parallel import batched
from .profile import SiteConfigs
from .summary import Summary, meta_mode, metadata, summarize

#: ``filter_reason`` of a document that cleaning left empty.
EMPTY_REASON = "cleaned_empty"
#: ``filter_reason`` of a document the cleaner could not take.
ERROR_REASON = "cleaner_error"


class CleanerStep(PipelineStep):
    """Clean ``doc.text`` of every document; drop the ones left empty.

    Args:
        config: a ``cleaner.Config`` (default: the defaults); ``options``
            (``Config`` fields such as ``ignore=["CL204"]``) override it and
            are checked here, before any task runs.
        meta: what to put in ``doc.metadata[metadata_key]``: ``"summary"``
            (default), ``"full"`` (every removed line) or ``None``.
        metadata_key: the metadata key (default ``"cleaner"``).
        site_key: with a boilerplate profile (``profile=...``), the metadata
            key holding each document's URL or host, so each document gets
            its own site's learned lines (default ``"url"``, as datatrove's
            WARC reader sets it).
        exclusion_writer: a datatrove writer for the dropped documents, kept
            with their original text and ``metadata["filter_reason"]``.
        batch_size: documents handed to the native engine at once (default
            64; the step's time is counted per batch).
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"
    # cleaner's own run-time dependencies: checked where the step is built, as
    # datatrove does for each of its steps.
    _requires_dependencies: ClassVar[list[str]] = ["ftfy", "regex", "trafilatura"]

    def __init__(
        self,
        config: Config | None = None,
        *,
        meta: str | bool | None = "summary",
        metadata_key: str = "cleaner",
        site_key: str | None = "url",
        exclusion_writer: DiskWriter | None = None,
        batch_size: int = 64,
        **options: Any,
    ) -> None:
        super().__init__()
        base = config or Config()
        self.config = from_mapping(options, base=base) if options else base
        self.meta = meta_mode(meta)
        self.metadata_key = metadata_key
        self.exclusion_writer = exclusion_writer
        self._configs = SiteConfigs(self.config, site_key)
        self._warned = False
        self.batch_size = max(1, batch_size)

    def clean(self, doc: Document) -> tuple[Any, Summary]:
        """The ``cleaner.Result`` for ``doc`` and its counts; ``doc`` is left as it is."""
        from .api import analyze

        result = analyze(doc.text, config=self._configs(doc.metadata))
        return result, summarize(result)

    def _count(self, summary: Summary) -> None:
        self.stat_update("kept_words", value=summary.kept_words)
        self.stat_update("removed_lines", value=summary.removed_lines)
        self.stat_update("removed_words", value=summary.removed_words)
        for c in summary.by_code:
            self.stat_update(f"removed_lines_{c.code}", value=c.lines)
            self.stat_update(f"removed_words_{c.code}", value=c.words)

    def _drop(self, doc: Document, reason: str, writer: Any, rank: int) -> None:
        self.stat_update(StatHints.dropped)
        self.stat_update(f"dropped_{reason}")
        if writer is not None:
            doc.metadata["filter_reason"] = reason
            writer.write(doc, rank)

    def _cleaned(self, docs: list[Document]) -> list[tuple[Any, Summary] | Exception]:
        """``clean`` of each of ``docs``, in one batch (``api.analyze_pairs``);
        a document that fails gets its exception in its place."""
        from .api import analyze_pairs

        pairs: list[tuple[Any, Config]] = []
        out: list[tuple[Any, Summary] | Exception | None] = [None] * len(docs)
        places: list[int] = []
        for i, doc in enumerate(docs):
            try:
                pairs.append((doc.text, self._configs(doc.metadata)))
            except Exception as exc:
                out[i] = exc
            else:
                places.append(i)
        for i, result in zip(places, analyze_pairs(pairs), strict=True):
            out[i] = result if isinstance(result, Exception) else (result, summarize(result))
        return out  # type: ignore[return-value]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for docs in batched(data, self.batch_size):
                with self.track_time("batch"):
                    answers = self._cleaned(docs)
                for doc, answer in zip(docs, answers, strict=True):
                    self.stat_update(StatHints.total)
                    if isinstance(answer, Exception):
                        message = errors.DOC_FAILED.format(doc_id=doc.id, error=answer)
                        if not self._warned:
                            logger.warning(f"{message} (dropped; this message appears once)")
                            self._warned = True
                        doc.metadata[f"{self.metadata_key}_error"] = message
                        self._drop(doc, ERROR_REASON, writer, rank)
                        continue
                    result, summary = answer
                    self._count(summary)
                    if self.meta is not None:
                        doc.metadata[self.metadata_key] = metadata(result, self.meta, summary)
                    if not result.text:
                        self._drop(doc, EMPTY_REASON, writer, rank)  # original text kept
                        continue
                    doc.text = result.text
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
