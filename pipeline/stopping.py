"""How a build stops: SIGTERM unwinds like Ctrl-C, and the build's children never outlive it.

- Terminated is raised in the main thread by the `taskmarts` command's SIGTERM handler, so a
  SIGTERM unwinds like Ctrl-C's KeyboardInterrupt (the `finally` blocks stop the children and
  remove the build's folder).
- DuckDB turns an exception raised by a signal handler during a query into
  RuntimeError("Query interrupted"), the signal's exception as its cause: stop_signal() finds it.
- die_with_parent() makes the kernel SIGKILL a child (the dbt process, the validation worker)
  when the build dies, SIGKILL included (Linux prctl PR_SET_PDEATHSIG; elsewhere nothing).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


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


def die_with_parent(parent_pid: int) -> None:
    """In a child process: have the kernel SIGKILL it as soon as its parent (parent_pid) dies,
    and exit at once when the parent has already died (the child was then orphaned before this
    call). Linux only; on other systems, or without libc, it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)
