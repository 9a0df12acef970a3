"""PyTorch Lightning integration (the `lightning` extra): a callback that commits every
checkpoint Lightning saves, each the parent of the next.

`AttribCallback` hooks `on_save_checkpoint`, which Lightning calls with the checkpoint it is
about to write: the module's `state_dict` is committed as a safetensors artifact named by its
canonical digest (as `attrib.torch.commit` does), with the trainer's logged metrics, the step
and epoch, and the training datasets as parents of the first checkpoint. Lightning may save one
state twice (a top-k file and `last.ckpt`): a state already committed is not committed again.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from lightning.pytorch.callbacks import Callback

from .torch import commit, state_dict_digest


def _scalars(metrics: Mapping[str, Any]) -> Dict[str, float]:
    """The logged metrics that are single numbers (tensors of one element included)."""
    found = {}
    for name, value in metrics.items():
        try:
            found[str(name)] = float(value.item() if hasattr(value, "item") else value)
        except (TypeError, ValueError, RuntimeError):
            continue
    return found


class AttribCallback(Callback):
    """Commits each checkpoint Lightning saves. `parents` are the first checkpoint's parents (a
    base model's contribution id), `datasets` the contribution ids of the training data; other
    keyword options go to `attrib.sdk.commit` (`repo`, `chain`, `project`, `licence`,
    `show_progress`...). `commits` lists what was committed, oldest first."""

    def __init__(self, parents: Sequence[int] = (), datasets: Sequence[int] = (), **options: Any) -> None:
        super().__init__()
        self.parents = list(parents)
        self.datasets = list(datasets)
        self.options = {"show_progress": False, **options}
        self.commits: List[Any] = []
        self._committed: Dict[str, Any] = {}

    def on_save_checkpoint(self, trainer: Any, pl_module: Any, checkpoint: Dict[str, Any]) -> None:
        state = checkpoint["state_dict"]
        digest = state_dict_digest(state)
        if digest in self._committed:
            return
        step, epoch = int(checkpoint.get("global_step", trainer.global_step)), int(checkpoint.get("epoch", trainer.current_epoch))
        made = commit(
            state,
            message=f"Lightning checkpoint at step {step} (epoch {epoch})",
            parents=[self.commits[-1].id] if self.commits else self.parents,
            datasets=() if self.commits else self.datasets,
            metrics={**_scalars(trainer.callback_metrics), "epoch": epoch},
            step=step,
            **self.options,
        )
        self._committed[digest] = made
        self.commits.append(made)

    @property
    def latest(self) -> Optional[Any]:
        """The last checkpoint committed, or None."""
        return self.commits[-1] if self.commits else None
