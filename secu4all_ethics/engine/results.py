"""The evaluation result: a stable, documented JSON interface.

Everything a report or a screen shows is read from here, so every number
traces back to an input: a criterion value says where it came from, a
contribution is weight x value, an exclusion names its gate and legal basis.

The engine speaks no language. It returns facts: ids, codes, numbers, and the
texts it was given (content in every language, the assessors' own words) as
they are. Its result leaves the sentence fields (`language`, names, messages,
statements, captions) empty; secu4all_ethics.wording.word_result fills them in
for one language, so one evaluation serves every language. The facts that only
a sentence needs (a warning's parameters, a score's rationale) ride along in
fields that are kept out of the JSON (Fact), which stays the published format.

Numbers are rounded at the JSON edge only (model_dump_json, model_dump(mode="json")):
every figure to PRECISION decimal places, never -0.0; the criterion weights, the
pillar weights and the AHP priorities by largest remainder, so that as written
they add up to exactly 1. The engine computes at full precision; six decimals are
far below anything a score on a 1-5 scale or a weight in percent shows, and they
take away the float noise (4.1899999999999995) that no reader should see.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_serializer
from pydantic.json_schema import SkipJsonSchema

from ..domain.content import AiActCategory, EvidenceGrade, OptionKind
from ..domain.localized import LocalizedText
from .methods import MethodId

RESULT_FORMAT: Final = "secu4all-result"
# 2: the jurisdiction and the regime that applies (issue #14).
RESULT_FORMAT_VERSION: Final = 2
PRECISION = 6  # decimal places of every number in the result JSON


def clean_number(value: float) -> float:
    """value rounded to PRECISION decimals; -0.0 becomes 0.0."""
    return round(value, PRECISION) + 0.0


def rounded_shares(shares: dict[str, float]) -> dict[str, float]:
    """Shares rounded to PRECISION decimals whose sum is the rounded total exactly (largest remainder)."""
    unit = 10**PRECISION
    scaled = {key: value * unit for key, value in shares.items()}
    units = {key: math.floor(value) for key, value in scaled.items()}
    missing = round(sum(shares.values()) * unit) - sum(units.values())
    for key in sorted(scaled, key=lambda k: units[k] - scaled[k])[: max(0, missing)]:
        units[key] += 1
    return {key: units[key] / unit + 0.0 for key in shares}


# A float written to JSON at PRECISION decimals.
Number = Annotated[float, PlainSerializer(clean_number, return_type=float, when_used="json")]


# Text as the engine was given it: content text in every language, or the assessors' text in theirs.
Text = LocalizedText | str


def fact(default: Any = None, *, default_factory: Any = None, description: str | None = None) -> Any:
    """A field the wording reads and the JSON leaves out: the published format is the worded one."""
    if default_factory is not None:
        return Field(default_factory=default_factory, exclude=True, description=description)
    return Field(default, exclude=True, description=description)


WORDED = "x-worded"  # marks a sentence field in the schema being built; never left in it


def worded() -> Any:
    """A sentence field: empty in the engine's result, filled in by the wording, always in the JSON."""
    return Field("", json_schema_extra={WORDED: True})


def _worded_fields_are_required(schema: dict[str, Any], model: type) -> None:
    # The published JSON always holds its sentences: the schema requires them, though the engine leaves them empty.
    properties = schema.get("properties", {})
    sentences = {name for name, field in properties.items() if field.pop(WORDED, False) and field.pop("default", None) == ""}
    required = set(schema.get("required", [])) | sentences
    if required:
        schema["required"] = [name for name in properties if name in required]


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_worded_fields_are_required)


class FrameworkInfo(ResultModel):
    id: str
    version: str
    content_hash: str
    valid_as_of: str


class AssessmentInfo(ResultModel):
    id: str
    title: str
    recorded_content_hash: str | None
    content_matches: bool = Field(description="The assessment was made with exactly the content used now.")


class NationalProvisionInfo(ResultModel):
    """One provision of the member state's own law that concerns the assessment (engine/national.py)."""

    id: str
    status: Literal["in_force", "not_yet", "ended"] = Field(description="On the planned start of use, or today when none is given.")
    options: list[str] = Field(description="The catalogue ids of the compared options it concerns; empty: every option.")


