"""Progress of a job run from the command line: a bar on a terminal, plain lines otherwise
(a log file or CI gets one line per step, not a screenful of carriage returns)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tqdm import tqdm


def reporter(
    stream=None, *, label: str = ""
) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """Return (progress(done, total), close())."""
    stream = stream or sys.stderr
    if stream.isatty():
        bar = tqdm(total=0, desc=label or None, file=stream, unit="")

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        return progress, bar.close

    def line(done: int, total: int) -> None:
        stream.write(f"{label + ': ' if label else ''}{done}/{total}\n")
        stream.flush()

    return line, lambda: None
