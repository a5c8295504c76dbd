"""A progress bar that appears only on runs longer than a couple of seconds.

Uses ``tqdm`` (with its ``delay``) when it is installed, otherwise a one-line counter
on standard error that starts writing after ``delay`` seconds.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from typing import Any


class Progress:
    """``update(n)`` as work completes; ``close()`` at the end. Silent when disabled."""

    def __init__(self, total: int, description: str, enabled: bool, delay: float = 2.0) -> None:
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.delay = delay
        self.start = time.perf_counter()
        self.shown = False
        self._bar: Any = None
        if enabled and importlib.util.find_spec("tqdm") is not None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                desc=description,
                delay=delay,
                unit="match",
                file=sys.stderr,
                leave=False,
            )
        self.description = description

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        if time.perf_counter() - self.start >= self.delay:
            self.shown = True
            sys.stderr.write(f"\r{self.description}: {self.done}/{self.total} matches")
            sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.shown:
            sys.stderr.write("\r" + " " * (len(self.description) + 30) + "\r")
            sys.stderr.flush()
