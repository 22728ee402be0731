"""Per-component scorers for ``bench/score_components.py``: one module per component.

Each module exposes ``score(datasets: Path, *, limit: int | None = None) -> list[Score]`` and reads the
public labelled data under ``datasets`` (``../shared/datasets`` by default) without copying it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    """One line of the table: a component measured on one data set."""

    component: str
    dataset: str
    measure: str  # what "right" means here, e.g. "exact day", "speaker"
    gold: int  # labelled items in the data set
    predicted: int  # items the component produced
    correct: int  # predicted items that match the gold
    note: str = ""

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0
