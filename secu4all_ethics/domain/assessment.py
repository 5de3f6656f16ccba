"""An assessment: one authority's need, the options it weighs, its legal
screening, scores and weights. This is user data, written in one language,
and it records the content it was made with so it can always be re-evaluated
against that content."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Final, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, StringConstraints, Tag, field_validator, model_validator

from .content import (
    MAX_CRITERIA,
    MAX_RAW_WEIGHT,
    AiActCategory,
    CostModel,
    DataProcessed,
    EvidenceGrade,
    Identifier,
    OptionKind,
    RawWeight,
    ResidualRisk,
    RiskLevelValue,
    ScaleValue,
    check_range_contains_value,
)
from .jurisdiction import Jurisdiction
from .localized import Language, UserText, refuse_nul

FORMAT_NAME: Final = "secu4all-assessment"
# The organisation of assessments made where nobody signs in and the installation names none
# (auth.default_organisation): it keeps them together for access, and is never printed as a name.
UNNAMED_ORGANISATION: Final = "My municipality"
# 2 added the DPIA (issue #15 point 17): the feared events of each option and the data subjects' views.
# A version 1 document is a version 2 document without them, and is read as one.
FORMAT_VERSION: Final = 2

ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]

# Real comparisons weigh 3 to 15 options. The report's PDF grows with options x criteria
# (a table of scores for each option, the annex's options x criteria tables): at 20 options
# and 20 criteria it takes about 20 s of CPU on the project's 2-core machine, at 60 options
# 47 s, and 1,500 options took 200 s and 5 GB (docs/benchmarks.md, bench/report_scaling.py).
MAX_OPTIONS = 20


class AssessmentModel(BaseModel):
    # allow_inf_nan=False: every float must be finite (pydantic accepts inf and nan by default).
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value):
        return refuse_nul(value)


class AssessmentStatus(str, Enum):
    draft = "draft"
    submitted = "submitted"
    changes_requested = "changes_requested"
    signed_off = "signed_off"


class Role(str, Enum):
    assessor = "assessor"
    dpo = "dpo"
    facilitator = "facilitator"
    participant = "participant"
    admin = "admin"


class Person(AssessmentModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    role: Role = Role.assessor
    authenticated: bool = False


class FrameworkRef(AssessmentModel):
    id: Identifier
    version: str
    content_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None


class ProblemEvidence(AssessmentModel):
    description: LongText
    source: ShortText = ""
    period: ShortText = ""


class Objective(AssessmentModel):
    description: LongText
    success_measure: LongText = ""


# A generous ceiling: a city's yearly count of one problem in one place type, not a typo's 1e300.
MAX_INCIDENTS_PER_YEAR = 10_000_000


class Baseline(AssessmentModel):
    """The stated problem's yearly count before any measure (issue #17): what an expected reduction applies to."""

    incidents_per_year: Annotated[float, Field(ge=0, le=MAX_INCIDENTS_PER_YEAR)]
    outcome_measure: ShortText = Field("", description="What is counted, e.g. vehicle crime recorded in the car park.")
    source: ShortText = ""
    period: ShortText = ""


class Need(AssessmentModel):
    problem_statement: LongText = ""
    place_type: ShortText = ""
    evidence: list[ProblemEvidence] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    affected_groups: list[ShortText] = Field(default_factory=list)
    vulnerable_groups: list[ShortText] = Field(default_factory=list)
    legitimate_aim: LongText = ""
    necessity_answers: dict[Identifier, LongText] = Field(
        default_factory=dict, description="Written answers to the EDPS necessity and proportionality steps, by step id."
    )
    baseline: Baseline | None = Field(None, description="How often the stated problem happens now: the base of the effectiveness estimate.")


class GateAnswer(AssessmentModel):
    answer: Literal["passes", "fails", "not_applicable"]
    justification: LongText = ""


