"""Learning a site's boilerplate from the corpus (cleaner learn, CL701).

The corpora here are invented: two small news sites with their own furniture,
a quote two articles share, and prose that repeats without being furniture.
"""

from __future__ import annotations

import json
import os
import pickle
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner import profile as profile_mod
from cleaner.cli import main
from cleaner.config import Config
from cleaner.config import load as load_config
from cleaner.errors import ConfigError
from cleaner.profile import (
    CountMinSketch,
    Profile,
    fold_line,
    learn,
    line_hash,
    required_docs,
    site_key,
)

from .conftest import SEEDS

ONLY_CL7 = ("CL7",)

# -- an invented corpus ------------------------------------------------------

SITE_A = "harbourgazette.example"
SITE_B = "valleytimes.example"
TOWNS = [
    "Harbour City", "Millbrook", "Eastwick", "Stonehaven", "Larkspur",
    "Fairhollow", "Brindle Bay", "Ashcombe", "Kettering Vale", "Oldmere",
]  # fmt: skip
SUBJECTS = [
    "a floating solar farm", "the new ferry timetable", "a library extension",
    "the harbour wall repairs", "a cycle lane on the high street", "the winter night market",
    "school bus routes", "a community orchard", "the old cannery site", "flood barriers",
]  # fmt: skip

HEADER_A = "Harbour Gazette"
RADIO_A = "Listen to Gazette Radio on the harbour wave"
WEEKEND_A = "Weekend edition"
QUOTE = "“We will not let the harbour become a car park,” the mayor told reporters."
LONG_PROSE = (
    "Residents who spoke at the meeting said the council had listened more carefully this "
    "time, and several of them promised to keep attending until the work was finished."
)
FOOTER_B = "Valley Times, printed and published in the valley"
COPYRIGHT_A = "© 2024 Harbour Gazette Ltd, Quayside"


def footer_a(i: int) -> str:
    return f"Printed at the Quayside works, edition {1200 + i}"  # a number of its own


def body(i: int) -> list[str]:
    town, subject = TOWNS[i % 10], SUBJECTS[(i * 3) % 10]
    return [
        f"Councillors in {town} argued late into the evening about {subject} and its cost.",
        f"Supporters of {subject} said {town} could not afford to wait another year.",
        f"Critics in {town} asked who would pay to maintain {subject} once it was built.",
    ]


def site_a_doc(i: int) -> str:
    lines = [HEADER_A, *body(i)]
    if i in (0, 1):
        lines.insert(2, QUOTE)  # a quote two articles share: 2 of 10
    if i in (3, 4, 5):
        lines += [WEEKEND_A, LONG_PROSE]  # 3 of 10: the short line goes, the long one stays
    lines.append(RADIO_A)  # 10 of 10
    if i != 9:
        lines.append(footer_a(i))  # 9 of 10, the edition differs
        lines.append(COPYRIGHT_A)  # 9 of 10, the same year
    return "\n\n".join(lines)


def site_b_doc(i: int) -> str:
    lines = body(i + 5)
    if i == 0:
        lines.append(RADIO_A)  # the other site's furniture, once: content here
    lines.append(FOOTER_B)
    return "\n\n".join(lines)


def corpus() -> list[tuple[str, str]]:
    docs = [(f"https://www.{SITE_A}/news/{i}", site_a_doc(i)) for i in range(10)]
    docs += [(f"https://{SITE_B}/story?id={i}", site_b_doc(i)) for i in range(5)]
    return docs


@pytest.fixture(scope="module")
def profile() -> Profile:
    return learn(corpus())


def removed_cl7(text: str, prof: Profile | str, site: str | None) -> list[tuple[str, str]]:
    result = cleaner.analyze(text, profile=prof, site=site, select=ONLY_CL7)
    return [(r.text, r.reason) for r in result.removed]


# -- what is learned ----------------------------------------------------------


