"""The assessment framework as data: criteria, scales, gates, obligations,
technologies, presets and the references they cite.

Every model forbids unknown fields so that a typo in a YAML file is an error,
not a silently ignored key. Cross-references between files (a score naming an
unknown criterion, a preset missing a criterion...) are checked by
``secu4all_ethics.content.crossref`` once everything is loaded.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .localized import LocalizedText, refuse_nul

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ScaleValue = Annotated[int, Field(ge=1, le=5)]

# Plausible maxima. A value beyond them is a typo or an attack, not a deployment: unbounded,
# an infinite or 1e308 cost overflows every report format and a 1e-320 lifetime makes an
# option free; a thousand options make a PDF take minutes and gigabytes.
MAX_EUR = 1_000_000_000  # one billion euros, for a capital or a yearly cost
MAX_STAFF_FTE = 10_000
MIN_LIFETIME_YEARS = 0.1
MAX_LIFETIME_YEARS = 100
MAX_RAW_WEIGHT = 1_000_000  # raw weights are normalised; the bound keeps their sum finite
# The shipped framework has 16; each criterion adds a row to every option's table of scores
# and a column to the annex's tables (see MAX_OPTIONS in domain/assessment.py).
MAX_CRITERIA = 20

Euros = Annotated[float, Field(ge=0, le=MAX_EUR)]
StaffFte = Annotated[float, Field(ge=0, le=MAX_STAFF_FTE)]
LifetimeYears = Annotated[float, Field(ge=MIN_LIFETIME_YEARS, le=MAX_LIFETIME_YEARS)]
RawWeight = Annotated[float, Field(ge=0, le=MAX_RAW_WEIGHT)]


class ContentModel(BaseModel):
    # allow_inf_nan=False: every float must be finite (pydantic accepts inf and nan by default).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value):
        return refuse_nul(value)


class EvidenceGrade(str, Enum):
    """How strong the evidence behind a score is, strongest first."""

    meta_analysis = "meta_analysis"
    rct = "rct"
    quasi_experimental = "quasi_experimental"
    descriptive = "descriptive"
    expert_judgement = "expert_judgement"
    vendor_claim = "vendor_claim"


EVIDENCE_STRENGTH: dict[EvidenceGrade, int] = {
    EvidenceGrade.meta_analysis: 6,
    EvidenceGrade.rct: 5,
    EvidenceGrade.quasi_experimental: 4,
    EvidenceGrade.descriptive: 3,
    EvidenceGrade.expert_judgement: 2,
    EvidenceGrade.vendor_claim: 1,
}


class Verification(str, Enum):
    """How well a source was checked: the domain brief's [V], [S] and [U] tags."""

    verified = "verified"
    secondary = "secondary"
    unverified = "unverified"


class AiActCategory(str, Enum):
    prohibited = "prohibited"
    high_risk = "high_risk"
    transparency = "transparency"
    minimal = "minimal"
    not_ai = "not_ai"


# --- references -----------------------------------------------------------


class Reference(ContentModel):
    id: Identifier
    kind: Literal[
        "legislation",
        "case_law",
        "guideline",
        "regulator_decision",
        "study",
        "evaluation",
        "report",
        "press",
        "vendor",
    ]
    # A study is cited as published, in one language; a legal source's citation describes the
    # provision and is read by a DPO in their own language, so it is written in every language.
    citation: LocalizedText | Annotated[str, StringConstraints(min_length=3)]
    url: str | None = None
    date: dt.date | None = None
    verification: Verification
    member_state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None,
        description="For a national source (a statute, court or authority of one member state): its ISO code. Cited as a "
        "legal basis only for assessments in that member state, or that do not say where they are.",
    )

    def concerns(self, member_state: str | None) -> bool:
        """Whether an assessment in member_state (None: not stated) may cite this source as law that applies."""
        return self.member_state is None or member_state is None or self.member_state == member_state

    @model_validator(mode="after")
    def _sources_other_than_studies_are_cited_in_every_language(self) -> Reference:
        if self.kind != "study" and isinstance(self.citation, str):
            raise ValueError(f"a {self.kind} reference is cited in every language (citation: en, fr, de, it); only a study keeps its published citation")
        return self

    def citation_in(self, language: str) -> str:
        """The citation as a reader of ``language`` should see it."""
        return self.citation if isinstance(self.citation, str) else self.citation.get(language)


