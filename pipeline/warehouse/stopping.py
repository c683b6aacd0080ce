"""How a build stops: SIGTERM unwinds like Ctrl-C, and the build's children never outlive it.

- Terminated is raised in the main thread by the `taskmarts` command's SIGTERM handler, so a
  SIGTERM unwinds like Ctrl-C's KeyboardInterrupt (the `finally` blocks stop the children and
  remove the build's folder).
- DuckDB turns an exception raised by a signal handler during a query into
  RuntimeError("Query interrupted"), the signal's exception as its cause: stop_signal() finds it.
- die_with_parent() makes the kernel SIGKILL a child (the dbt process, the validation worker)
  when the build dies, SIGKILL included (Linux prctl PR_SET_PDEATHSIG; elsewhere nothing).
- adopt_orphans() and reap_children(): the build adopts the processes its children leave behind
  (the resource tracker of the dbt process's multiprocessing) and reaps them, and its own
  resource tracker, before it exits; none is left a zombie for an init that may reap late.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import signal
import sys
from multiprocessing import resource_tracker

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so it unwinds like Ctrl-C (children stopped, temporary
    files removed by the `finally` blocks on the way out)."""


def stop_signal(exc: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or Terminated that `exc` is, or that caused it (its __cause__ or
    __context__ chain: DuckDB's "Query interrupted"), else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (KeyboardInterrupt, Terminated)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _prctl(option: int, value: int) -> bool:
    """prctl(option, value) on Linux; False elsewhere (nothing done)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return libc.prctl(option, value, 0, 0, 0) == 0


def adopt_orphans() -> None:
    """Make this process the parent of its descendants whose own parent dies (a child
    subreaper), so reap_children() can reap them. Linux only."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


def reap_children() -> None:
    """Before this process exits: stop multiprocessing's resource tracker (once the objects it
    tracks are collected; it exits when told, and is waited for) and reap every child that has exited (adopted orphans included).
    Children still running are left alone. The tracker is stopped through its private _stop()
    (Python 3.8-3.13), skipped when a Python has none."""
    # a pool left in the frames of an interrupted build holds named semaphores: collected now,
    # their finalizers unlink them and tell the tracker, which would otherwise report them leaked
    gc.collect()
    stop = getattr(resource_tracker._resource_tracker, "_stop", None)
    if stop is not None:
        stop()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no child left
            return
        if pid == 0:  # only running children left
            return


def die_with_parent(parent_pid: int) -> None:
    """In a child process: have the kernel SIGKILL it as soon as its parent (parent_pid) dies,
    and exit at once when the parent has already died (the child was then orphaned before this
    call). Linux only; on other systems, or without libc, it does nothing."""
    if _prctl(PR_SET_PDEATHSIG, signal.SIGKILL) and os.getppid() != parent_pid:
        os._exit(1)
