"""One workshop round: every participant's ranking, the group's result, and what to debate.

The card's assessment goes through engine.evaluate once (without the Monte Carlo simulation,
which only the group's result needs). A participant who adjusted no score ranks its options as
evaluate would with their weights: the weighted sum of the card's values, ranked by the engine's
own functions (weighted_sum, competition_ranks, placing_order; a test keeps the two equal), which
takes 40 participants well under a second. A participant who adjusted scores goes through
evaluate with their own levels. The group's weights (aggregate.py) go through evaluate with the
simulation. The legal gates do not depend on weights or scores: an option they exclude stays
excluded for everybody.

Scores adjusted by participants (ParticipantInput.scores, only when the workshop allows it; the
service passes no scores otherwise): a participant's own ranking uses the levels they set. The
group's evaluation uses, for each cell (option, criterion) that at least one participant changed,
the median of all participants' levels, where a participant who left the cell alone counts with
the card's level; a median between two levels (x.5) is rounded half up to a whole level. A level
set on a criterion scored from the cost model, or on an option or criterion the card does not
have, is ignored: the card's cost model and options are the facts of the scenario."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ...content.bundle import ContentBundle
from ...domain.assessment import AhpWeights, AssessedScore, Assessment, DirectWeights, HierarchicalWeights, PairwiseJudgement, WeightSettings
from ...domain.content import EvidenceGrade
from ...domain.scoring import score_in_force
from ...domain.workshop import ParticipantInput, WeightingMode
from ..evaluate import evaluate
from ..methods.ranks import competition_ranks, placing_order
from ..methods.weighted_sum import weighted_sum
from ..results import EvaluationResult
from ..weighting import WeightError
from .aggregate import Judgement, criterion_weights, group_item_weights, item_ids, item_weights, weight_matrix
from .consensus import contested_items, item_spreads, kendalls_w
from .results import DebatePrompt, ItemSpread, OptionSpread, ParticipantOutcome, RoundOutcome

MAX_MOST_VARIABLE = 2
Levels = dict[str, dict[str, int]]  # option key -> criterion id -> level


def round_outcome(template: Assessment, bundle: ContentBundle, inputs: Mapping[str, ParticipantInput], mode: WeightingMode, round_number: int) -> RoundOutcome:
    """The outcome of one round from the submitted inputs, keyed by pseudonym.

    Raises WeightError with code "no_participants" when nobody submitted, and the weighting's own
    WeightError for an input the mode cannot use (aggregate.item_weights, which the service
    applies on submission, refuses the same)."""
    if not inputs:
        raise WeightError("no participant submitted in this round", "no_participants")
    items = item_ids(bundle, mode)
    pseudonyms = sorted(inputs, key=lambda name: (name.casefold(), name))
    submitted = [inputs[name] for name in pseudonyms]
    normalised = [item_weights(bundle, mode, participant) for participant in submitted]
    card_levels = _card_levels(template, bundle)

    # The card's values do not depend on weights: whatever weights the card's file holds, the defaults do.
    card = _CardValues.of(evaluate(template.model_copy(update={"weights": DirectWeights()}), bundle, with_acceptability=False), bundle)
    participants = []
    for pseudonym, participant, weights in zip(pseudonyms, submitted, normalised):
        own_criterion_weights = criterion_weights(bundle, mode, weights)
        levels = _valid_levels(participant, card_levels)
        if levels:
            own = _with_levels(template, card_levels, levels).model_copy(update={"weights": DirectWeights(values=own_criterion_weights)})
            result = evaluate(own, bundle, with_acceptability=False)
            top, ranks = (result.ranking[0] if result.ranking else None), {o.key: o.rank for o in result.options if o.rank is not None}
        else:
            top, ranks = card.ranking(own_criterion_weights)
        participants.append(ParticipantOutcome(pseudonym=pseudonym, weights=weights, criterion_weights=own_criterion_weights, top_option=top, ranks=ranks))

    group_weights, group_judgements = group_item_weights(bundle, mode, submitted, normalised)
    group_criterion_weights = criterion_weights(bundle, mode, group_weights)
    group = _with_levels(template, card_levels, _median_levels(submitted, card_levels))
    evaluation = evaluate(group.model_copy(update={"weights": _group_settings(mode, group_weights, group_criterion_weights, group_judgements)}), bundle)

    matrix = weight_matrix(normalised, items)
    spreads = item_spreads(matrix, items)
    contested = contested_items(spreads)
    options = _option_spreads(evaluation, participants)
    return RoundOutcome(
        round=round_number,
        items=items,
        participants=participants,
        group_item_weights=group_weights,
        group_criterion_weights=group_criterion_weights,
        evaluation=evaluation,
        spreads=spreads,
        kendalls_w=kendalls_w(matrix),
        contested_items=contested,
        options=options,
        most_variable_options=_most_variable(options, [o.key for o in template.options]),
        excluded_options=list(evaluation.excluded),
        prompts=_prompts(evaluation, spreads, contested, options, len(participants)),
    )


@dataclass(frozen=True)
class _CardValues:
    """The card's ranked options (in the card's order) and their values, as evaluate weighs them."""

    keys: list[str]
    criterion_ids: list[str]
    values: np.ndarray

    @classmethod
    def of(cls, result: EvaluationResult, bundle: ContentBundle) -> _CardValues:
        criterion_ids = list(bundle.criterion_ids)
        ranked = [option for option in result.options if option.status == "ranked"]
        values = np.array([[option.criteria[c].configured for c in criterion_ids] for option in ranked], dtype=float)
        return cls([option.key for option in ranked], criterion_ids, values.reshape(len(ranked), len(criterion_ids)))

    def ranking(self, weights: Mapping[str, float]) -> tuple[str | None, dict[str, int]]:
        """The first option (ties: the card's order, as evaluate's ranking) and every ranked option's rank."""
        if not self.keys:
            return None, {}
        scores, _ = weighted_sum(self.values, np.array([weights[c] for c in self.criterion_ids]))
        first = self.keys[int(placing_order(scores)[0])]
        return first, {key: int(rank) for key, rank in zip(self.keys, competition_ranks(scores))}


