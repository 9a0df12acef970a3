"""Fetching artifacts from IPFS trustless gateways, with every block checked.

`fetch` walks an artifact's UnixFS DAG from its root CID, asking gateways for one block at a
time (`GET /ipfs/{cid}?format=raw`, `Accept: application/vnd.ipld.raw`, as the IPFS Trustless
Gateway specification defines), and checks each block against its CID before keeping it: a
gateway cannot feed a wrong byte. A block that one gateway lacks, refuses or corrupts is asked
of the next. Blocks are kept in a `DiskBlockstore`, so a fetch interrupted at any point resumes
without asking again for what it already holds; the file or directory is then rebuilt under a
temporary name and renamed when complete.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from .blockstore import DiskBlockstore
from .cid import Cid
from .dag import DagError, assemble, children, verify_block
from .errors import AttribError

#: The media type of one block.
RAW_BLOCK = "application/vnd.ipld.raw"

#: Seconds one block request may take.
DEFAULT_TIMEOUT = 60.0

#: Largest block accepted from a gateway (the SDK's leaves are 1 MiB).
MAX_BLOCK = 2 << 20


class FetchError(AttribError):
    """No gateway delivered a block that matches its CID."""


#: Makes the headers that sign a request (method, gateway origin `host[:port]`, path with
#: query): see `attrib.access`.
Signer = Callable[[str, str, str], Dict[str, str]]


def _get_block(gateway: str, cid: Cid, timeout: float, sign: Optional[Signer] = None) -> bytes:
    """One block from one gateway, checked; `DagError` or `OSError` when it fails."""
    path = f"/ipfs/{cid}?format=raw"
    origin = urllib.parse.urlsplit(gateway).netloc
    headers = {"Accept": RAW_BLOCK, **(sign("GET", origin, path) if sign is not None else {})}
    request = urllib.request.Request(f"{gateway.rstrip('/')}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        block = response.read(MAX_BLOCK + 1)
    if len(block) > MAX_BLOCK:
        raise DagError(f"block {cid} from {gateway} is over {MAX_BLOCK} bytes")
    verify_block(cid, block)
    return block


def _reason(error: "urllib.error.HTTPError") -> str:
    """The JSON `error` a gateway gave with its status, if any."""
    try:
        reason = json.loads(error.read(4096) or b"{}").get("error")
    except (ValueError, OSError, AttributeError):
        return ""
    return f" ({reason})" if reason else ""


def fetch(
    root: Cid,
    target: Path,
    gateways: Sequence[str],
    store: Optional[DiskBlockstore] = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Optional[Callable[[int], None]] = None,
    sign: Optional[Signer] = None,
    locators: Sequence[str] = (),
    max_bytes: Optional[int] = None,
) -> int:
    """Fetches the file or directory `root` into `target` (which must not exist) from
    `gateways`, in order of preference; returns how many blocks were downloaded (blocks the
    store already held are not). Raises `FetchError` naming the first block no gateway
    delivered intact, with each gateway's reason. With `sign`, every request is signed (for
    gateways that serve licensed artifacts to the accounts holding a licence). When the gateways
    do not deliver the DAG, each of `locators` (URLs of the whole content, or of its CAR) is
    tried; what one serves is accepted only if it hashes to `root`. `max_bytes` caps the
    content rebuilt (a DAG can repeat a block to inflate what it makes)."""
    if Path(target).exists():
        raise FetchError(f"{target} exists already")
    try:
        return _fetch_dag(root, target, gateways, store, timeout, progress, sign, max_bytes)
    except (FetchError, DagError) as failure:
        if not locators:
            raise
        reasons = [str(failure)]
    from .locators import fetch_from_url

    for url in locators:
        try:
            fetch_from_url(url, root, Path(target), timeout, max_bytes)
            return 0
        except AttribError as error:
            reasons.append(str(error))
    raise FetchError("; ".join(reasons))


def _fetch_dag(
    root: Cid,
    target: Path,
    gateways: Sequence[str],
    store: Optional[DiskBlockstore],
    timeout: float,
    progress: Optional[Callable[[int], None]],
    sign: Optional[Signer],
    max_bytes: Optional[int] = None,
) -> int:
    """`fetch` from gateways alone."""
    if not gateways:
        raise FetchError("no gateway to fetch from: pass --gateway URL")
    store = store or DiskBlockstore()
    target = Path(target)
    downloaded = 0
    pending: List[Cid] = [root]
    seen = set()
    while pending:
        cid = pending.pop()
        if cid in seen:
            continue
        seen.add(cid)
        if store.has(cid):
            try:
                block = store.get(cid)
            except DagError:
                block = None  # corrupted on disk: fetched again below
        else:
            block = None
        if block is None:
            reasons = []
            for gateway in gateways:
                try:
                    block = _get_block(gateway, cid, timeout, sign)
                    break
                except urllib.error.HTTPError as error:
                    reasons.append(f"{gateway}: HTTP {error.code}{_reason(error)}")
                except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                    reasons.append(f"{gateway}: {getattr(error, 'reason', error)}")
                except DagError as error:
                    reasons.append(f"{gateway}: {error}")
            if block is None:
                raise FetchError(f"no gateway delivered block {cid} intact ({'; '.join(reasons)})")
            store.put(cid, block)
            downloaded += 1
            if progress is not None:
                progress(len(block))
        pending.extend(reversed([link.cid for link in children(cid, block)]))
    assemble(store.get, root, target, max_bytes=max_bytes)
    return downloaded
