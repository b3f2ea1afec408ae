"""Briefing's worker processes: forked with what they work on, ended with their parent.

Parsing briefs and rendering pages are the build's two jobs that split across cores.
Both use `Forked`: the workers are forked once the work is ready and inherit it (the
configuration, the templates, the briefs) instead of receiving it pickled, and nothing
is sent to them but the names in each chunk.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, TypeVar

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def worker_count(configured: int) -> int:
    """0 means one worker per core this process may use."""
    if configured > 0:
        return configured
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Forked:
    """`work` done on each of `chunks`, on up to `workers` processes forked from this one;
    the results in order, as they come. One worker or one chunk: here, as they are asked for.

    The objects made before the fork are frozen out of the collector's sweeps while the
    workers live, so that neither rescans nor copies what they share. `nice` is added to
    the workers' niceness (see rendering: the search index then gets a core first).
    """

    def __init__(self, work: Callable[[Chunk], Result], chunks: list[Chunk], workers: int, nice: int = 0):
        self._pool: ProcessPoolExecutor | None = None
        self.results: Iterator[Result]
        if workers > 1 and len(chunks) > 1 and "fork" in multiprocessing.get_all_start_methods():
            global _work, _parent
            _work, _parent = work, os.getpid()  # what the forked workers inherit
            gc.freeze()
            self._pool = ProcessPoolExecutor(
                min(workers, len(chunks)), mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker, initargs=(nice,),
            )
            self.results = self._pool.map(_run, chunks)  # every worker forked by now
        else:
            self.results = map(work, chunks)

    def close(self) -> None:
        """Stop the workers (what they have not begun is dropped)."""
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            gc.unfreeze()

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *_) -> None:
        self.close()


_work: Callable | None = None
_parent = 0


def _start_worker(nice: int) -> None:
    die_with_parent(_parent)
    os.nice(nice)


def _run(chunk):
    if os.getppid() != _parent:  # the build was killed: write nothing more into its folder
        os._exit(1)
    return _work(chunk)


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
