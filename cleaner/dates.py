"""Find dates in short lines, in the common formats of seven languages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
    ),
    2: (
        "february",
        "feb",
        "februar",
        "février",
        "fév",
        "fevrier",
        "févr",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
    ),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro"),
    10: (
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
    ),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: (
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ),
}
MONTH_NUMBER = {name: n for n, names in _MONTHS.items() for name in names}
_MONTH = "(?:" + "|".join(sorted(map(regex.escape, MONTH_NUMBER), key=len, reverse=True)) + ")"
_ORD = r"(?:st|nd|rd|th|er|º|°|\.)?"
_JOIN = r"(?:\s*,?\s*(?:de|del|di|of)\s+|[\s,.]+)"

_PATTERNS = [
    # 2024-01-13, 2024-01-13T09:30:00Z, 2024/01/13
    ("ymd", regex.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    # 13 January 2024, 1, March, 2024, 13. Januar 2024, 13 de enero de 2024
    (
        "dMy",
        regex.compile(
            rf"(?<![\w])(\d{{1,2}}){_ORD}{_JOIN}({_MONTH})\.?{_JOIN}(\d{{4}})(?!\d)",
            regex.IGNORECASE,
        ),
    ),
    # January 13, 2024; Jan. 13 2024
    (
        "Mdy",
        regex.compile(
            rf"(?<![\w])({_MONTH})\.?\s+(\d{{1,2}}){_ORD},?\s+(\d{{4}})(?!\d)", regex.IGNORECASE
        ),
    ),
    # 13/01/2024, 13.01.2024 (day first unless that is impossible)
    ("dmy", regex.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")),
]

#: Every pattern above contains ``\d{4}``: a line without four digits in a row
#: holds no date, and the four searches are skipped.
_YEAR_RE = regex.compile(r"\d{4}")

WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi "
    "mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado "
    "domingo lunedì martedì mercoledì giovedì venerdì sabato domenica segunda terça quarta "
    "quinta sexta maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str
    start: int
    end: int


def _make(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The first full date (day, month, year) in ``text``, as ISO 8601.

    >>> find_date("1, March, 2024").iso
    '2024-03-01'
    >>> find_date(" date 2024-01-13 South China Morning Post").iso
    '2024-01-13'
    >>> find_date("Updated: Jan. 5, 2024 10:30 AM IST").iso
    '2024-01-05'
    >>> find_date("13 de enero de 2024").iso
    '2024-01-13'
    >>> find_date("Veröffentlicht am 3. März 2023").iso
    '2023-03-03'
    >>> find_date("Room 101 is on floor 3")
    """
    if not _YEAR_RE.search(text):  # every pattern holds a four-digit year
        return None
    best: FoundDate | None = None
    for kind, pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        if kind == "ymd":
            iso = _make(int(a), int(b), int(c))
        elif kind == "dMy":
            iso = _make(int(c), MONTH_NUMBER[b.casefold()], int(a))
        elif kind == "Mdy":
            iso = _make(int(c), MONTH_NUMBER[a.casefold()], int(b))
        else:
            day, month = int(a), int(b)
            iso = _make(int(c), month, day) or _make(int(c), day, month)
        if iso and (best is None or m.start() < best.start):
            best = FoundDate(iso, m.start(), m.end())
    return best