class ReferenceFile(ContentModel):
    references: list[Reference] = Field(min_length=1)


# --- framework --------------------------------------------------------------


class ScaleLevel(ContentModel):
    value: ScaleValue
    label: LocalizedText


class Scale(ContentModel):
    """The fixed 1-5 scale. 1 is the worst outcome for the city and its
    citizens, 5 the best, on every criterion (no 'cost-type' inversions)."""

    levels: list[ScaleLevel] = Field(min_length=5, max_length=5)

    @model_validator(mode="after")
    def _levels_are_one_to_five(self) -> Scale:
        values = [level.value for level in self.levels]
        if values != [1, 2, 3, 4, 5]:
            raise ValueError(f"scale levels must be listed as 1, 2, 3, 4, 5; got {values}")
        return self


# --- the data an option processes, and what the anchors require of it -------------


DataKind = Literal["biometric", "audio", "location"]
# How personal data reach the system, from least to most: the distinction the privacy anchors draw.
Capture = Literal["none", "aggregated", "on_activation", "incidental", "everyone"]


class DataProcessed(ContentModel):
    personal: bool
    biometric: bool
    audio: bool
    location: bool
    capture: Capture | None = Field(
        None,
        description="none: no personal data; aggregated: counted at the sensor, no individual recorded; "
        "on_activation: only when someone or something triggers it; incidental: people appear by chance; "
        "everyone: everyone present is captured. Omitted: 'everyone' for personal data, else 'none'.",
    )

    @model_validator(mode="after")
    def _special_data_is_personal(self) -> DataProcessed:
        if not self.personal and (self.biometric or self.audio or self.location):
            raise ValueError("biometric, audio or location data are personal data: set personal: true")
        if self.capture is None:
            object.__setattr__(self, "capture", "everyone" if self.personal else "none")
        elif (self.capture == "none") == self.personal:
            raise ValueError("capture 'none' means no personal data, and only then: check personal and capture")
        return self

    def changed_by(self, change: DataChange | None) -> DataProcessed:
        """These facts after a configuration's change; dropping personal data drops its capture too."""
        if change is None:
            return self
        facts = self.model_dump() | change.model_dump(exclude_none=True)
        if change.personal is False and change.capture is None:
            facts["capture"] = "none"
        return DataProcessed(**facts)


class DataChange(ContentModel):
    """What a configuration changes in the data an option processes (only the facts named)."""

    personal: bool | None = None
    biometric: bool | None = None
    audio: bool | None = None
    location: bool | None = None
    capture: Capture | None = None


class AnchorCondition(ContentModel):
    """What an option must be for a criterion's anchor text to describe it: a score at this level
    or above is only possible when the option's data facts meet it (issue #14, correction 9)."""

    personal: bool | None = Field(None, description="Required value of data_processed.personal.")
    capture: list[Capture] | None = Field(None, description="Allowed ways of capturing personal data.")
    without: list[DataKind] = Field(default_factory=list, description="Kinds of data the option must not process.")

    def holds_for(self, facts: DataProcessed) -> bool:
        return (
            (self.personal is None or facts.personal == self.personal)
            and (self.capture is None or facts.capture in self.capture)
            and not any(getattr(facts, kind) for kind in self.without)
        )


class Pillar(ContentModel):
    id: Identifier
    name: LocalizedText
    description: LocalizedText


# A reduction of the stated problem as a fraction of its baseline: 0.3 is 30 % fewer incidents; a study may
# find an increase (a negative reduction), never more than doubling the problem or removing more than all of it.
Reduction = Annotated[float, Field(ge=-1, le=1)]


