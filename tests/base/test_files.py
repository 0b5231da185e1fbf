"""Output folders are written as one unit; single files atomically, with the usual permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crewplan import files
from crewplan.errors import UsageError
from crewplan.files import MARKER, check_output_folder, output_folder, write_atomic


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_new_folder_appears_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with output_folder(target) as folder:
        (folder.path / "manifest.yaml").write_text("a", encoding="utf-8")
        assert not target.exists()
        folder.commit()
    assert (target / "manifest.yaml").read_text(encoding="utf-8") == "a"
    assert (target / MARKER).is_file()
    assert (target.stat().st_mode & 0o777) == 0o777 & ~umask()


def test_a_second_run_replaces_the_folder_whole(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with output_folder(target) as folder:
        (folder.path / "training").mkdir()
        (folder.path / "training" / "old-person.csv").write_text("x", encoding="utf-8")
        (folder.path / "report.html").write_text("old", encoding="utf-8")
        folder.commit()
    with output_folder(target) as folder:
        (folder.path / "report.html").write_text("new", encoding="utf-8")
        folder.commit()
    assert (target / "report.html").read_text(encoding="utf-8") == "new"
    assert not (target / "training").exists()  # no file of an older run stays behind
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_error_before_commit_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with output_folder(target) as folder:
        (folder.path / "report.html").write_text("kept", encoding="utf-8")
        folder.commit()
    with pytest.raises(RuntimeError), output_folder(target) as folder:
        (folder.path / "report.html").write_text("half", encoding="utf-8")
        raise RuntimeError("the solve failed")
    assert (target / "report.html").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("setup", ["file", "under-file", "foreign"])
def test_unusable_targets_are_refused_before_any_work(tmp_path: Path, setup: str) -> None:
    if setup == "file":
        target = tmp_path / "out"
        target.write_text("x", encoding="utf-8")
        words = "is a file"
    elif setup == "under-file":
        (tmp_path / "f").write_text("x", encoding="utf-8")
        target = tmp_path / "f" / "out"
        words = "is a file"
    else:
        target = tmp_path / "out"
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
        (target / MARKER).write_text("", encoding="utf-8")  # even a folder crewplan wrote: the notes are the user's
        words = "notes.txt"
    with pytest.raises(UsageError, match=words):
        check_output_folder(target)


def test_stale_staging_of_a_dead_run_is_cleared(tmp_path: Path) -> None:
    stale = tmp_path / ".crewplan-staging-out-999999999-abc"
    stale.mkdir()
    with output_folder(tmp_path / "out") as folder:
        folder.commit()
    assert not stale.exists()


def test_write_atomic_gives_the_usual_permissions(tmp_path: Path) -> None:
    path = write_atomic(tmp_path / "manifest.yaml", "id: x\n")
    assert (path.stat().st_mode & 0o777) == 0o666 & ~umask()
    write_atomic(path, b"id: y\n")
    assert path.read_text(encoding="utf-8") == "id: y\n"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.yaml"]


def test_a_folder_is_not_committed_after_a_ctrl_c_that_python_swallowed(tmp_path: Path) -> None:
    """A KeyboardInterrupt raised inside a weakref callback is dropped by Python; the handler's note still
    stops the commit, and the folder stays as it was."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "manifest.yaml").write_text("before", encoding="utf-8")
    try:
        with pytest.raises(KeyboardInterrupt), files.output_folder(target) as folder:
            (folder.path / "manifest.yaml").write_text("after", encoding="utf-8")
            files.interrupted.set()
            folder.commit()
    finally:
        files.interrupted.clear()
    assert (target / "manifest.yaml").read_text(encoding="utf-8") == "before"
