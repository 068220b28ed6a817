"""A long build's progress on a terminal (issue 19): one status line, redrawn in place, saying what
each output is doing — "pdf: page 212", "docx: writing", "epub: done". Nothing of it when the
build is quiet or its messages do not go to a terminal: a log keeps the plain lines only.

Each job has a slot of shared memory (created before the worker processes are forked, so the
PDF worker writes into the same slot this process reads); writers call `report(label, text)`,
which does nothing when no display runs. A thread of the building process redraws the line five
times a second while the jobs run; `say` prints a finished job's line above it.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading

_SLOT = 48  # bytes of status per job
_slots: dict[str, object] = {}  # job label → shared char array (set in the building process, inherited)


def report(label: str, text: str) -> None:
    """Set the status of job `label` (a no-op unless a display is running)."""
    slot = _slots.get(label)
    if slot is not None:
        data = text.encode("utf-8")[: _SLOT - 1]
        with slot.get_lock():
            slot.value = data


class Display:
    """The status line of one build on `stream`, for the jobs `labels`."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.thread: threading.Thread | None = None
        self.stop = threading.Event()
        self.shown = ""
        self.lock = threading.Lock()

    def start(self, labels: list[str]) -> None:
        """Create the jobs' slots (before any worker is forked) and start redrawing."""
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        for label in labels:
            _slots[label] = (context or multiprocessing).Array("c", _SLOT)
        self.thread = threading.Thread(target=self._run, name="reportgen-progress", daemon=True)
        self.thread.start()

    def _line(self) -> str:
        parts = []
        for label, slot in _slots.items():
            with slot.get_lock():
                text = slot.value.decode("utf-8", "replace")
            if text:
                parts.append(f"{label}: {text}")
        return " · ".join(parts)

    def _draw(self, line: str) -> None:
        # \r and "erase to the end of the line" (ECMA-48 EL, CSI K): the status is redrawn in place
        self.stream.write("\r" + line[:200] + "\x1b[K")
        self.stream.flush()
        self.shown = line

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            line = self._line()
            with self.lock:
                if line != self.shown:
                    self._draw(line)

    def say(self, text: str) -> None:
        """Print a line above the status (a job finished), then the status again."""
        with self.lock:
            if self.shown:
                self.stream.write("\r\x1b[K")
            print(text, file=self.stream, flush=True)
            if self.shown:
                self._draw(self._line())

    def close(self) -> None:
        """Stop redrawing, erase the status line and forget the slots."""
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
        with self.lock:
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            self.shown = ""
        _slots.clear()