def test_learned_lines_per_site(profile):
    a = profile.sites[SITE_A]
    assert a.documents == 10
    learned = {x.text: x.count for x in a.lines.values()}
    assert learned[HEADER_A] == 10
    assert learned[RADIO_A] == 10
    assert learned[WEEKEND_A] == 3
    assert learned[COPYRIGHT_A] == 9
    # a line whose number changes from page to page carries that page's data
    assert not any(t.startswith("Printed at the Quayside works") for t in learned)
    assert QUOTE not in learned and LONG_PROSE not in learned
    assert not any(line in learned for i in range(10) for line in body(i))
    b = profile.sites[SITE_B]
    assert b.documents == 5
    assert {x.text for x in b.lines.values()} == {FOOTER_B}


def test_furniture_removed_and_genuine_repeats_kept(profile):
    for i in range(10):
        text = site_a_doc(i)
        removed = dict(removed_cl7(text, profile, f"http://{SITE_A}/x"))
        out = cleaner.clean(text, profile=profile, site=SITE_A, select=ONLY_CL7)
        assert HEADER_A in removed and RADIO_A in removed
        assert removed[RADIO_A] == f"seen in 10 of 10 documents of {SITE_A}"
        assert (COPYRIGHT_A in removed) == (i != 9)
        assert footer_a(i) not in removed and (i == 9 or footer_a(i) in out)
        assert (WEEKEND_A in removed) == (i in (3, 4, 5))
        for line in body(i):
            assert line in out
        if i in (0, 1):
            assert QUOTE in out
        if i in (3, 4, 5):
            assert LONG_PROSE in out


def test_footer_in_a_new_document_with_a_new_number_goes(profile):
    text = "\n\n".join([*body(4), "© 2025 Harbour Gazette Ltd, Quayside"])
    removed = dict(removed_cl7(text, profile, SITE_A))
    assert removed == {
        "© 2025 Harbour Gazette Ltd, Quayside": f"seen in 9 of 10 documents of {SITE_A}"
    }


def test_sites_are_kept_apart(profile):
    text = site_b_doc(0)
    removed = dict(removed_cl7(text, profile, f"https://{SITE_B}/story?id=0"))
    assert RADIO_A not in removed  # common on site A, not on B
    assert FOOTER_B in removed
    assert RADIO_A in cleaner.clean(text, profile=profile, site=SITE_B, select=ONLY_CL7)
    # and B's footer is not furniture on A
    text_a = "\n\n".join([*body(2), FOOTER_B])
    assert FOOTER_B not in dict(removed_cl7(text_a, profile, SITE_A))


def test_unknown_site_and_no_site_use_the_corpus_entry_only(profile):
    text = site_a_doc(2)
    assert removed_cl7(text, profile, "elsewhere.example") == []
    assert removed_cl7(text, profile, None) == []
    plain = learn(text for _, text in corpus())  # one corpus: "*"
    assert set(plain.sites) == {"*"}
    for site in (None, "elsewhere.example"):
        removed = dict(removed_cl7(text, plain, site))
        assert removed[RADIO_A] == "seen in 11 of 15 documents of the corpus"  # 10 on A, 1 on B


def test_a_line_counts_once_per_document():
    docs = [
        f"Story about {t}.\n\nShare this\nShare this\nShare this" for t in ("rain", "fog", "sun")
    ]
    prof = learn(docs)
    assert [(x.text, x.count) for x in prof.sites["*"].lines.values()] == [("Share this", 3)]
    many = "Fresh story.\n" + "Repeated line\n" * 10
    assert learn([many, "Other story.", "Third story."]).line_count == 0


def test_duplicate_documents_count_once():
    text = "\n\n".join([*body(1), "Print this page"])
    prof = learn([text, text, text, text])
    assert prof.line_count == 0
    assert prof.summary["duplicate_documents"] == 3


def test_short_line_in_few_documents_of_a_big_site_is_kept():
    docs = [
        f"Story {w}.\n\nBreaking" if w in ("a", "b", "c") else f"Story {w}."
        for w in "abcdefghijklmnopqrst"
    ]
    assert learn(docs).line_count == 0  # 3 of 20 < 30 %
    assert learn(docs, min_fraction=0.1).line_count == 1


