"""A build's second core: where it is safe, a forked helper takes a share of the work (loading
the texts; writing the search documents while the pages are rendered)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import ForkContext


def fork_context() -> ForkContext | None:
    """The context to fork a helper with, or None where there is no second core, no fork on this
    system, or another thread running (a fork copies only the calling thread: `serve`, with its
    server and background index, does the work in place instead)."""
    if (
        (os.cpu_count() or 1) < 2
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return None
    return multiprocessing.get_context("fork")
