"""fileio.atomic_output: the one atomic writer (check --fix, clean -o/--errors, learn)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cleaner import errors, fileio


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "new.jsonl"
    with fileio.atomic_output(target) as fh:
        fh.write(b"{}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # mkstemp's own 0600 is not kept
    assert target.read_bytes() == b"{}\n"


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "old.txt"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    fileio.atomic_write(target, b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new\n"


def test_an_error_inside_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), fileio.atomic_output(target) as fh:
        fh.write(b"half a fi")
        raise RuntimeError("worker died")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_file_changed_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "page.txt"
    target.write_bytes(b"as read\n")
    seen = target.stat()
    with pytest.raises(errors.InputError), fileio.atomic_output(target, expect=seen) as fh:
        fh.write(b"cleaned\n")
        target.write_bytes(b"edited by someone else meanwhile\n")
    assert target.read_bytes() == b"edited by someone else meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]


def test_a_learned_profile_is_written_through_it(tmp_path: Path, umask_022) -> None:
    from cleaner.profile import Profile

    path = tmp_path / "profile.json"
    profile = Profile.from_dict({"format": "cleaner-profile", "version": 1, "sites": {}})
    profile.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert Profile.load(path) == profile