# -- weak evidence: a site's recurring content is not boilerplate (#23) -------

SHOP = "trailshop.example"
SHOP_NAV = ["Camping", "Climbing", "Cycling", "Running", "Paddling", "Sale", "Member deals"]
KINDS = ["tent", "stove", "lantern", "pack", "quilt", "chair", "stool", "tarp", "kettle", "mat"]
MAKERS = ["Trailhead", "Ridgeline", "Summit", "Lakeside", "Canyon", "Meadow", "Harbor", "Juniper"]


def shop_page(k: int, extra: tuple[str, ...] = ()) -> str:
    """A shop's category page: the menu, eight product tiles of their own, prose."""
    kind = KINDS[k % len(KINDS)]
    tiles = []
    for j, maker in enumerate(MAKERS):
        tiles += [f"{maker} {kind.title()} {j + 2}", f"Sturdy {maker.lower()} {kind} for camp"]
    prose = [
        f"A good {kind} makes a camp comfortable, and the right one depends on where you "
        "go and how far you carry it.",
        f"Our buyers tested every {kind} on this page for a season before we chose to sell it.",
    ]
    return "\n".join([*SHOP_NAV, *tiles, *extra, *prose])


def shop_lines(prof: Profile) -> set[str]:
    entry = prof.sites.get(SHOP)
    return {x.text for x in entry.lines.values()} if entry else set()


def test_a_long_blurb_that_a_few_pages_of_a_small_site_share_is_kept():
    blurb = (
        "Every tool we sell is tested by our repair technicians and backed by a lifetime "
        "guarantee, so you can fix it again and again."
    )
    docs = [(f"https://{SHOP}/p/{k}", shop_page(k, (blurb,))) for k in range(3)]
    learned = shop_lines(learn(docs))
    assert set(SHOP_NAV) <= learned
    assert blurb not in learned  # 24 words on 3 pages: it needs 6 documents
    docs += [(f"https://{SHOP}/p/{k}", shop_page(k, (blurb,))) for k in range(3, 6)]
    assert blurb in shop_lines(learn(docs))  # 6 of 6


def test_a_sentence_on_part_of_a_sites_pages_is_content():
    notice = "Orders placed before noon leave our warehouse the same day."
    docs = [
        (f"https://{SHOP}/p/{k}", shop_page(k, (notice, "Free returns") if k < 6 else ()))
        for k in range(10)
    ]
    learned = shop_lines(learn(docs))
    assert notice not in learned  # a sentence on 6 of 10 pages: content they share
    assert "Free returns" in learned  # a short line on 6 of 10 is furniture
    docs = [(f"https://{SHOP}/p/{k}", shop_page(k, (notice,) if k < 8 else ())) for k in range(10)]
    assert notice in shop_lines(learn(docs))  # on 8 of 10: the template's


def test_lines_whose_numbers_change_or_that_are_mostly_numbers_are_not_learned():
    def page(k: int) -> str:
        data = (
            f"({k * 7 + 3}) {k * 7 + 3} reviews with an average rating of 4.{k} out of 5 stars",
            f"Item number: {880120 + k}",
            f"compared to ${k + 20}9.00",
            "$ 49.00",  # the same on every page, but only a number
            "Gift cards for 2024",  # the same number on every page: the template's
        )
        return shop_page(k, data)

    docs = [(f"https://{SHOP}/p/{k}", page(k)) for k in range(8)]
    learned = shop_lines(learn(docs))
    assert set(SHOP_NAV) <= learned
    assert "Gift cards for 2024" in learned
    assert not any(x.startswith(("(", "Item number", "compared to", "$")) for x in learned)
    out = cleaner.clean(page(3), profile=learn(docs), site=SHOP)
    for line in ("(24) 24 reviews with", "Item number: 880123", "compared to $239.00", "$ 49.00"):
        assert line in out


