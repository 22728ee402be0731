"""Extraction worker processes that load the model once and never outlive the process that started them.

Workers are spawned (not forked: the parent runs database threads, and forking a threaded process
can copy a held lock into the child). Each worker, as it starts, asks Linux to kill it when its
parent dies (``prctl(PR_SET_PDEATHSIG)``), checks that the parent is still there (it may have died
before that call), and runs a watchdog thread on the parent's pid for systems without prctl. Then
it loads the spaCy model, once. A SIGKILLed ``factdesk ingest`` therefore leaves no workers behind,
and, with them gone, no resource tracker either.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCHDOG_SECONDS = 0.5


def available_cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def extraction_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` extraction processes tied to this process's life."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=start_worker, initargs=(os.getpid(),))


def ready() -> bool:
    """A task that does nothing: submitted at start, it makes a pool start its worker and load the model."""
    return True


def start_worker(parent_pid: int) -> None:
    """Worker initializer: die with the parent, then load the model once."""
    exit_with_parent(parent_pid)
    from knowledge.extract.parse import load_model

    load_model()


def exit_with_parent(parent_pid: int) -> None:
    """End this process as soon as ``parent_pid`` is no longer its parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no usable libc
            pass
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the death signal was armed
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)
