"""The evaluation result: a stable, documented JSON interface.

Everything a report or a screen shows is read from here, so every number
traces back to an input: a criterion value says where it came from, a
contribution is weight x value, an exclusion names its gate and legal basis.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.content import AiActCategory, EvidenceGrade, OptionKind

RESULT_FORMAT = "secu4all-result"
RESULT_FORMAT_VERSION = 1


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


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


class CriterionValue(ResultModel):
    base: float | None = Field(description="Before configurations: the assessor's score, else the reference score.")
    configured: float | None = Field(description="After the chosen configurations, kept within 1-5.")
    low: float | None
    high: float | None
    source: Literal["assessor", "reference", "cost_model", "missing"]
    evidence_grade: EvidenceGrade | None
    vendor_claim_only: bool = False
    departs_from_reference: bool = False
    configuration_changes: dict[str, int] = Field(default_factory=dict)


class GateOutcome(ResultModel):
    gate: str
    gate_name: str
    answer: Literal["passes", "fails", "not_applicable", "unanswered"]
    answered_by: Literal["assessor", "catalogue_hint", "nobody"]
    justification: str
    legal_basis: list[str]
    message: str = Field("", description="The exclusion message, for a failed gate.")


class ObligationOutcome(ResultModel):
    obligation: str
    name: str
    triggered_by: Literal["dpia_screening", "ai_act_category", "personal_data", "catalogue_hint", "assessor"]
    detail: str
    legal_basis: list[str]


class CostInfo(ResultModel):
    capital_share_eur: float
    operating_eur: float
    staff_eur: float
    yearly_total_eur: float
    band_score: int


class OptionResult(ResultModel):
    key: str
    name: str
    kind: OptionKind
    catalogue_id: str | None
    less_intrusive_alternative: bool
    configurations: list[str]
    status: Literal["ranked", "excluded", "incomplete"]
    rank: int | None
    score: float | None = Field(description="Weighted mean on the fixed 1-5 scale.")
    contributions: dict[str, float] | None = Field(description="weight x configured value, by criterion.")
    pillar_subtotals: dict[str, float] | None
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


class EngineWarning(ResultModel):
    code: str
    message: str
    option: str | None = None
    criterion: str | None = None


class EvaluationResult(ResultModel):
    format: Literal["secu4all-result"] = RESULT_FORMAT
    format_version: Literal[1] = RESULT_FORMAT_VERSION
    language: str
    framework: FrameworkInfo
    assessment: AssessmentInfo
    method: Literal["weighted_sum_fixed_scale"] = "weighted_sum_fixed_scale"
    weights_source: str
    weights: dict[str, float]
    pillar_weights: dict[str, float]
    options: list[OptionResult]
    ranking: list[str] = Field(description="Keys of the ranked options, best first.")
    not_placed: list[str] = Field(description="Keys of the options that could not be ranked (incomplete).")
    excluded: list[str]
    less_intrusive_alternative_compared: bool
    complete: bool
    warnings: list[EngineWarning]