class JurisdictionInfo(ResultModel):
    """Where and who, as the assessors stated it, and the regime that follows (engine/regime.py)."""

    stated: bool = Field(description="The member state, the controller and the purpose are all given.")
    member_state: str | None
    region: str | None
    controller: str | None
    purpose: str | None
    planned_start: dt.date | None
    regime: Literal["gdpr", "led", "both"] | None = Field(description="The regime that applies; null when it cannot be told.")
    derived_regime: Literal["gdpr", "led", "both"] | None = Field(description="What the rule gives, shown beside an override.")
    regime_reason: Literal["not_stated", "administrative_purpose", "competent_authority", "both_purposes", "not_a_competent_authority"]
    regime_overridden: bool
    regime_justification: str
    regime_explanation: str = worded()
    national_pack: bool = Field(description="The content holds the member state's own provisions (criteria/jurisdictions/).")
    national_provisions: list[NationalProvisionInfo]


class CriterionValue(ResultModel):
    base: Number | None = Field(description="Before configurations: the assessor's score, else the reference score.")
    configured: Number | None = Field(description="After the chosen configurations, kept within 1-5.")
    low: Number | None
    high: Number | None
    source: Literal["assessor", "reference", "cost_model", "missing"]
    evidence_grade: EvidenceGrade | None
    vendor_claim_only: bool = False
    departs_from_reference: bool = False
    configuration_changes: dict[str, int] = Field(default_factory=dict)
    anchor_ceiling: int | None = Field(
        None,
        description="Set when the configurations would have lifted the score above the highest level whose anchor the configured option meets: that level.",
    )
    # The reasons for the score, from the same source as the value (the assessor's, else the reference's).
    rationale: SkipJsonSchema[Text | None] = fact(description="The rationale of the score, as written.")
    sources: SkipJsonSchema[list[str]] = fact(default_factory=list, description="The sources of the score (reference ids or the assessors' own).")
    range_from_expected_effect: bool = Field(
        False, description="The low-high range is the one the catalogue's expected effect gives, as the assessors accepted it (issue #17)."
    )


class GateOutcome(ResultModel):
    gate: str
    gate_name: str = worded()
    answer: Literal["passes", "fails", "not_applicable", "unanswered"]
    answered_by: Literal["assessor", "catalogue_hint", "nobody"]
    justification: str = worded()  # the assessors' justification, or the catalogue's reason for its hint
    legal_basis: list[str]
    applies_from: dt.date | None = Field(None, description="The date from which the rule it tests applies (legal_dates); null: it always has.")
    applies_at_start: bool = Field(True, description="Whether that rule applies on the planned start of use.")
    regime_wording: Literal["gdpr", "led"] | None = Field(
        None, description="The regime whose own question and legal basis the gate was asked in (content: by_regime); null: the gate's main wording."
    )
    message: str = Field("", description="The exclusion message, for a failed gate.")
    overrides_hint: bool = Field(
        False,
        description="The assessors' answer lets the option through although the catalogue hints 'fails'. "
        "Without a justification the gate counts as unanswered.",
    )
    hint_reason: SkipJsonSchema[LocalizedText | None] = fact(description="The catalogue's reason for its hint, when no assessor answered.")


class ObligationOutcome(ResultModel):
    obligation: str
    name: str = worded()
    triggered_by: Literal["dpia_screening", "ai_act_category", "personal_data", "catalogue_hint", "residual_risk", "assessor"]
    detail: str = worded()
    legal_basis: list[str]
    applies_from: dt.date | None = Field(None, description="The legal date from which it applies; null: it applies now.")
    applies_at_start: bool = Field(True, description="It applies on the planned start of use (today when none is given).")
    params: SkipJsonSchema[dict[str, Any]] = fact(default_factory=dict, description="What triggered it (ids, counts, the catalogue's reason).")


class CostInfo(ResultModel):
    capital_share_eur: Number
    operating_eur: Number
    staff_eur: Number
    yearly_total_eur: Number
    band_score: int


