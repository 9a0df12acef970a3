"""attrib: record ML work on Attribution Chain as easily as `git commit`.

    import attrib
    attrib.commit("data/", kind="dataset", message="digits, first half")

The core SDK needs numpy, safetensors, tqdm and substrate-interface; `attrib.torch` needs the
`torch` extra, score charts the `plot` extra.
"""

from .chain import Chain, keypair, licence_terms, evaluator_policy
from .cid import Cid, cid_of_bytes, cid_of_path
from .errors import (
    AttribError,
    ExtrinsicFailed,
    NodeUnavailable,
    NotFound,
    SubmissionTimeout,
    TransactionDropped,
    TransactionInvalid,
    TransactionUsurped,
)
from .repo import Repository
from .sdk import Commit, commit, commit_many

__all__ = [
    "AttribError",
    "Chain",
    "Cid",
    "Commit",
    "ExtrinsicFailed",
    "NodeUnavailable",
    "NotFound",
    "Repository",
    "SubmissionTimeout",
    "TransactionDropped",
    "TransactionInvalid",
    "TransactionUsurped",
    "cid_of_bytes",
    "cid_of_path",
    "commit",
    "commit_many",
    "evaluator_policy",
    "keypair",
    "licence_terms",
]
__version__ = "0.1.0"