def median_item_weights(outcome: RoundOutcome) -> dict[str, float]:
    """Each item's median normalised weight in a round (shown beside a participant's own in round 2)."""
    return {spread.item: float(spread.median) for spread in outcome.spreads}


def _group_settings(mode: WeightingMode, weights: dict[str, float], criterion: dict[str, float], judgements: Sequence[Judgement]) -> WeightSettings:
    # The group's settings say how its weights were made, so its evaluation reports the method
    # (and, for AHP, the group matrix's consistency) as an assessment's would.
    if mode == "pairwise":
        return AhpWeights(method="ahp", scope="pillars", judgements=[PairwiseJudgement(a=a, b=b, value=value) for a, b, value in judgements])
    if mode == "pillars":
        return HierarchicalWeights(method="hierarchical", pillars=weights)
    return DirectWeights(values=criterion)


# --- scores adjusted by participants ---------------------------------------------------------


def _card_levels(template: Assessment, bundle: ContentBundle) -> dict[tuple[str, str], int | None]:
    """The level in force on the card for every cell a participant may change (None: the card has none)."""
    levels: dict[tuple[str, str], int | None] = {}
    for option in template.options:
        technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
        for criterion_id in bundle.judgement_criterion_ids:
            given, _ = score_in_force(option.scores.get(criterion_id), technology.scores.get(criterion_id) if technology else None)
            levels[(option.key, criterion_id)] = given.value if given is not None else None
    return levels


def _valid_levels(participant: ParticipantInput, card_levels: Mapping[tuple[str, str], int | None]) -> Levels:
    return {
        option: {criterion: level for criterion, level in row.items() if (option, criterion) in card_levels}
        for option, row in participant.scores.items()
        if any((option, criterion) in card_levels for criterion in row)
    }