class AssessedScore(AssessmentModel):
    """A score given by the assessor; overrides the catalogue's reference score."""

    value: ScaleValue
    low: ScaleValue | None = None
    high: ScaleValue | None = None
    evidence_grade: EvidenceGrade
    rationale: LongText = ""
    sources: list[ShortText] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range_contains_value(self) -> AssessedScore:
        check_range_contains_value(self.value, self.low, self.high)
        return self


class ObligationProgress(AssessmentModel):
    """Where an obligation stands for an option, as the assessor records it."""

    status: Literal["to_do", "in_progress", "done", "not_applicable"] = "to_do"
    note: LongText = ""


class FearedEventRating(AssessmentModel):
    """One feared event of an option's DPIA (criteria/dpia.yaml), rated on its severity and likelihood
    scales before the option's safeguards and after them, as the CNIL's PIA method rates it."""

    severity_before: RiskLevelValue | None = None
    likelihood_before: RiskLevelValue | None = None
    severity_after: RiskLevelValue | None = None
    likelihood_after: RiskLevelValue | None = None
    impacts: LongText = Field("", description="What the people concerned would suffer if the event happened.")
    measures: LongText = Field("", description="The safeguards that take the risk from its level before to its level after.")

    @property
    def rated_before(self) -> bool:
        return self.severity_before is not None and self.likelihood_before is not None

    @property
    def rated_after(self) -> bool:
        return self.severity_after is not None and self.likelihood_after is not None


class DataSubjectViews(AssessmentModel):
    """GDPR Art. 35(9): the views of the people concerned or their representatives, or why they were not sought.
    One per assessment: the same people live with whichever option is chosen."""

    sought: bool | None = Field(None, description="Whether their views were sought; null: not said yet.")
    views: LongText = Field("", description="Who was asked, how, and what they said.")
    reason_not_sought: LongText = Field("", description="Why their views were not sought (Art. 35(9): 'where appropriate').")

    @property
    def answered(self) -> bool:
        if self.sought is None:
            return False
        return bool((self.views if self.sought else self.reason_not_sought).strip())


class CustomOption(AssessmentModel):
    """An option that is not in the catalogue, described by the assessor."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: LongText = ""
    kind: OptionKind = "technology"
    intrusiveness: ScaleValue
    data_processed: DataProcessed


class AssessedCostModel(CostModel):
    """An option's cost model as the assessor writes it: its scope and rationale may
    be written in the assessment's language alone (that text stands for every language)."""

    scope: UserText
    rationale: UserText


def _catalogue_cost_model_as_data(value):
    # A catalogue CostModel given as is (copied from a technology) is validated as the assessor's own.
    if isinstance(value, CostModel) and not isinstance(value, AssessedCostModel):
        return value.model_dump()
    return value


class VendorAnswer(AssessmentModel):
    """A vendor's answer to a question of the tender's questionnaire (criteria/tender/questions.yaml)."""

    vendor: ShortText = ""
    date: dt.date | None = None
    answer: LongText = ""
    contradicts_assumption: bool = Field(
        False, description="The answer contradicts what the assessment assumed: the scores and gates the question depends on are to be reviewed."
    )


