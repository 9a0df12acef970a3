"""Locators: where else than IPFS a contribution's bytes can be fetched (an Arweave transaction
or any URI), recorded on chain with it. `attrib fetch` tries them when no gateway delivers the
DAG, and accepts what a locator serves only if it hashes to the registered CID.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from .car import CarFile
from .cid import Cid, CidError, cid_of_path
from .errors import AttribError

#: Where an Arweave transaction's data is read from.
ARWEAVE_GATEWAY = os.environ.get("ATTRIB_ARWEAVE_GATEWAY", "https://arweave.net")

#: Bytes read from a locator at a time.
READ_SIZE = 1 << 20


def locator_arg(text: str) -> Dict[str, str]:
    """The chain's `Locator` for `text`: `ar://TXID` (an Arweave transaction id, 43 base64url
    characters) or any other URI."""
    if text.startswith("ar://"):
        txid = text[len("ar://") :]
        try:
            raw = base64.urlsafe_b64decode(txid + "=" * (-len(txid) % 4))
        except ValueError:
            raw = b""
        canonical = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        if len(txid) != 43 or len(raw) != 32 or canonical != txid:
            raise AttribError(f"{text!r}: an Arweave transaction id is 43 base64url characters (32 bytes)")
        return {"Arweave": "0x" + raw.hex()}
    if not text:
        raise AttribError("an empty locator")
    return {"Uri": text}


def locator_url(locator: Optional[Mapping[str, Any]]) -> Optional[str]:
    """The HTTP(S) URL to read a locator from (as the node's JSON shows it), or None when it is
    not one this SDK fetches (`s3://`, `hf://`...)."""
    if not locator:
        return None
    if "arweave" in locator:
        txid = base64.urlsafe_b64encode(bytes.fromhex(locator["arweave"][2:])).decode().rstrip("=")
        return f"{ARWEAVE_GATEWAY}/{txid}"
    uri = locator.get("uri", "")
    return uri if uri.startswith(("http://", "https://")) else None


def fetch_from_url(url: str, root: Cid, target: Path, timeout: float = 60.0, max_bytes: Optional[int] = None) -> None:
    """Downloads `url` (the artifact's bytes, or a CAR of it; at most `max_bytes`) beside
    `target` and moves it there only if it is the content `root` names; `AttribError`
    otherwise, leaving nothing behind."""
    target = Path(target)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else "."))
    try:
        download = scratch / "download"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(download, "wb") as out:
                car = "application/vnd.ipld.car" in response.headers.get("Content-Type", "")
                received = 0
                while True:
                    piece = response.read(READ_SIZE)
                    if not piece:
                        break
                    received += len(piece)
                    if max_bytes is not None and received > max_bytes + (1 << 20 if car else 0):
                        raise AttribError(f"locator {url} serves more than {max_bytes} bytes: refused")
                    out.write(piece)
        except (urllib.error.URLError, OSError) as error:
            raise AttribError(f"locator {url}: {getattr(error, 'reason', error)}") from None
        if car:
            try:
                archive = CarFile(download)
                archive.unpack(target, root, max_bytes=max_bytes)
            except CidError as error:
                raise AttribError(f"locator {url}: {error}") from None
            return
        got = cid_of_path(download)
        if got != root:
            raise AttribError(f"locator {url} serves other content ({got}, not {root}): refused")
        download.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
