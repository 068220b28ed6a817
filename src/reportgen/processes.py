"""Worker processes that never outlive the build that started them."""

from __future__ import annotations

import os
import sys


def die_with_parent(parent: int) -> None:
    """A worker of a killed build must not go on writing its temporary file: on Linux, ask the
    kernel to kill this process when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
