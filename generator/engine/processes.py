"""Briefing's own processes: whether one still runs, and workers that end with their parent."""

from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def alive(pid: int) -> bool:
    """Whether a process of this id runs (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def die_with_parent(parent: int) -> None:
    """Have the system kill this process (a worker of `parent`) when its parent ends.

    Called first in the worker. However the build ends, kill -9 too, its workers must
    not live on: blocked on a pipe that nothing reads any more, or writing into a
    folder the next build removes. Linux's PR_SET_PDEATHSIG watches the thread that
    started the worker, so that thread must outlive it; elsewhere, only the check
    below is made.
    """
    if sys.platform == "linux":
        import ctypes  # here: only workers need it

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the system was asked
        os._exit(1)