class OptionResult(ResultModel):
    key: str
    name: str = worded()
    kind: OptionKind
    catalogue_id: str | None
    less_intrusive_alternative: bool
    configurations: list[str]
    status: Literal["ranked", "excluded", "incomplete"]
    rank: int | None
    score: Number | None = Field(description="Weighted mean on the fixed 1-5 scale.")
    beats_status_quo: bool | None = Field(
        None,
        description="A ranked option's score is above the status quo's (the necessity baseline); null without a ranked status quo, for the status quo itself, and for options not ranked.",
    )
    contributions: dict[str, Number] | None = Field(description="weight x configured value, by criterion.")
    pillar_subtotals: dict[str, Number] | None
    criteria: dict[str, CriterionValue]
    missing_criteria: list[str]
    gates: list[GateOutcome]
    exclusion_reasons: list[GateOutcome]
    unanswered_gates: list[str]
    ai_act_category: AiActCategory | None
    dpia_criteria: list[str]
    obligations: list[ObligationOutcome]
    cost: CostInfo | None
    necessity_note: str
    name_text: SkipJsonSchema[Text | None] = fact(description="The option's name: the catalogue's, or the assessors' for their own option.")

    def ranked_score(self) -> float:
        """The score of a ranked option (every ranked option has one; the others have none)."""
        if self.score is None:
            raise ValueError(f"option {self.key!r} is {self.status} and has no score")
        return self.score


class ExplainTable(ResultModel):
    """One intermediate step of a method, as a captioned table (rows and columns are ids)."""

    id: str
    method: str
    caption: str = worded()
    row_labels: list[str]
    column_labels: list[str]
    values: list[list[Number | None]]


class InconsistentPairInfo(ResultModel):
    a: str
    b: str
    given: Number = Field(description="The judgement given: a is this many times as important as b.")
    implied: Number = Field(description="The ratio of the derived weights, w_a / w_b.")
    suggested: Number = Field(description="The Saaty-scale value closest to the implied ratio.")


class AhpInfo(ResultModel):
    scope: Literal["criteria", "pillars"]
    items: list[str]
    priorities: dict[str, Number]
    lambda_max: Number
    consistency_index: Number
    random_index: Number
    random_index_table: str
    consistency_ratio: Number
    acceptable: bool = Field(description="Consistency ratio at most 0.10.")
    most_inconsistent_pairs: list[InconsistentPairInfo]

    @field_serializer("priorities", when_used="json")
    def _priorities_add_up(self, priorities: dict[str, float]) -> dict[str, float]:
        return rounded_shares(priorities)


class WeightingInfo(ResultModel):
    method: Literal["direct", "points", "roc", "swing", "ahp", "hierarchical"]
    source: str
    preset: str | None
    set_by: str
    ahp: AhpInfo | None


class MethodRanking(ResultModel):
    method: MethodId
    name: str = worded()
    scores: dict[str, Number]
    ranks: dict[str, int]
    first: list[str]
    agreement_with_weighted_sum: Number = Field(description="Kendall's tau-b between this ranking and the weighted sum's.")


class CrossCheck(ResultModel):
    methods: list[MethodRanking]
    same_first_choice: bool
    options_ranked_differently: list[str]
    promethee_linear_threshold: Number
    statement: str = worded()


class StabilityInfo(ResultModel):
    criterion: str
    weight: Number
    lower: Number = Field(description="Lowest weight at which the top option is still first.")
    upper: Number = Field(description="Highest weight at which the top option is still first.")


class CriticalChangeInfo(ResultModel):
    criterion: str
    current_weight: Number
    threshold_weight: Number
    direction: Literal["below", "above"]
    first: str
    runner_up: str = Field(description="The option that overtakes the first at the threshold: any challenger, not only the current runner-up.")


class AcceptabilityInfo(ResultModel):
    samples: int
    seed: int
    concentration: Number
    score_sampling: str = worded()
    rank_probabilities: dict[str, list[Number]] = Field(description="Per option, the share of samples in rank 1, 2, ...")
    first_choice: str
    first_choice_confidence: Number
    statement: str = worded()


class TornadoBar(ResultModel):
    criterion: str
    weight: Number
    weight_low: Number
    weight_high: Number
    score_low: Number
    score_high: Number