def test_a_profile_removes_its_own_lines_and_nothing_else():
    """Other passes do not read a learned line's removal as evidence: with the
    profile, the output is the output without it, less the learned lines (at
    order 190 the head passes took the product tiles once the menu was gone)."""
    docs = [(f"https://{SHOP}/c/{k}", shop_page(k)) for k in range(6)]
    prof = learn(docs)
    learned = shop_lines(prof)
    assert learned == set(SHOP_NAV)
    for _, text in docs:
        without = [x for x in cleaner.clean(text).split("\n") if x]
        got = [x for x in cleaner.clean(text, profile=prof, site=SHOP).split("\n") if x]
        assert got == [line for line in without if line not in learned]


@pytest.mark.parametrize(
    ("words", "docs", "need"),
    [
        (3, 10, 3),  # base: max(3, 30 % of 10)
        (12, 10, 3),  # still short
        (25, 10, 7),  # ceil(3 * 25 / 12)
        (32, 30, 24),  # ceil(9 * 32 / 12) = 24, under 80 % of 30
        (40, 30, 24),  # capped at 80 % of the documents
        (40, 10, 10),  # never under its own minimum, ceil(3 * 40 / 12)
        (2, 50, 15),  # 30 % of 50
        (100, 50, 40),
        (30, 3, 8),  # a tiny site: a long line needs its own minimum all the same
        (1, 2, 3),  # fewer documents than min_docs: unreachable
    ],
)
def test_required_docs_rule(words, docs, need):
    assert required_docs(words, docs, 3, 0.3) == need


def test_fold_and_site_keys():
    assert fold_line("  Page 12 of  40 ") == "page 0 of 0"
    assert fold_line("“Quoted”") == fold_line('"quoted"')
    assert line_hash("Back to TOP") == line_hash("back to top")
    assert site_key("HTTPS://WWW.Example.COM/a") == "example.com"
    assert site_key("www.example.com") == "example.com"
    assert site_key("") == site_key(None) == "*"


# -- the sketch ---------------------------------------------------------------


@given(
    st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=300),
    st.integers(min_value=1, max_value=16),
    st.integers(min_value=1, max_value=4),
)
def test_sketch_never_undercounts(keys, width, depth):
    sketch = CountMinSketch(width, depth)
    for key in keys:
        sketch.add(key)
    truth: dict[int, int] = {}
    for key in keys:
        truth[key] = truth.get(key, 0) + 1
    for key, count in truth.items():
        assert sketch.estimate(key) >= count


def test_sketch_memory_is_fixed_and_counts_are_exact_without_collisions():
    sketch = CountMinSketch(1 << 12, 3)
    before = sketch.nbytes
    for key in range(20_000):
        sketch.add(key * 0x9E3779B97F4A7C15 % 2**64)
    assert sketch.nbytes == before == 3 * 4 * (1 << 12)
    alone = CountMinSketch(1 << 16, 4)
    for _ in range(5):
        alone.add(12345)
    assert alone.estimate(12345) == 5 and alone.estimate(54321) == 0


def test_tiny_sketch_gives_the_same_exact_profile(profile):
    tiny = learn(corpus(), sketch_width=1, sketch_depth=1)
    assert tiny.to_dict()["sites"] == profile.to_dict()["sites"]
    assert tiny.summary["candidates"] > profile.summary["candidates"]  # more to check exactly


def test_learn_reads_a_generator_once():
    consumed = []

    def docs():
        for site, text in corpus():
            consumed.append(site)
            yield site, text

    prof = learn(docs())
    assert len(consumed) == 15 and SITE_A in prof.sites


def test_bad_learn_options_and_documents():
    with pytest.raises(ConfigError, match="min_docs"):
        learn([], min_docs=0)
    with pytest.raises(ConfigError, match="min_fraction"):
        learn([], min_fraction=1.5)
    with pytest.raises(cleaner.InputError):
        learn([42])  # type: ignore[list-item]


# -- the profile file and the Config --------------------------------------------


