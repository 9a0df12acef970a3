"""Progress bars on standard error for long hashing and uploads (tqdm when it is installed and
the output is a terminal or `ATTRIB_PROGRESS=1`; silent otherwise)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from .cid import files_under


def total_bytes(path: Path) -> int:
    """The bytes under a file or directory (what hashing it reads)."""
    path = Path(path)
    if path.is_dir():
        return sum(f.stat().st_size for f in files_under(path))
    return path.stat().st_size if path.exists() else 0


@contextmanager
def bar(total: int, description: str, enabled: bool = True) -> Iterator[Optional[Callable[[int], None]]]:
    """Yields a callback taking a byte count, or None when progress is not shown."""
    wanted = enabled and (sys.stderr.isatty() or os.environ.get("ATTRIB_PROGRESS") == "1")
    try:
        from tqdm import tqdm
    except ImportError:  # the core SDK works without tqdm
        wanted = False
    if not wanted:
        yield None
        return
    with tqdm(total=total, desc=description, unit="B", unit_scale=True, file=sys.stderr) as shown:
        yield shown.update
