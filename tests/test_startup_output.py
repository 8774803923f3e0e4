"""Writing templates needs no tempfile module, and still writes whole files with open()'s mode."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from converter import output

REPO = Path(__file__).resolve().parents[1]


def test_the_output_module_does_not_import_tempfile() -> None:
    """tempfile brings shutil, random, bz2 and lzma: milliseconds of every `convert -o`."""
    code = "import sys, converter.output; print(sorted({'tempfile', 'shutil'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


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


def test_temporaries_are_new_private_files_next_to_the_target(tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    made = [output._temporary(target) for _ in range(50)]
    try:
        assert len({tmp for _, tmp in made}) == 50
        for _, tmp in made:
            assert Path(tmp).parent == tmp_path
            assert Path(tmp).name.startswith(".t.json.")
            assert stat.S_IMODE(os.stat(tmp).st_mode) == 0o600
    finally:
        for fd, tmp in made:
            os.close(fd)
            os.unlink(tmp)