def test_profile_file_round_trip(profile, tmp_path):
    path = tmp_path / "profile.json"
    profile.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "cleaner-profile" and data["version"] == 1
    assert data["parameters"]["min_docs"] == 3 and data["parameters"]["min_fraction"] == 0.3
    entry = data["sites"][SITE_A]
    assert entry["documents"] == 10
    for item in entry["lines"]:
        assert item["hash"] == f"{line_hash(item['text']):016x}"
    assert Profile.load(path) == profile
    assert hash(Profile.load(path)) == hash(profile)
    assert [p.name for p in tmp_path.iterdir()] == ["profile.json"]  # no temporary left


def test_profile_save_is_atomic(profile, tmp_path, monkeypatch):
    path = tmp_path / "profile.json"
    path.write_text("old profile", encoding="utf-8")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        profile.save(path)
    assert path.read_text(encoding="utf-8") == "old profile"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a valid cleaner profile"),
        ("[]", "not a valid cleaner profile"),
        ('{"format": "cleaner-profile", "version": 99, "sites": {}}', "version 99"),
        ('{"format": "cleaner-profile", "version": 1}', "'sites'"),
        (
            '{"format": "cleaner-profile", "version": 1, "sites": {"a.example": '
            '{"documents": 3, "lines": [{"hash": "zz", "count": 3, "text": "x"}]}}}',
            "a.example",
        ),
    ],
)
def test_corrupt_profile_is_a_config_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        Profile.load(path)
    with pytest.raises(ConfigError, match=message):
        cleaner.clean("Some text.", profile=str(path))


def test_missing_profile_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read profile"):
        cleaner.clean("Some text.", profile=tmp_path / "nope.json")


def test_config_profile_and_site_fields(profile, tmp_path):
    assert Config(profile=tmp_path / "p.json").profile == str(tmp_path / "p.json")
    with pytest.raises(ConfigError, match="profile"):
        Config(profile=42)
    with pytest.raises(ConfigError, match="site"):
        Config(site=42)  # type: ignore[arg-type]
    config = Config(profile=profile, site=SITE_A, select=ONLY_CL7)
    assert hash(config) == hash(Config(profile=learn(corpus()), site=SITE_A, select=ONLY_CL7))
    again = pickle.loads(pickle.dumps(config))
    assert again == config
    text = site_a_doc(0)
    assert cleaner.clean(text, config=again) == cleaner.clean(text, config=config)
    assert HEADER_A not in cleaner.clean(text, config=again)


def test_profile_file_read_once_and_again_when_changed(profile, tmp_path):
    path = tmp_path / "p.json"
    profile.save(path)
    first = profile_mod.get_profile(str(path))
    assert profile_mod.get_profile(str(path)) is first
    learn(text for _, text in corpus()).save(path)
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    assert set(profile_mod.get_profile(str(path)).sites) == {"*"}


def test_pyproject_profile_is_relative_to_the_file(tmp_path, profile):
    (tmp_path / "conf").mkdir()
    pyproject = tmp_path / "conf" / "pyproject.toml"
    pyproject.write_text('[tool.cleaner]\nprofile = "gazette.json"\n', encoding="utf-8")
    profile.save(tmp_path / "conf" / "gazette.json")
    config = load_config(pyproject)
    assert config.profile == str(tmp_path / "conf" / "gazette.json")
    text = site_a_doc(3)
    assert WEEKEND_A not in cleaner.clean(text, config=config.with_options(site=SITE_A))


# -- the command line -------------------------------------------------------------