class EffectLevel(ContentModel):
    """An expected reduction of at least from_reduction reads as this level of the criterion (issue #17)."""

    from_reduction: Reduction
    level: ScaleValue


class Criterion(ContentModel):
    id: Identifier
    pillar: Identifier
    name: LocalizedText
    description: LocalizedText
    guiding_questions: list[LocalizedText] = Field(min_length=1)
    anchors: dict[ScaleValue, LocalizedText]
    anchor_conditions: dict[ScaleValue, AnchorCondition] = Field(
        default_factory=dict,
        description="Typed conditions of the anchors: a level (and every level above it) is reachable only when the option's data facts meet it.",
    )
    status_quo: Literal["delivers_nothing", "adds_nothing", "judged"] = Field(
        "judged",
        description="How the status quo is scored here (the framework's rule): 'delivers_nothing', a criterion of what a measure "
        "achieves against the stated problem, where keeping things as they are achieves nothing (level 1); 'adds_nothing', a "
        "criterion of the risks and burdens a new measure brings, where it brings none (level 5); 'judged', inaction has "
        "effects of its own here (reassurance, who bears the unaddressed problem), scored with a rationale.",
    )
    default_weight: Annotated[float, Field(gt=0, le=100)]
    score_source: Literal["judgement", "yearly_cost_bands"] = Field(
        "judgement",
        description="'judgement': scored by people; 'yearly_cost_bands': derived from the option's cost model through the framework's cost bands.",
    )
    references: list[Identifier] = Field(min_length=1)
    effect_levels: list[EffectLevel] = Field(
        default_factory=list,
        description="How an expected reduction of the stated problem reads on this criterion's scale (issue #17): each level "
        "from the reduction it names upward; below the first, level 1. Empty: an expected effect does not bear on this criterion.",
    )

    @model_validator(mode="after")
    def _effect_levels_rise(self) -> Criterion:
        reductions = [level.from_reduction for level in self.effect_levels]
        levels = [level.level for level in self.effect_levels]
        if reductions != sorted(set(reductions)) or levels != sorted(set(levels)):
            raise ValueError(f"effect_levels must rise strictly in from_reduction and level; got {list(zip(reductions, levels))}")
        return self

    def level_for_reduction(self, reduction: float) -> int:
        """The scale level an expected reduction (a fraction of the baseline) reaches on this criterion."""
        return max((level.level for level in self.effect_levels if reduction >= level.from_reduction), default=1)

    def effect_range(self, effect: ExpectedEffect, value: int) -> tuple[int, int]:
        """The low-high range an accepted expected effect gives a score of value: the levels its two ends reach,
        widened to hold the value itself, as every range must."""
        return min(self.level_for_reduction(effect.reduction_low), value), max(self.level_for_reduction(effect.reduction_high), value)

    @model_validator(mode="after")
    def _every_level_anchored(self) -> Criterion:
        missing = sorted({1, 2, 3, 4, 5} - set(self.anchors))
        if missing:
            raise ValueError(f"anchors missing for the scale levels: {missing}")
        if 1 in self.anchor_conditions:
            raise ValueError("anchor_conditions: level 1 is always reachable; conditions start at level 2")
        return self

    def highest_level_for(self, facts: DataProcessed) -> int:
        """The highest level whose anchor, and every anchor below it, the facts meet."""
        level = 1
        for candidate in range(2, 6):
            condition = self.anchor_conditions.get(candidate)
            if condition is not None and not condition.holds_for(facts):
                break
            level = candidate
        return level


class CostBand(ContentModel):
    up_to_eur: Annotated[float, Field(gt=0, le=MAX_EUR)] | None = Field(
        description="Upper bound (inclusive) of the yearly total cost of ownership; null for the last band."
    )
    score: ScaleValue


