"""What builds leave behind while they work: folders named by their process id.

A build that is killed cannot remove its work folders; the next build does, but only
those whose process is gone: two builds running at once must not remove each other's.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.engine.processes import alive


def own_prefix(prefix: str) -> str:
    """The start of a work folder's name for this process: `prefix`, its id, a hyphen."""
    return f"{prefix}{os.getpid()}-"


def remove_orphans(folder: Path, prefix: str) -> None:
    """Remove the entries of `folder` named `prefix<pid>` or `prefix<pid>-...` whose process has ended."""
    for entry in folder.glob(f"{prefix}*"):
        pid = entry.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
