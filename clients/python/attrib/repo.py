"""The local side of `attrib`: a `.attrib/` directory beside the work, like `.git/`.

It holds `config.json` (node URL, project, signing key URI), one JSON record per commit in
`commits/` (the chain id, block, CID, tracked path and full manifest), and `objects/` for
artifacts the SDK writes itself (model states as safetensors, run documents). The chain is the
authority; this is what `status`, `diff` and `verify` compare it with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from .errors import NotARepository, NotFound

DIRECTORY = ".attrib"


@dataclass
class Repository:
    """A `.attrib` directory and the work tree it sits in."""

    root: Path

    @property
    def meta(self) -> Path:
        """The `.attrib` directory."""
        return self.root / DIRECTORY

    @property
    def objects(self) -> Path:
        """Artifacts the SDK wrote (model states, run documents)."""
        return self.meta / "objects"

    @classmethod
    def init(cls, root: Path, url: str, project: Optional[int], signer: Optional[str]) -> "Repository":
        """Creates (or updates the config of) a repository in `root`."""
        repo = cls(Path(root).resolve())
        (repo.meta / "commits").mkdir(parents=True, exist_ok=True)
        repo.objects.mkdir(parents=True, exist_ok=True)
        repo.save_config({"url": url, "project": project, "signer": signer})
        return repo

    @classmethod
    def find(cls, start: Optional[Path] = None) -> "Repository":
        """The repository containing `start` (default: the current directory)."""
        here = Path(start or Path.cwd()).resolve()
        for candidate in [here, *here.parents]:
            if (candidate / DIRECTORY / "config.json").is_file():
                return cls(candidate)
        raise NotARepository(str(here))

    def config(self) -> Dict[str, Any]:
        """`config.json`."""
        return json.loads((self.meta / "config.json").read_text())

    def save_config(self, config: Dict[str, Any]) -> None:
        """Writes `config.json`."""
        (self.meta / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")

    def record(self, commit: Dict[str, Any]) -> None:
        """Stores a commit's record under its chain id."""
        path = self.meta / "commits" / f"{int(commit['id']):010d}.json"
        path.write_text(json.dumps(commit, indent=2, sort_keys=True) + "\n")

    def commits(self) -> List[Dict[str, Any]]:
        """Every local commit, oldest first."""
        return [
            json.loads(path.read_text())
            for path in sorted((self.meta / "commits").glob("*.json"))
        ]

    def commit(self, id: int) -> Dict[str, Any]:
        """One local commit by chain id."""
        path = self.meta / "commits" / f"{int(id):010d}.json"
        if not path.is_file():
            raise NotFound(f"contribution {id} was not committed from this repository")
        return json.loads(path.read_text())

    def latest_for(self, tracked: str) -> Optional[Dict[str, Any]]:
        """The newest commit of a tracked path, if any."""
        found = [c for c in self.commits() if c.get("path") == tracked]
        return found[-1] if found else None

    def relative(self, path: Path) -> str:
        """A path as the repository tracks it: relative to its root, `/`-separated."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