class CostSettings(ContentModel):
    staff_yearly_cost_eur: Annotated[float, Field(gt=0, le=MAX_EUR)]
    bands: list[CostBand] = Field(min_length=2)
    rationale: LocalizedText
    references: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _bands_are_ordered(self) -> CostSettings:
        bounds = [band.up_to_eur for band in self.bands]
        if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
            raise ValueError("only the last cost band may (and must) have up_to_eur: null")
        finite = [b for b in bounds if b is not None]
        if finite != sorted(finite) or len(set(finite)) != len(finite):
            raise ValueError(f"cost bands must rise strictly; got {finite}")
        scores = [band.score for band in self.bands]
        if scores != sorted(scores, reverse=True):
            raise ValueError(f"a dearer cost band cannot score higher; got scores {scores}")
        return self


class ChangelogEntry(ContentModel):
    version: str
    date: dt.date
    changes: LocalizedText


class Framework(ContentModel):
    id: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    valid_as_of: dt.date
    name: LocalizedText
    description: LocalizedText
    changelog: list[ChangelogEntry] = Field(min_length=1)
    scale: Scale
    pillars: list[Pillar] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1, max_length=MAX_CRITERIA)
    cost: CostSettings


# --- legal content ------------------------------------------------------------


# The two data protection regimes (engine/regime.py decides which applies): the GDPR, and the Law
# Enforcement Directive (Directive (EU) 2016/680) for competent authorities' criminal-law purposes.
SingleRegime = Literal["gdpr", "led"]


class GateUnderRegime(ContentModel):
    """How a gate is asked, and on what law, when only one regime applies and its law differs."""

    question: LocalizedText
    legal_basis: list[Identifier] = Field(min_length=1)


class Gate(ContentModel):
    """A knock-out question. An answer of 'fails' excludes the option."""

    id: Identifier
    name: LocalizedText
    question: LocalizedText
    explanation: LocalizedText
    exclusion_message: LocalizedText
    legal_basis: list[Identifier] = Field(min_length=1)
    applies_from: Identifier | None = Field(None, description="The legal date (legal_dates) from which the rule it tests applies; none: it always has.")
    by_regime: dict[SingleRegime, GateUnderRegime] = Field(
        default_factory=dict,
        description="The question and legal basis when only this regime applies; the main ones serve both regimes together and an assessment that does not say.",
    )

    def variant_for(self, regimes: set[str]) -> SingleRegime | None:
        """The regime whose own wording applies when exactly these regimes are in force, if the gate has one."""
        only = next(iter(regimes)) if len(regimes) == 1 else None
        return only if only in self.by_regime else None

    def under(self, variant: str | None) -> tuple[LocalizedText, list[str]]:
        """The question and legal basis of that regime's wording (variant_for), or the main ones."""
        chosen = self.by_regime.get(variant) if variant else None  # type: ignore[call-overload]
        return (chosen.question, list(chosen.legal_basis)) if chosen else (self.question, list(self.legal_basis))


class DpiaScreeningTrigger(ContentModel):
    kind: Literal["dpia_screening"]
    min_criteria: Annotated[int, Field(ge=1)]


class AiActCategoryTrigger(ContentModel):
    kind: Literal["ai_act_category"]
    categories: list[AiActCategory] = Field(min_length=1)


class PersonalDataTrigger(ContentModel):
    kind: Literal["personal_data"]


class CatalogueHintTrigger(ContentModel):
    """Triggered where the technology catalogue or the assessor says so."""

    kind: Literal["catalogue_hint"]


# The risk that remains once an option's safeguards are in place, as its impact assessment found it.
ResidualRisk = Literal["low", "medium", "high"]


class ResidualRiskTrigger(ContentModel):
    """Triggered by the residual risk the assessors record for the option (its DPIA's finding).
    Until they record one, the catalogue's hint stands in for it, if the catalogue gives one."""

    kind: Literal["residual_risk"]
    levels: list[ResidualRisk] = Field(min_length=1)