def _write_jsonl(path, docs):
    rows = [{"id": n, "url": url, "body": text} for n, (url, text) in enumerate(docs)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_cli_learn_then_clean_jsonl(tmp_path, capsys):
    src = tmp_path / "corpus.jsonl"
    _write_jsonl(src, corpus())
    prof = tmp_path / "site.json"
    args = ["learn", "--no-config", "--jsonl", "--field", "body", "--site-field", "url"]
    assert main([*args, str(src), "-o", str(prof)]) == 0
    out = capsys.readouterr().out
    assert f"from 15 document(s) -> {prof}" in out
    assert f"{SITE_A}: 4 line(s), 10 document(s)" in out
    assert Profile.load(prof) == learn(corpus())

    clean = ["clean", "--no-config", "--jsonl", "--field", "body", "--meta"]
    assert main([*clean, "--site-field", "url", "--profile", str(prof), str(src)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 15
    for n, row in enumerate(rows[:10]):
        assert RADIO_A not in row["body"] and HEADER_A not in row["body"].split("\n")
        assert all(line in row["body"] for line in body(n))
        reasons = {
            r["text"]: r["reason"] for r in row["cleaner"]["removed"] if r["code"] == "CL701"
        }
        assert reasons[RADIO_A] == f"seen in 10 of 10 documents of {SITE_A}"
    assert QUOTE in rows[0]["body"] and LONG_PROSE in rows[3]["body"]
    assert RADIO_A in rows[10]["body"] and FOOTER_B not in rows[10]["body"]

    # without --site-field the rows use the corpus-wide entry, which this profile lacks
    assert main([*clean, "--profile", str(prof), str(src)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert RADIO_A in rows[0]["body"]


def test_cli_learn_then_clean_text_files(tmp_path, capsys):
    paths = []
    for i in range(10):
        p = tmp_path / f"a{i}.txt"
        p.write_text(site_a_doc(i), encoding="utf-8")
        paths.append(str(p))
    prof = tmp_path / "plain.json"
    assert main(["learn", "--no-config", *paths, "-o", str(prof)]) == 0
    capsys.readouterr()
    assert set(Profile.load(prof).sites) == {"*"}
    assert main(["clean", "--no-config", "--profile", str(prof), paths[3]]) == 0
    out = capsys.readouterr().out
    assert WEEKEND_A not in out and RADIO_A not in out and LONG_PROSE in out


def test_cli_corrupt_or_missing_profile_exits_2(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(site_a_doc(0), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cleaner-profile", "version": 1, "sites": 3}', encoding="utf-8")
    assert main(["clean", "--no-config", "--profile", str(bad), str(text)]) == 2
    err = capsys.readouterr().err
    assert "not a valid cleaner profile" in err and "bad.json" in err
    missing = tmp_path / "missing.json"
    assert main(["clean", "--no-config", "--jsonl", "--profile", str(missing), str(text)]) == 2
    assert "cannot read profile" in capsys.readouterr().err


def test_cli_learn_errors(tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    _write_jsonl(src, corpus())
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    prof = tmp_path / "p.json"
    base = ["learn", "--no-config", "--jsonl", "--field", "body", "--site-field", "url"]
    assert main([*base, str(src), "-o", str(prof)]) == 1  # a bad row: reported, profile written
    assert "1 row(s) failed" in capsys.readouterr().err
    assert SITE_A in Profile.load(prof).sites
    assert main([*base, "--min-fraction", "2", str(src), "-o", str(tmp_path / "q.json")]) == 2
    assert "min_fraction" in capsys.readouterr().err
    assert not (tmp_path / "q.json").exists()
    assert main([*base, str(src), "-o", str(tmp_path / "no" / "dir.json")]) == 2
    assert "no such folder" in capsys.readouterr().err  # found before any input is read


# -- the real seeds -----------------------------------------------------------------


@pytest.mark.skipif(
    not (SEEDS / "tasks.jsonl").is_file(),
    reason=f"real seed data not found at {SEEDS} (it lives in ../shared, outside the repo)",
)
def test_profile_learned_on_the_seeds_changes_no_seed(tmp_path):
    with open(SEEDS / "tasks.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    prof = learn(row["page_text"] for row in rows)
    path = tmp_path / "seeds.json"
    prof.save(path)
    for row in rows:
        plain = cleaner.analyze(row["page_text"])
        assert cleaner.analyze(row["page_text"], profile=str(path)).text == plain.text
    gold = next(SEEDS.glob("000_*.gold.txt")).read_text(encoding="utf-8")
    assert cleaner.analyze(gold, profile=str(path)).removed == []


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
