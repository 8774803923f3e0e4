"""Template files are written whole, with the mode a plain open() gives, and no temporaries left."""

from __future__ import annotations

import stat
from pathlib import Path

from converter import output


def _mode_of_open(folder: Path) -> int:
    probe = folder / "probe"
    probe.write_bytes(b"")
    mode = stat.S_IMODE(probe.stat().st_mode)
    probe.unlink()
    return mode


def test_write_atomic_writes_the_whole_file_with_opens_mode(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "t.json"
    output.write_atomic(target, "text é")
    output.write_atomic(target, b"bytes")  # replaces
    assert target.read_bytes() == b"bytes"
    assert stat.S_IMODE(target.stat().st_mode) == _mode_of_open(tmp_path)
    assert [p.name for p in target.parent.iterdir()] == ["t.json"]


def test_write_all_writes_every_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    files = [(tmp_path / f"{n}.json", f"{n}".encode()) for n in range(5)]
    output.write_all(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.json" for n in range(5)]
    assert all(path.read_bytes() == data for path, data in files)
    assert all(stat.S_IMODE(p.stat().st_mode) == _mode_of_open(tmp_path) for p, _ in files)