SingleTrigger = Annotated[
    DpiaScreeningTrigger | AiActCategoryTrigger | PersonalDataTrigger | CatalogueHintTrigger | ResidualRiskTrigger,
    Field(discriminator="kind"),
]


class AnyOfTrigger(ContentModel):
    """Triggered when any of its triggers is: a duty with more than one legal ground."""

    kind: Literal["any_of"]
    triggers: list[SingleTrigger] = Field(min_length=2)


ObligationTrigger = Annotated[
    DpiaScreeningTrigger | AiActCategoryTrigger | PersonalDataTrigger | CatalogueHintTrigger | ResidualRiskTrigger | AnyOfTrigger,
    Field(discriminator="kind"),
]


class Obligation(ContentModel):
    """A duty that does not exclude an option but must be met before deployment."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText
    trigger: ObligationTrigger
    legal_basis: list[Identifier] = Field(min_length=1)
    regimes: list[SingleRegime] = Field(
        default_factory=lambda: list(get_args(SingleRegime)),
        min_length=1,
        description="The data protection regimes under which it applies (engine/regime.py): a GDPR duty and its LED counterpart are two obligations.",
    )
    applies_from: Identifier | None = Field(None, description="The legal date (legal_dates) from which it applies; none: it applies now.")


class DpiaCriterion(ContentModel):
    id: Identifier
    name: LocalizedText
    description: LocalizedText


class AiActCategoryInfo(ContentModel):
    category: AiActCategory
    name: LocalizedText
    description: LocalizedText
    legal_basis: list[Identifier] = Field(min_length=1)


class LegalDate(ContentModel):
    id: Identifier
    label: LocalizedText
    applies_from: dt.date
    source: list[Identifier] = Field(min_length=1)
    verification: Verification
    note: LocalizedText | None = None


class NecessityStep(ContentModel):
    id: Identifier
    name: LocalizedText
    question: LocalizedText


class LegalContent(ContentModel):
    gates: list[Gate] = Field(min_length=1)
    obligations: list[Obligation] = Field(min_length=1)
    dpia_screening_criteria: list[DpiaCriterion] = Field(min_length=1)
    ai_act_categories: list[AiActCategoryInfo] = Field(min_length=1)
    necessity_steps: list[NecessityStep] = Field(min_length=1)
    legal_dates: list[LegalDate] = Field(min_length=1)


# --- technology catalogue ----------------------------------------------------------

OptionKind = Literal["technology", "alternative", "status_quo"]
Function = Literal[
    "deterrence",
    "detection",
    "investigation",
    "crowd_safety",
    "vehicle_attack_protection",
    "reassurance",
    "assistance",
    "prediction",
    "monitoring",
]


def range_contains(value: int, low: int | None, high: int | None) -> bool:
    """A low-high range is optional; when given it must contain the value."""
    return (value if low is None else low) <= value <= (value if high is None else high)


def check_range_contains_value(value: int, low: int | None, high: int | None) -> None:
    if not range_contains(value, low, high):
        low = value if low is None else low
        high = value if high is None else high
        raise ValueError(f"range {low}-{high} must contain the value {value}")


class ReferenceScore(ContentModel):
    value: ScaleValue
    low: ScaleValue | None = None
    high: ScaleValue | None = None
    evidence_grade: EvidenceGrade
    rationale: LocalizedText
    sources: list[Identifier] = Field(min_length=1)

    @model_validator(mode="after")
    def _range_contains_value(self) -> ReferenceScore:
        check_range_contains_value(self.value, self.low, self.high)
        return self


class GateHint(ContentModel):
    gate: Identifier
    answer: Literal["passes", "fails", "depends", "not_applicable"]
    reason: LocalizedText
    references: list[Identifier] = Field(min_length=1)


class ObligationHint(ContentModel):
    obligation: Identifier
    reason: LocalizedText


class AiActHint(ContentModel):
    category: AiActCategory
    note: LocalizedText
    references: list[Identifier] = Field(min_length=1)


class CostModel(ContentModel):
    """What one typical deployment costs. The yearly total cost of ownership is
    capital / lifetime + yearly operating cost + staff FTE x yearly staff cost."""

    capital_cost_eur: Euros
    yearly_operating_cost_eur: Euros
    staff_fte: StaffFte
    lifetime_years: LifetimeYears
    scope: LocalizedText
    evidence_grade: EvidenceGrade
    rationale: LocalizedText
    sources: list[Identifier] = Field(default_factory=list)


class CostChange(ContentModel):
    capital_cost_eur: Annotated[float, Field(ge=-MAX_EUR, le=MAX_EUR)] = 0.0
    yearly_operating_cost_eur: Annotated[float, Field(ge=-MAX_EUR, le=MAX_EUR)] = 0.0
    staff_fte: Annotated[float, Field(ge=-MAX_STAFF_FTE, le=MAX_STAFF_FTE)] = 0.0


class Configuration(ContentModel):
    """A configuration or safeguard of an option and what it changes."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText
    group: Identifier | None = Field(None, description="Configurations sharing a group are alternatives: at most one may be chosen.")
    score_changes: dict[Identifier, Annotated[int, Field(ge=-4, le=4)]]
    data_change: DataChange | None = Field(
        None, description="What it changes in the data the option processes; the anchors' conditions are checked against the result."
    )
    cost_change: CostChange | None = None
    rationale: LocalizedText
    sources: list[Identifier] = Field(default_factory=list)