def _median_levels(participants: Sequence[ParticipantInput], card_levels: Mapping[tuple[str, str], int | None]) -> Levels:
    changed = {(option, criterion) for p in participants for option, row in _valid_levels(p, card_levels).items() for criterion in row}
    medians: Levels = {}
    for option, criterion in sorted(changed):
        card = card_levels[(option, criterion)]
        given = [p.scores.get(option, {}).get(criterion, card) for p in participants]
        levels = [level for level in given if level is not None]  # without a card level, only those who gave one
        medians.setdefault(option, {})[criterion] = math.floor(float(np.median(levels)) + 0.5)
    return medians


def _with_levels(template: Assessment, card_levels: Mapping[tuple[str, str], int | None], levels: Levels) -> Assessment:
    """The card's assessment with these levels in force; a level equal to the card's keeps the card's score."""
    options = []
    for option in template.options:
        changes = {c: level for c, level in levels.get(option.key, {}).items() if level != card_levels[(option.key, c)]}
        if not changes:
            options.append(option)
            continue
        scores = dict(option.scores) | {c: AssessedScore(value=level, evidence_grade=EvidenceGrade.expert_judgement) for c, level in changes.items()}
        options.append(option.model_copy(update={"scores": scores}))
    return template.model_copy(update={"options": options})


# --- options and prompts -----------------------------------------------------------------------


def _option_spreads(evaluation: EvaluationResult, participants: Sequence[ParticipantOutcome]) -> list[OptionSpread]:
    """Per option the group ranks, in the group's order: how the participants placed it."""
    spreads = []
    for key in evaluation.ranking:
        ranks = np.array([p.ranks[key] for p in participants if key in p.ranks], dtype=float)
        if ranks.size == 0:
            continue
        spreads.append(
            OptionSpread(
                option=key,
                first_share=sum(p.top_option == key for p in participants) / len(participants),
                rank_mean=float(ranks.mean()),
                rank_min=int(ranks.min()),
                rank_max=int(ranks.max()),
                rank_standard_deviation=float(ranks.std()),
            )
        )
    return spreads


def _most_variable(options: Sequence[OptionSpread], card_order: Sequence[str]) -> list[str]:
    """The options whose rank moves most between participants (ties: the card's order); none that never moves."""
    moving = [o for o in options if o.rank_standard_deviation > 1e-12]
    moving.sort(key=lambda o: (-round(o.rank_standard_deviation, 12), card_order.index(o.option)))
    return [o.option for o in moving[:MAX_MOST_VARIABLE]]


def _prompts(
    evaluation: EvaluationResult, spreads: Sequence[ItemSpread], contested: Sequence[str], options: Sequence[OptionSpread], participant_count: int
) -> list[DebatePrompt]:
    """The debate's agenda in the session's order: the weights first, the legal gates last."""
    prompts = []
    if contested:
        widest = next(s for s in spreads if s.item == contested[0])
        prompts.append(
            DebatePrompt(
                code="widest_spread",
                params={"item": widest.item, "iqr": widest.interquartile_range, "min": widest.minimum, "max": widest.maximum},
            )
        )
    change = evaluation.robustness.critical_change if evaluation.robustness is not None else None
    if change is not None:
        prompts.append(DebatePrompt(code="first_would_change", params=change.model_dump(mode="json")))
    firsts = sorted((o for o in options if o.first_share > 0), key=lambda o: -o.first_share)
    if participant_count >= 2 and len(firsts) >= 2 and all(o.first_share <= 0.5 for o in firsts):
        prompts.append(DebatePrompt(code="split_first_choice", params={"options": [o.option for o in firsts], "shares": [o.first_share for o in firsts]}))
    below = [o.key for o in evaluation.options if o.beats_status_quo is False]
    if below and evaluation.status_quo is not None:
        prompts.append(DebatePrompt(code="below_status_quo", params={"options": below, "status_quo": evaluation.status_quo}))
    for option in evaluation.options:
        if option.status == "excluded":
            prompts.append(DebatePrompt(code="excluded_option", params={"option": option.key, "gates": [g.gate for g in option.exclusion_reasons]}))
    return prompts
