"""Apache Spark: clean a column of a DataFrame with a pandas (Arrow) UDF.

Needs the ``spark`` extra: ``pip install '.[spark]'`` in a clone of cleaner (pyspark, pandas,
pyarrow). Every row gets exactly what ``cleaner.clean`` (or, with
``meta=True``, ``cleaner.analyze``) gives for its text; a null stays null.

::

    from pyspark.sql import SparkSession
    from cleaner.spark import clean_column

    spark = SparkSession.builder.getOrCreate()
    df = spark.read.json("pages.jsonl")
    df = clean_column(df, "text", "text_clean", ignore=["CL204"])
    df.write.parquet("clean/")

The configuration is pickled into the UDF, so the executors need ``cleaner``
installed, nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import Config, from_mapping

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import Column, DataFrame

#: The type of the column ``clean_column(..., meta=True)`` adds.
META_TYPE = (
    "struct<text:string,title:string,date:string,author:string,"
    "removed:array<struct<line:int,text:string,code:string,name:string,reason:string>>>"
)


def _config(config: Config | None, options: dict[str, Any]) -> Config:
    config = config or Config()
    return from_mapping(options, base=config) if options else config


def _analyzed(texts: Any, config: Config) -> list[Any]:
    """``analyze`` of each text of a pandas Series in one batch (``None`` for
    a null); the first text that fails raises, as ``analyze`` would."""
    from .api import analyze_each

    values = list(texts)
    places = [i for i, t in enumerate(values) if isinstance(t, str)]
    out: list[Any] = [None] * len(values)
    for i, result in zip(places, analyze_each([values[i] for i in places], config), strict=True):
        if isinstance(result, Exception):
            raise result
        out[i] = result
    return out


def _clean_series(texts: Any, config: Config) -> Any:
    """Clean a pandas Series of texts (a null stays null)."""
    import pandas as pd

    bodies = [None if r is None else r.text for r in _analyzed(texts, config)]
    return pd.Series(bodies, index=texts.index, dtype=object)


def _meta_frame(texts: Any, config: Config) -> Any:
    """A pandas DataFrame with the ``META_TYPE`` columns for a Series of texts."""
    import pandas as pd

    rows = []
    for r in _analyzed(texts, config):
        if r is None:  # null (None or NaN, depending on pandas)
            rows.append(
                {"text": None, "title": None, "date": None, "author": None, "removed": None}
            )
            continue
        rows.append({"text": r.text, **r.to_meta()})
    return pd.DataFrame(rows, columns=["text", "title", "date", "author", "removed"])


def clean_udf(*, meta: bool = False, config: Config | None = None, **options: Any) -> Any:
    """A pandas UDF: a string column in, the cleaned text (or a ``META_TYPE``
    struct when ``meta``) out. ``options`` are ``Config`` fields."""
    from pyspark.sql.functions import pandas_udf

    cfg = _config(config, options)
    if meta:

        @pandas_udf(META_TYPE)  # type: ignore[call-overload]
        def analyze_text(texts):  # type: ignore[no-untyped-def]
            return _meta_frame(texts, cfg)

        return analyze_text

    @pandas_udf("string")  # type: ignore[call-overload]
    def clean_text(texts):  # type: ignore[no-untyped-def]
        return _clean_series(texts, cfg)

    return clean_text


def clean_column(
    df: DataFrame,
    input_col: str = "text",
    output_col: str = "text_clean",
    *,
    meta: bool = False,
    config: Config | None = None,
    **options: Any,
) -> DataFrame:
    """``df`` with ``output_col`` added: the cleaned ``input_col``.

    With ``meta=True`` the new column is a struct (``META_TYPE``): ``text``,
    ``title``, ``date``, ``author`` and ``removed`` (line, text, code, name,
    reason of every removed line). ``options`` are ``Config`` fields and
    override ``config``; they are checked here, before any job runs.
    """
    udf = clean_udf(meta=meta, config=config, **options)
    column: Column = udf(df[input_col])
    return df.withColumn(output_col, column)