# The designs of the studies an expected effect comes from, named as the framework's evidence grades name them.
StudyDesign = Literal["meta_analysis", "rct", "quasi_experimental"]


class ExpectedEffect(ContentModel):
    """What outcome evaluations found an option does to the problem it targets, as a reduction range of the
    problem's baseline, with where and how it was measured and why it may not carry over (issue #17)."""

    reduction_low: Reduction
    reduction_high: Reduction
    outcome: LocalizedText = Field(description="What was counted: the outcome the reduction was measured on.")
    setting: LocalizedText = Field(description="Where the studies were made.")
    design: StudyDesign
    references: list[Identifier] = Field(min_length=1)
    transferability: LocalizedText = Field(description="Why the range may not hold elsewhere, in plain words.")

    @model_validator(mode="after")
    def _low_at_most_high(self) -> ExpectedEffect:
        if self.reduction_low > self.reduction_high:
            raise ValueError(f"reduction_low {self.reduction_low} is above reduction_high {self.reduction_high}")
        return self


class Technology(ContentModel):
    id: Identifier
    kind: OptionKind
    name: LocalizedText
    description: LocalizedText
    functions: list[Function] = Field(min_length=1)
    intrusiveness: ScaleValue = Field(description="1 = no personal data ... 5 = biometric identification or profiling of everyone present.")
    data_processed: DataProcessed
    ai_act: AiActHint
    dpia_criteria: list[Identifier] = Field(default_factory=list)
    gate_hints: list[GateHint] = Field(default_factory=list)
    obligation_hints: list[ObligationHint] = Field(default_factory=list)
    cost_model: CostModel
    scores: dict[Identifier, ReferenceScore]
    configurations: list[Configuration] = Field(default_factory=list)
    expected_effect: ExpectedEffect | None = Field(None, description="Only where outcome evaluations give a usable figure.")
    no_estimate_reason: LocalizedText | None = Field(None, description="Why the option has no expected effect (no evaluation, no usable figure).")

    @model_validator(mode="after")
    def _effect_or_reason_not_both(self) -> Technology:
        if self.expected_effect is not None and self.no_estimate_reason is not None:
            raise ValueError("an option with an expected_effect needs no no_estimate_reason")
        return self

    @property
    def is_less_intrusive_alternative(self) -> bool:
        return self.kind in ("alternative", "status_quo")


# --- presets ------------------------------------------------------------------------------


