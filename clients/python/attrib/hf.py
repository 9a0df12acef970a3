"""Hugging Face transformers integration (the `hf` extra): a `TrainerCallback` that commits each
checkpoint the `Trainer` saves, linked to the datasets the run used, and each evaluation as an
`Evaluation` contribution of the checkpoint it measured.

`AttribCallback` hooks `on_save`, called once `checkpoint-{step}` is written: its
`model.safetensors` is committed as a `ModelCheckpoint` (the manifest records the canonical
digest of every tensor, so the same weights give the same digests whatever wrote them) with the
model's config, the latest evaluation metrics and the step; its parents are the previous
checkpoint, or for the first one `parents` and the datasets. Datasets are contribution ids,
paths (committed as `Dataset`s unless the chain already has their content) or `datasets.Dataset`
objects (their Arrow cache files, committed the same way). `on_evaluate` keeps the metrics;
they are committed as an `Evaluation` whose parent is the checkpoint saved at the same step (the
Trainer evaluates before it saves), or the latest one when the step saved nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from transformers import TrainerCallback

from .cid import cid_of_path
from .errors import AttribError
from .manifest import numeric_metrics
from .repo import Repository
from .sdk import commit

#: What a dataset may be given as.
DatasetRef = Union[int, str, Path, Any]


class AttribCallback(TrainerCallback):
    """Commits the Trainer's checkpoints and evaluations (see the module). Keyword options go
    to `attrib.sdk.commit` (`repo`, `chain`, `project`, `licence`...)."""

    def __init__(
        self,
        datasets: Sequence[DatasetRef] = (),
        parents: Sequence[int] = (),
        commit_evaluations: bool = True,
        **options: Any,
    ) -> None:
        self.dataset_refs = list(datasets)
        self.parents = list(parents)
        self.commit_evaluations = commit_evaluations
        self.options = {"show_progress": False, **options}
        self.checkpoints: List[Any] = []
        self.evaluations: List[Any] = []
        self.dataset_ids: Optional[List[int]] = None
        self._pending: Optional[Tuple[int, Dict[str, float]]] = None

    # --- datasets ---------------------------------------------------------------------------

    def _dataset_id(self, ref: DatasetRef) -> int:
        if isinstance(ref, int):
            return ref
        paths: List[Path]
        if isinstance(ref, (str, Path)):
            paths = [Path(ref)]
        elif hasattr(ref, "cache_files"):  # a `datasets.Dataset`: the Arrow files behind it
            paths = [Path(f["filename"]) for f in ref.cache_files]
            if not paths:
                raise AttribError("an in-memory `datasets.Dataset` has no files to commit: save it to disk, or pass its id")
        else:
            raise AttribError(f"a dataset is a contribution id, a path or a datasets.Dataset, not {type(ref).__name__}")
        if len(paths) != 1:
            raise AttribError(f"a dataset backed by {len(paths)} files: pass their directory or its contribution id")
        chain = self.options.get("chain")
        if chain is None:
            from .chain import Chain

            settings = (self.options.get("repo") or Repository.find()).config()
            chain = self.options["chain"] = Chain(settings["url"], settings.get("signer"))
        known = chain.contribution_by_cid(str(cid_of_path(paths[0])))
        if known is not None:
            return int(known)
        return commit(paths[0], kind="Dataset", message=f"training data: {paths[0].name}", **self.options).id

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self.dataset_ids is None:
            self.dataset_ids = [self._dataset_id(ref) for ref in self.dataset_refs]

    # --- checkpoints and evaluations --------------------------------------------------------

    def on_evaluate(self, args: Any, state: Any, control: Any, metrics: Optional[Mapping[str, Any]] = None, **kwargs: Any) -> None:
        if metrics:
            if self._pending is not None:
                self._flush_evaluation()
            self._pending = (int(state.global_step), numeric_metrics(metrics))

    def on_save(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        step = int(state.global_step)
        folder = Path(args.output_dir) / f"checkpoint-{step}"
        weights = folder / "model.safetensors"
        if not weights.is_file():
            raise AttribError(f"{folder}: no model.safetensors (save with safetensors, the Trainer's default)")
        model = kwargs.get("model")
        config = model.config.to_dict() if model is not None and hasattr(model, "config") else None
        if self.dataset_ids is None:
            self.dataset_ids = [self._dataset_id(ref) for ref in self.dataset_refs]
        first = not self.checkpoints
        links = list(dict.fromkeys([*self.parents, *self.dataset_ids])) if first else [self.checkpoints[-1].id]
        evaluated = self._pending[1] if self._pending and self._pending[0] == step else None
        made = commit(
            weights,
            kind="ModelCheckpoint",
            message=f"transformers checkpoint at step {step}",
            parents=links,
            config=config,
            metrics=evaluated,
            extra={"step": step, "epoch": state.epoch, "datasets": self.dataset_ids or None},
            **self.options,
        )
        self.checkpoints.append(made)
        if self._pending is not None:
            self._flush_evaluation()

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self._pending is not None:
            self._flush_evaluation()

    def _flush_evaluation(self) -> None:
        """Commits the pending evaluation against the latest checkpoint (none yet: dropped,
        there is nothing on chain it measured)."""
        step, metrics = self._pending  # type: ignore[misc]
        self._pending = None
        if not self.commit_evaluations or not self.checkpoints:
            return
        self.evaluations.append(
            commit(
                kind="Evaluation",
                message=f"evaluation at step {step}",
                parents=[self.checkpoints[-1].id],
                metrics=metrics,
                config={"step": step},
                **self.options,
            )
        )
