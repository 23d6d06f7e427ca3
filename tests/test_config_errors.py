"""Configuration errors: one clear message (an ``errors`` constant) and exit 2 on the
command line, ``cleaner.ConfigError`` in the library. Never a traceback, never 123."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import errors
from cleaner.cli import EXIT_USAGE, main


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The minister said on Friday that the talks had gone well.\n", encoding="utf-8")
    return path


def run_cli(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cleaner: error: "), err
    assert "Traceback" not in err
    return lines[0].removeprefix("cleaner: error: ")


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
@pytest.mark.parametrize("jsonl", [False, True])
def test_unknown_pass_code_on_the_command_line(capsys, article, flag, jsonl):
    argv = [
        "clean",
        "--no-config",
        *(["--jsonl"] if jsonl else []),
        flag,
        "CL1,CL999",
        str(article),
    ]
    code, out, err = run_cli(capsys, argv)
    assert code == EXIT_USAGE and out == ""
    assert one_error_line(err) == errors.UNKNOWN_CODE.format(code="CL999", where="the command line")


def _where(path):
    return f"{path} [tool.cleaner]"


BAD_TABLES = [
    ("bogus = 1", "UNKNOWN_OPTION", {"key": "bogus"}),
    ('select = ["CL999"]', "UNKNOWN_CODE", {"code": "CL999"}),
    ("min_body_words = 0", "BAD_RANGE", {"key": "min_body_words", "low": 1, "high": 200, "got": 0}),
    (
        "pattern_timeout = 0",
        "BAD_RANGE",
        {"key": "pattern_timeout", "low": 0, "high": 60, "got": 0.0},
    ),
    (
        "pattern_timeout = 1e9",
        "BAD_RANGE",
        {"key": "pattern_timeout", "low": 0, "high": 60, "got": 1e9},
    ),
    (
        'fix_unicode = "yes"',
        "BAD_TYPE",
        {"key": "fix_unicode", "expected": "true or false", "got": "yes"},
    ),
    (
        'min_body_words = "12"',
        "BAD_TYPE",
        {"key": "min_body_words", "expected": "a whole number", "got": "12"},
    ),
    (
        "remove_patterns = 3",
        "BAD_TYPE",
        {"key": "remove_patterns", "expected": "a list of strings", "got": 3},
    ),
    (
        'pattern_timeout = "fast"',
        "BAD_TYPE",
        {"key": "pattern_timeout", "expected": "a number", "got": "fast"},
    ),
    (
        'paragraphs = "none"',
        "BAD_CHOICE",
        {"key": "paragraphs", "choices": ("lines", "keep"), "got": "none"},
    ),
    # #23: a bullet that a second clean would rewrite ("-  item" becomes "- item")
    ('bullet = "- "', "BAD_BULLET", {"got": "- "}),
    ('bullet = "\\n"', "BAD_BULLET", {"got": "\n"}),
    ("bullet = 1", "BAD_TYPE", {"key": "bullet", "expected": "a string", "got": 1}),
]


@pytest.mark.parametrize(("line", "constant", "fields"), BAD_TABLES, ids=[b[0] for b in BAD_TABLES])
def test_bad_tool_cleaner_table(capsys, tmp_path, article, line, constant, fields):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.cleaner]\n{line}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, ["clean", "--config", str(pyproject), str(article)])
    assert code == EXIT_USAGE and out == ""
    message = one_error_line(err)
    template = getattr(errors, constant)
    if constant == "UNKNOWN_OPTION":
        assert message.startswith(f"unknown option 'bogus' in {_where(pyproject)}; known options: ")
    else:
        assert message == template.format(where=_where(pyproject), **fields)
    # The library raises the same message as ConfigError.
    with pytest.raises(cleaner.ConfigError) as exc:
        cleaner.load_config(pyproject)
    assert str(exc.value) == message


def test_invalid_regular_expression(capsys, tmp_path, article):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.cleaner]\nremove_patterns = ["(unclosed"]\n', encoding="utf-8")
    code, out, err = run_cli(capsys, ["clean", "--config", str(pyproject), str(article)])
    assert code == EXIT_USAGE and out == ""
    prefix = errors.BAD_REGEX.split("{error}")[0].format(
        pattern="(unclosed", where=_where(pyproject)
    )
    assert one_error_line(err).startswith(prefix)


@pytest.mark.parametrize(
    "body",
    ["[tool.cleaner\nselect = 1", "[tool.cleaner]\nselect = [", "\x00", "[tool]\ncleaner = 3\n"],
)
def test_broken_toml(capsys, tmp_path, article, body):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(body, encoding="utf-8")
    code, out, err = run_cli(capsys, ["clean", "--config", str(pyproject), str(article)])
    assert code == EXIT_USAGE and out == ""
    message = one_error_line(err)
    assert message.startswith(errors.BAD_TOML.split("{error}")[0].format(path=pyproject))


def test_missing_config_file(capsys, tmp_path, article):
    missing = tmp_path / "nope.toml"
    code, _, err = run_cli(capsys, ["clean", "--config", str(missing), str(article)])
    assert code == EXIT_USAGE
    assert one_error_line(err).startswith(errors.BAD_TOML.split("{error}")[0].format(path=missing))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"select": ["CL999"]}, errors.UNKNOWN_CODE.format(code="CL999", where="options")),
        ({"ignore": ["XX1"]}, errors.UNKNOWN_CODE.format(code="XX1", where="options")),
        (
            {"min_body_words": -3},
            errors.BAD_RANGE.format(key="min_body_words", where="options", low=1, high=200, got=-3),
        ),
        (
            {"straighten_quotes": 1},
            errors.BAD_TYPE.format(
                key="straighten_quotes", where="options", expected="true or false", got=1
            ),
        ),
    ],
)
def test_library_raises_config_error(options, message):
    for call in (cleaner.clean, cleaner.analyze):
        with pytest.raises(cleaner.ConfigError) as exc:
            call("Some text.", **options)
        assert str(exc.value) == message
    assert issubclass(cleaner.ConfigError, ValueError)


def test_library_unknown_option_and_bad_regex():
    with pytest.raises(
        cleaner.ConfigError, match=r"^unknown option 'bogus' in options; known options: "
    ):
        cleaner.clean("Some text.", bogus=1)
    with pytest.raises(cleaner.ConfigError, match=r"^invalid regular expression '\(' in options: "):
        cleaner.clean("Some text.", remove_patterns=["("])
    with pytest.raises(cleaner.ConfigError):
        cleaner.Config(pattern_timeout=float("nan"))


@pytest.mark.parametrize("bullet", ["- ", " -", "\n", "-\r\n", "\u2028", "\t", "\u00a0", "o", "＊"])
def test_a_bullet_that_is_not_idempotent_is_a_configuration_error(bullet):
    """#23: ``bullet="- "`` wrote ``"-  item"``, which the next clean made ``"- item"``;
    ``bullet="\\n"`` wrote new lines. Such values are refused before any text is read."""
    with pytest.raises(cleaner.ConfigError) as exc:
        cleaner.clean("Shopping list:\n\n• apples\n• pears\n", bullet=bullet)
    assert str(exc.value) == errors.BAD_BULLET.format(where="options", got=bullet)
    with pytest.raises(cleaner.ConfigError):
        cleaner.Config(bullet=bullet)