class WeightPreset(ContentModel):
    id: Identifier
    name: LocalizedText
    rationale: LocalizedText
    weights: dict[Identifier, RawWeight]


class PresetFile(ContentModel):
    presets: list[WeightPreset] = Field(min_length=1)


# --- the DPIA: what one holds beyond the assessment ------------------------------------------

# Where an assessment answers a part of a DPIA (domain/dpia.py says, for each, whether it holds an
# answer and which report section prints it). Content names them; code knows how to read them.
AssessmentPlace = Literal[
    "need.problem_statement",
    "need.objectives",
    "need.affected_groups",
    "need.legitimate_aim",
    "need.necessity_answers",
    "jurisdiction.purpose",
    "options.described",
    "options.alternatives",
    "options.necessity_note",
    "options.configurations",
    "options.feared_events_before",
    "options.feared_events_after",
    "options.residual_risk",
    "action_plan",
    "proportionality.statement",
    "data_subject_views",
]
RiskLevelValue = Annotated[int, Field(ge=1, le=4)]


class RiskLevel(ContentModel):
    value: RiskLevelValue
    id: Identifier
    label: LocalizedText
    description: LocalizedText


class RiskScale(ContentModel):
    """Severity or likelihood: four levels, as the CNIL's PIA method rates them, from 1 (negligible) to 4 (maximum)."""

    name: LocalizedText
    description: LocalizedText
    levels: list[RiskLevel] = Field(min_length=4, max_length=4)
    sources: list[Identifier] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_are_one_to_four(self) -> RiskScale:
        values = [level.value for level in self.levels]
        if values != [1, 2, 3, 4]:
            raise ValueError(f"risk levels must be listed as 1, 2, 3, 4; got {values}")
        return self


class FearedEvent(ContentModel):
    id: Identifier
    name: LocalizedText
    short_label: LocalizedText = Field(description="A few words: how the risk map marks the event.")
    description: LocalizedText
    sources: list[Identifier] = Field(min_length=1)


class DpiaElement(ContentModel):
    """One thing the law requires a DPIA to hold, and the places of an assessment that answer it."""

    id: Identifier
    regimes: list[SingleRegime] = Field(min_length=1)
    provision: LocalizedText = Field(description="The provision, as short as a column allows, e.g. 'Art. 35(7)(a) GDPR'.")
    requirement: LocalizedText
    answered_by: list[AssessmentPlace] = Field(min_length=1)
    legal_basis: list[Identifier] = Field(min_length=1)


