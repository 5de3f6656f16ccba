"""What the engine finds in one workshop round: facts and codes, no language.

The wording (secu4all_ethics.wording.workshop) says them in the workshop's language; the
pages, the charts and the debrief read them. Participants appear by pseudonym only."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..results import EvaluationResult, Number, ResultModel


class ItemSpread(ResultModel):
    """How the participants' normalised weights on one item (a pillar or a criterion) spread."""

    item: str
    mean: Number
    median: Number
    minimum: Number
    maximum: Number
    quartile_1: Number
    quartile_3: Number
    interquartile_range: Number
    standard_deviation: Number = Field(description="Population standard deviation (ddof=0).")


class ParticipantOutcome(ResultModel):
    pseudonym: str
    weights: dict[str, Number] = Field(description="Normalised weights on the items the participant set (sum 1).")
    criterion_weights: dict[str, Number] = Field(description="The criterion weights these give (sum 1).")
    top_option: str | None = Field(description="Their first option (None if no option is ranked); ties: the first in the card's order.")
    ranks: dict[str, int] = Field(description="The rank of each ranked option under their weights (and their scores, if adjusted).")


class OptionSpread(ResultModel):
    option: str
    first_share: Number = Field(description="Share of participants for whom this option comes first.")
    rank_mean: Number
    rank_min: int
    rank_max: int
    rank_standard_deviation: Number


class DebatePrompt(ResultModel):
    """A question for the debate, as a code and its facts; the wording makes the sentence."""

    code: Literal["widest_spread", "first_would_change", "excluded_option", "split_first_choice", "below_status_quo"]
    params: dict[str, Any] = Field(default_factory=dict)


class RoundOutcome(ResultModel):
    """One round: the group's result and how far the participants agree."""

    round: int
    items: list[str] = Field(description="What participants weighted: pillar ids or criterion ids, in the framework's order.")
    participants: list[ParticipantOutcome] = Field(description="Those who submitted, in pseudonym order.")
    group_item_weights: dict[str, Number] = Field(description="Mean of the normalised weights, or the AHP priorities of the geometric-mean judgements.")
    group_criterion_weights: dict[str, Number]
    evaluation: EvaluationResult = Field(description="The card's options through the engine and legal gates with the group's weights.")
    spreads: list[ItemSpread]
    kendalls_w: Number | None = Field(description="Kendall's W of the participants' rankings of the items, with the tie correction; None below 2 participants.")
    contested_items: list[str] = Field(description="The most contested items, widest interquartile range first (at most 3).")
    options: list[OptionSpread]
    most_variable_options: list[str] = Field(description="Options whose rank varies most across participants (largest standard deviation), at most 2.")
    excluded_options: list[str] = Field(description="Options the legal gates exclude: no weight brings them back.")
    prompts: list[DebatePrompt]


class ItemMove(ResultModel):
    pseudonym: str
    item: str
    before: Number
    after: Number


class RoundChange(ResultModel):
    """What moved between round 1 and round 2 (participants who submitted in both)."""

    moves: list[ItemMove] = Field(description="Every change of a normalised weight larger than 0.005, largest first.")
    mean_absolute_change: dict[str, Number] = Field(description="Per item, the mean absolute change over the participants in both rounds.")
    kendalls_w_before: Number | None
    kendalls_w_after: Number | None
    consensus: Literal["grew", "fell", "unchanged", "unknown"]
    group_first_before: str | None
    group_first_after: str | None