class Robustness(ResultModel):
    top_option: str
    tied_for_first: list[str]
    stability: list[StabilityInfo]
    critical_change: CriticalChangeInfo | None
    statement: str = worded()
    acceptability: AcceptabilityInfo | None = Field(description="Null when the simulation was not asked for.")
    tornado_option: str
    tornado: list[TornadoBar]
    change_at_limit: SkipJsonSchema[CriticalChangeInfo | None] = fact(
        description="A challenger that only draws level at a weight of 0 % or 100 %: no overtaking, said as a limit."
    )


class EngineWarning(ResultModel):
    code: str
    message: str = worded()
    option: str | None = None
    criterion: str | None = None
    params: SkipJsonSchema[dict[str, Any]] = fact(default_factory=dict, description="What the message names: ids, values.")


class EffectivenessEstimate(ResultModel):
    """One option's effectiveness estimate (engine/effectiveness.py): incidents prevented a year, yearly cost and
    cost per prevented incident, as ranges; or no estimate, with the reason."""

    option: str
    status: Literal["estimated", "no_estimate"]
    reason: Literal["no_evidence", "no_baseline"] | None = Field(None, description="Why there is no estimate; never a zero in its place.")
    baseline_incidents_per_year: Number | None = Field(None, description="The need's baseline the ranges multiply.")
    reduction_low: Number | None = Field(None, description="The expected effect's low end, as a fraction of the baseline (negative: an increase).")
    reduction_high: Number | None = None
    design: Literal["meta_analysis", "rct", "quasi_experimental"] | None = None
    references: list[str] = Field(default_factory=list)
    prevented_low: Number | None = Field(None, description="Incidents prevented a year at the effect's low end: baseline x reduction_low.")
    prevented_high: Number | None = None
    yearly_cost_eur: Number | None = Field(None, description="The option's yearly total cost of ownership (engine/cost.py).")
    cost_per_prevented: Literal["bounded", "unbounded", "prevents_none", "no_cost"] | None = Field(
        None,
        description="bounded: both ends given; unbounded: the low end prevents nothing, so the dearest end has no bound; "
        "prevents_none: even the high end prevents nothing; no_cost: the option has no cost model. Null without an estimate.",
    )
    cost_per_prevented_low_eur: Number | None = Field(None, description="Yearly cost / prevented_high.")
    cost_per_prevented_high_eur: Number | None = Field(None, description="Yearly cost / prevented_low.")
    effect: SkipJsonSchema[Any] = fact(description="The catalogue's ExpectedEffect: outcome, setting and caveat, in every language.")
    no_estimate_reason_text: SkipJsonSchema[LocalizedText | None] = fact(description="The catalogue's reason for giving no effect, if it gives one.")


class EvaluationResult(ResultModel):
    """The result of an evaluation. Every number is written with at most 6 decimal places and never as -0.0;
    weights, pillar weights and AHP priorities are rounded so that each set adds up to exactly 1."""

    format: Literal["secu4all-result"] = RESULT_FORMAT
    format_version: Literal[2] = RESULT_FORMAT_VERSION
    language: str = worded()  # of the names, messages, statements and captions
    framework: FrameworkInfo
    assessment: AssessmentInfo
    jurisdiction: JurisdictionInfo
    method: Literal["weighted_sum_fixed_scale"] = "weighted_sum_fixed_scale"
    weights_source: str
    weighting: WeightingInfo
    weights: dict[str, Number]
    pillar_weights: dict[str, Number]
    options: list[OptionResult]
    ranking: list[str] = Field(description="Keys of the ranked options, best first.")
    not_placed: list[str] = Field(description="Keys of the options that could not be ranked (incomplete).")
    excluded: list[str]
    status_quo: str | None = Field(None, description="Key of the ranked status quo (the best one if several): the line every measure must beat.")
    less_intrusive_alternative_compared: bool
    complete: bool
    cross_check: CrossCheck | None = Field(description="Other methods on the same options; null with fewer than two ranked.")
    robustness: Robustness | None = Field(description="Null with fewer than two ranked options.")
    explanation: list[ExplainTable]
    warnings: list[EngineWarning]
    effectiveness: list[EffectivenessEstimate] = Field(
        default_factory=list, description="Per option, the effectiveness estimate from the need's baseline and the catalogue's expected effect (issue #17)."
    )

    @field_serializer("weights", "pillar_weights", when_used="json")
    def _weights_add_up(self, weights: dict[str, float]) -> dict[str, float]:
        return rounded_shares(weights)