class DpiaContent(ContentModel):
    """criteria/dpia.yaml: the feared events, the scales they are rated on and the elements of a DPIA."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    obligations: list[Identifier] = Field(
        min_length=1, description="The obligations (legal.yaml) that are a DPIA: when one fires for an option, its DPIA is due."
    )
    severity: RiskScale
    likelihood: RiskScale
    feared_events: list[FearedEvent] = Field(min_length=1)
    elements: list[DpiaElement] = Field(min_length=1)


# --- the tender: clauses, vendor questions and the grid for bids (issue #17 §3) -------------------------


class DataFactCondition(ContentModel):
    """A fact of the catalogue about the data an option processes, once its configurations are applied."""

    personal: bool | None = None
    processes: list[DataKind] = Field(default_factory=list, description="Kinds of data the option must process.")
    without: list[DataKind] = Field(default_factory=list, description="Kinds of data the option must not process.")

    def holds_for(self, facts: DataProcessed) -> bool:
        return (
            (self.personal is None or facts.personal == self.personal)
            and all(getattr(facts, kind) for kind in self.processes)
            and not any(getattr(facts, kind) for kind in self.without)
        )


class TenderScope(ContentModel):
    """The options a clause or a question is written for: none named, every option."""

    technologies: list[Identifier] = Field(default_factory=list, description="Catalogue ids; empty: any technology.")
    functions: list[Function] = Field(default_factory=list, description="The option must have one of them; empty: any function.")
    data_fact: DataFactCondition | None = Field(None, description="What the option's data must be, once configured; none: anything.")

    def covers(self, technology: Technology, facts: DataProcessed) -> bool:
        return (
            (not self.technologies or technology.id in self.technologies)
            and (not self.functions or any(function in self.functions for function in technology.functions))
            and (self.data_fact is None or self.data_fact.holds_for(facts))
        )


class ClauseOrigin(ContentModel):
    """What a clause makes contractual: a chosen configuration (a safeguard), a triggered obligation,
    or a fact of the catalogue about the data. The clause is written when any of them holds."""

    configurations: list[Identifier] = Field(default_factory=list)
    obligations: list[Identifier] = Field(default_factory=list)
    data_fact: DataFactCondition | None = None

    @model_validator(mode="after")
    def _names_an_origin(self) -> ClauseOrigin:
        if not (self.configurations or self.obligations or self.data_fact is not None):
            raise ValueError("a clause comes from a configuration, an obligation or a data fact: name at least one")
        return self


class TenderClause(ContentModel):
    id: Identifier
    title: LocalizedText
    text: LocalizedText
    comes_from: ClauseOrigin
    applies_to: TenderScope = Field(default_factory=TenderScope)
    sources: list[Identifier] = Field(default_factory=list, description="The law or standard the clause rests on, where it rests on one.")


class QuestionDependency(ContentModel):
    """The scores and gates whose assumption the vendor's answer confirms or contradicts."""

    criteria: list[Identifier] = Field(default_factory=list)
    gates: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_a_score_or_gate(self) -> QuestionDependency:
        if not (self.criteria or self.gates):
            raise ValueError("a question depends on a score criterion or a gate: name at least one")
        return self


class LowersCriterion(ContentModel):
    kind: Literal["lowers_criterion"]
    criterion: Identifier
    levels: Annotated[int, Field(ge=1, le=4)]


class FailsGate(ContentModel):
    kind: Literal["fails_gate"]
    gate: Identifier


class TriggersObligation(ContentModel):
    kind: Literal["triggers_obligation"]
    obligation: Identifier


GridEffect = Annotated[LowersCriterion | FailsGate | TriggersObligation, Field(discriminator="kind")]


class GridEntry(ContentModel):
    """One answer to a question that would change the assessment, and how."""

    answer: LocalizedText
    effect: GridEffect
    explanation: LocalizedText


class VendorQuestion(ContentModel):
    id: Identifier
    title: LocalizedText = Field(description="A few words naming the question, for tables and warnings.")
    text: LocalizedText
    why: LocalizedText
    depends_on: QuestionDependency
    applies_to: TenderScope = Field(default_factory=TenderScope)
    grid: list[GridEntry] = Field(min_length=1)
    sources: list[Identifier] = Field(default_factory=list)


class TenderClauseFile(ContentModel):
    clauses: list[TenderClause] = Field(min_length=1)


class TenderQuestionFile(ContentModel):
    questions: list[VendorQuestion] = Field(min_length=1)


# --- capability ladders: the upgrade paths of function creep (issue #17) ------------------------------


class LadderStep(ContentModel):
    """One capability level: a catalogue option, optionally in one of its configurations."""

    technology: Identifier
    configuration: Identifier | None = Field(None, description="A configuration of the technology that this level is (none: the option as catalogued).")
    upgrade: LocalizedText | None = Field(
        None, description="What the step up to this level typically takes (a licence, a software update, new cameras); none on the first step."
    )
    sources: list[Identifier] = Field(default_factory=list)

    @property
    def key(self) -> str:
        """The level's identity across ladders: the technology, with its configuration if it has one."""
        return f"{self.technology}+{self.configuration}" if self.configuration else self.technology


class CapabilityLadder(ContentModel):
    """Options that are upgrade paths of one another, from the least to the most capable (criteria/ladders/*.yaml)."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText
    steps: list[LadderStep] = Field(min_length=2)