class AssessedOption(AssessmentModel):
    key: Identifier = Field(description="Unique within the assessment; the catalogue id by default.")
    catalogue_id: Identifier | None = None
    custom: CustomOption | None = None
    configurations: list[Identifier] = Field(default_factory=list)
    gate_answers: dict[Identifier, GateAnswer] = Field(default_factory=dict)
    ai_act_category: AiActCategory | None = None
    dpia_criteria: list[Identifier] | None = Field(None, description="WP248 criteria met; null means: take the catalogue's hint.")
    residual_risk: ResidualRisk | None = Field(
        None, description="The risk that remains with this option's safeguards, as its impact assessment found it; a high one calls for prior consultation."
    )
    obligations: list[Identifier] = Field(default_factory=list, description="Obligations the assessor adds to those the rules trigger.")
    obligation_progress: dict[Identifier, ObligationProgress] = Field(
        default_factory=dict, description="Status of each obligation that applies, by obligation id."
    )
    scores: dict[Identifier, AssessedScore] = Field(default_factory=dict, max_length=MAX_CRITERIA)
    feared_events: dict[Identifier, FearedEventRating] = Field(
        default_factory=dict, max_length=20, description="The DPIA's feared events for this option, by event id (criteria/dpia.yaml)."
    )
    cost_model: Annotated[AssessedCostModel | None, BeforeValidator(_catalogue_cost_model_as_data)] = None
    necessity_note: LongText = Field("", description="Why this option was kept or rejected.")
    vendor_answers: dict[Identifier, VendorAnswer] = Field(
        default_factory=dict, max_length=50, description="Vendors' answers to the tender's questions, by question id."
    )
    effect_range_accepted: bool = Field(
        False, description="The assessors accept the catalogue's expected effect as the range of the effectiveness score (issue #17)."
    )

    @model_validator(mode="after")
    def _catalogue_or_custom(self) -> AssessedOption:
        if (self.catalogue_id is None) == (self.custom is None):
            raise ValueError("an option names exactly one of catalogue_id or custom")
        if self.custom is not None and self.cost_model is None:
            raise ValueError("a custom option needs its own cost_model")
        return self


Conclusion = Literal["undecided", "recommend_option", "no_option_justified", "alternative_suffices"]
CONCLUSIONS: tuple[str, ...] = get_args(Conclusion)
# These conclusions name the option they recommend; the Decision page asks for it before saving either.
NEEDS_OPTION = ("recommend_option", "alternative_suffices")


class Decision(AssessmentModel):
    """What the assessors conclude and ask the decision-maker to decide; the engine's ranking informs it but does not make it."""

    question: LongText = Field("", description="The decision asked for, in one or two sentences.")
    conclusion: Conclusion = "undecided"
    recommended_option: Identifier | None = Field(None, description="The key of the recommended option (with recommend_option or alternative_suffices).")
    conditions: LongText = Field("", description="Conditions attached to the recommendation.")

    @model_validator(mode="after")
    def _option_named_when_recommending(self) -> Decision:
        if self.conclusion in NEEDS_OPTION and not self.recommended_option:
            raise ValueError(f"conclusion {self.conclusion} needs recommended_option")
        return self


class ActionItem(AssessmentModel):
    """A commitment in the safeguards and action plan."""

    description: LongText
    owner: ShortText = ""
    due: dt.date | None = None
    origin: Literal["configuration", "obligation", "dpo_review", "assessor"] = "assessor"
    origin_ref: ShortText = Field("", description="The configuration id, obligation id or review section the commitment comes from.")
    status: Literal["planned", "in_progress", "done"] = "planned"


class Proportionality(AssessmentModel):
    statement: LongText = Field("", description="Why the intrusion is proportionate to the aim, in the assessors' words.")
    review_date: dt.date | None = None
    sunset_date: dt.date | None = Field(None, description="When the measure ends unless renewed by a new assessment.")
    reassessment_triggers: list[ShortText] = Field(default_factory=list)


class _WeightsBase(AssessmentModel):
    set_by: ShortText = Field("", description="Who set the weights (a name or a role).")


class DirectWeights(_WeightsBase):
    """Numbers per criterion, or a preset when no numbers are given."""

    method: Literal["direct"] = "direct"
    preset: Identifier | None = None
    values: dict[Identifier, RawWeight] = Field(default_factory=dict, description="Raw weights by criterion id; empty means the preset or the defaults.")


class PointsWeights(_WeightsBase):
    """100 points shared out between the criteria."""

    method: Literal["points"]
    points: dict[Identifier, RawWeight]


class RankingWeights(_WeightsBase):
    """A ranking of the criteria, most important first; a group holds tied criteria."""

    method: Literal["roc"]
    ranking: list[list[Identifier]] = Field(min_length=1)


class SwingWeights(_WeightsBase):
    """Each criterion's swing from worst to best, the most important rated 100."""

    method: Literal["swing"]
    swings: dict[Identifier, Annotated[float, Field(ge=0, le=100)]]


