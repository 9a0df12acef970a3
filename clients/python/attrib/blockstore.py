"""A directory of blocks, each stored under its CID once it was checked against it.

`attrib fetch` keeps what it downloaded here, so an interrupted download resumes where it
stopped: a block already held is not asked for again, and is checked again when read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .cid import Cid
from .dag import DagError, verify_block

#: Where `attrib fetch` keeps blocks unless told otherwise.
DEFAULT_CACHE = Path(os.environ.get("ATTRIB_BLOCK_CACHE", Path.home() / ".cache" / "attrib" / "blocks"))


class DiskBlockstore:
    """Blocks in a directory, one file per block named by its CID (two-character fan-out)."""

    def __init__(self, root: os.PathLike = DEFAULT_CACHE) -> None:
        self.root = Path(root)

    def _path(self, cid: Cid) -> Path:
        name = str(cid)
        return self.root / name[-2:] / name

    def has(self, cid: Cid) -> bool:
        """Whether the block is held (it is checked when read)."""
        return self._path(cid).is_file()

    def get(self, cid: Cid) -> bytes:
        """The block, checked against its CID; `DagError` if absent or corrupted on disk."""
        try:
            block = self._path(cid).read_bytes()
        except FileNotFoundError:
            raise DagError(f"block {cid} is not in {self.root}") from None
        verify_block(cid, block)
        return block

    def put(self, cid: Cid, block: bytes) -> None:
        """Stores a block after checking it; written under a temporary name and renamed, so a
        crash never leaves a partial block under its CID."""
        verify_block(cid, block)
        path = self._path(cid)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(block)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
