"""A module-3 workshop as data: its settings, its phases and what a participant enters.

Pure data, no storage and no language: the service keeps it, the engine's group
module aggregates it, the wording and the pages say it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .content import Identifier

# What a participant sets on their phone. "pillars": four sliders, one per pillar, the criteria
# weighted within their pillar by the framework's defaults (the quick default); "criteria": one
# slider per criterion; "points": 100 points shared out between the criteria; "pairwise": the six
# pairwise comparisons of the four pillars (AHP), aggregated by the geometric mean of judgements.
WeightingMode = Literal["pillars", "criteria", "points", "pairwise"]
WEIGHTING_MODES: tuple[WeightingMode, ...] = ("pillars", "criteria", "points", "pairwise")

Phase = Literal["joining", "round_1", "reveal_1", "round_2", "reveal_2", "closed"]

# A participant's weight on one item (a pillar or a criterion): 0-10 on sliders, 0-100 in points.
ItemWeight = Annotated[float, Field(ge=0, le=100)]
# The level of a score, as on the framework's 1-5 scale.
Level = Annotated[int, Field(ge=1, le=5)]
Pseudonym = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]

MIN_ROUNDS, MAX_ROUNDS = 1, 2
MAX_PARTICIPANTS = 200


class WorkshopModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkshopSettings(WorkshopModel):
    """What the facilitator chooses when creating a workshop from a scenario card."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    card_id: Identifier
    language: Literal["en", "fr", "de", "it"]
    weighting_mode: WeightingMode = "pillars"
    scores_adjustable: bool = False
    rounds: Annotated[int, Field(ge=MIN_ROUNDS, le=MAX_ROUNDS)] = 2
    expires_at: dt.datetime = Field(description="When the participants' data is deleted, if the workshop is not closed before.")


class PairwiseAnswer(WorkshopModel):
    """a is `value` times as important as b (Saaty scale 1/9-9)."""

    a: Identifier
    b: Identifier
    value: Annotated[float, Field(ge=1 / 9, le=9)]


class ParticipantInput(WorkshopModel):
    """One participant's input in one round.

    weights: by pillar id (modes pillars) or criterion id (criteria, points);
    judgements: the pairwise answers (mode pairwise);
    scores: the levels this participant changed, by option key then criterion id (only when the
    workshop lets participants adjust scores; absent cells keep the card's score)."""

    weights: dict[Identifier, ItemWeight] = Field(default_factory=dict)
    judgements: list[PairwiseAnswer] = Field(default_factory=list)
    scores: dict[Identifier, dict[Identifier, Level]] = Field(default_factory=dict)


def phases_for(rounds: int) -> tuple[Phase, ...]:
    """The phases a workshop moves through, in order."""
    if rounds == 1:
        return ("joining", "round_1", "reveal_1", "closed")
    return ("joining", "round_1", "reveal_1", "round_2", "reveal_2", "closed")


def open_round(phase: Phase) -> int | None:
    """The round participants may submit in during this phase, if any."""
    return {"round_1": 1, "round_2": 2}.get(phase)


def revealed_rounds(phase: Phase) -> tuple[int, ...]:
    """The rounds whose results may be shown in this phase: none before the first reveal."""
    return {"reveal_1": (1,), "round_2": (1,), "reveal_2": (1, 2)}.get(phase, ())