class PairwiseJudgement(AssessmentModel):
    a: Identifier
    b: Identifier
    value: Annotated[float, Field(gt=0, le=MAX_RAW_WEIGHT, description="a is this many times as important as b (Saaty scale 1/9-9).")]


class AhpWeights(_WeightsBase):
    """Pairwise comparisons of criteria, or of pillars with criteria weighted within each pillar."""

    method: Literal["ahp"]
    scope: Literal["criteria", "pillars"] = "criteria"
    judgements: list[PairwiseJudgement] = Field(min_length=1)
    within_pillar: dict[Identifier, RawWeight] = Field(
        default_factory=dict, description="With scope 'pillars': criterion weights within their pillar; empty means the defaults."
    )


class HierarchicalWeights(_WeightsBase):
    """Pillar weights times criterion weights within each pillar."""

    method: Literal["hierarchical"]
    pillars: dict[Identifier, RawWeight]
    within_pillar: dict[Identifier, RawWeight] = Field(default_factory=dict, description="Criterion weights within their pillar; empty means the defaults.")


def _weights_method(value: object) -> str:
    if isinstance(value, dict):
        return value.get("method", "direct")
    return getattr(value, "method", "direct")


WeightSettings = Annotated[
    Annotated[DirectWeights, Tag("direct")]
    | Annotated[PointsWeights, Tag("points")]
    | Annotated[RankingWeights, Tag("roc")]
    | Annotated[SwingWeights, Tag("swing")]
    | Annotated[AhpWeights, Tag("ahp")]
    | Annotated[HierarchicalWeights, Tag("hierarchical")],
    Discriminator(_weights_method),
]


class RobustnessSettings(AssessmentModel):
    """How the rank-acceptability simulation is run; recorded so results can be reproduced."""

    samples: Annotated[int, Field(ge=100, le=100_000)] = 10_000
    concentration: Annotated[float, Field(gt=0, le=10_000)] = Field(
        100.0, description="Dirichlet concentration of the sampled weights: larger keeps them closer to the chosen ones."
    )
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 20_231


def _read_as_current_version(value: object) -> object:
    # Version 1 lacks only fields that have defaults: reading it as version 2 is its whole migration.
    return FORMAT_VERSION if value == 1 else value


class Assessment(AssessmentModel):
    format: Literal["secu4all-assessment"] = FORMAT_NAME
    format_version: Annotated[Literal[1, 2], BeforeValidator(_read_as_current_version)] = FORMAT_VERSION
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    organisation: ShortText = ""
    language: Language = "en"
    framework: FrameworkRef
    status: AssessmentStatus = AssessmentStatus.draft
    authors: list[Person] = Field(default_factory=list)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    jurisdiction: Jurisdiction = Field(default_factory=Jurisdiction, description="Where and who: the law that applies.")
    need: Need = Field(default_factory=Need)
    options: list[AssessedOption] = Field(default_factory=list, max_length=MAX_OPTIONS)
    alternatives_justification: LongText = Field("", description="Why no less intrusive alternative is compared, when none is.")
    weights: WeightSettings = Field(default_factory=DirectWeights)
    robustness: RobustnessSettings = Field(default_factory=RobustnessSettings)
    decision: Decision = Field(default_factory=Decision)
    action_plan: list[ActionItem] = Field(default_factory=list)
    residual_risks: list[LongText] = Field(default_factory=list)
    proportionality: Proportionality = Field(default_factory=Proportionality)
    data_subject_views: DataSubjectViews = Field(default_factory=DataSubjectViews)
    public_summary: LongText = Field("", description="The plain-language summary for the public, in the assessors' words; generated when empty.")

    @model_validator(mode="after")
    def _option_keys_unique(self) -> Assessment:
        seen: set[str] = set()
        for option in self.options:
            if option.key in seen:
                raise ValueError(f"option key {option.key!r} is used twice")
            seen.add(option.key)
        recommended = self.decision.recommended_option
        if recommended is not None and recommended not in seen:
            raise ValueError(f"decision.recommended_option {recommended!r} is not one of the options")
        return self
