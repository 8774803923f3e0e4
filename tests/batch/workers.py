"""Worker functions for pool tests: they misbehave on purpose, chosen by the input's file name.

They live in a module (not in a test) because worker processes import them by name.
"""

from __future__ import annotations

import os
import time

from converter.batch import Outcome, Task, process


def misbehaving(task: Task) -> Outcome:
    """`hang*` sleeps past any test timeout, `crash*` kills its process, `halfway*` leaves a
    temporary file where `write_atomic` would and then hangs; anything else converts."""
    name = task.path.name
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("halfway"):
        target = task.out_dir / task.base.with_name(task.base.name + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / f".{target.name}.tmp123").write_text('{"half": ', "utf-8")
        time.sleep(120)
    return process(task)
