"""Function creep: what each step up a capability ladder adds (issue #17).

A ladder (criteria/ladders/) lists options that are upgrade paths of one another. For each step up
from an assessed option, this module compares the two levels as the catalogue describes them and as
the engine's own rules read them in the assessment's jurisdiction: the reference scores that change
(configured, as prepare_option computes them), the gates whose catalogue hints change, the obligations
newly triggered under the regime in force, the data newly processed and the AI Act category. It holds
ids, codes and numbers only; wording/creep.py turns them into sentences.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..content.bundle import ContentBundle
from ..domain.assessment import AssessedOption, Assessment
from ..domain.content import DataProcessed, LadderStep
from ..domain.jurisdiction import Jurisdiction
from .inputs import configured_facts, obligations_if_deployed, prepare_option
from .results import ObligationOutcome

# How personal data reach a system, from least to most (domain/content.py's Capture).
CAPTURE_ORDER = ("none", "aggregated", "on_activation", "incidental", "everyone")
DATA_KINDS = ("personal", "biometric", "audio", "location")
# A gate hint that no longer settles the gate: the step's assessors must answer it themselves.
OPEN_ANSWERS = ("depends", None)

GateChangeKind = Literal["starts_failing", "needs_answer", "stops_failing", "settled"]


class CreepModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(CreepModel):
    """One rung of a ladder: a catalogue option, in one of its configurations or as catalogued."""

    technology: str
    configuration: str | None = None


class ScoreChange(CreepModel):
    criterion: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


class GateChange(CreepModel):
    gate: str
    before: str | None  # the catalogue's hint on the lower level; None: no hint
    after: str | None
    kind: GateChangeKind


class DataChange(CreepModel):
    """What the higher level processes that the lower one does not."""

    kinds: list[str]  # of DATA_KINDS, newly processed
    capture_before: str
    capture_after: str
    dpia_criteria: list[str]  # WP248 screening criteria newly met

    @property
    def widens_capture(self) -> bool:
        return CAPTURE_ORDER.index(self.capture_after) > CAPTURE_ORDER.index(self.capture_before)

    @property
    def empty(self) -> bool:
        return not self.kinds and not self.widens_capture and not self.dpia_criteria


class CreepStep(CreepModel):
    """From one level to the next one up the ladder."""

    ladder: str
    index: int  # the higher level's position in the ladder (its upgrade note is steps[index].upgrade)
    lower: Level
    higher: Level
    scores: list[ScoreChange]
    gates: list[GateChange]
    new_obligations: list[ObligationOutcome]
    dropped_obligations: list[str]
    data: DataChange
    ai_act_before: str
    ai_act_after: str
    intrusiveness_before: int
    intrusiveness_after: int
    # The criteria of the risks a measure brings to people that the step scores lower (_risk_criteria):
    # a step that worsens one changes the balance the assessment struck.
    worse_on_risks: list[str]

    @property
    def ai_act_changes(self) -> bool:
        return self.ai_act_before != self.ai_act_after

    @property
    def requires_new_assessment(self) -> bool:
        """Whether the step changes what the law asks or allows (a gate to answer or failed, a new obligation,
        new kinds of data or a wider capture, another AI Act category) or worsens a risk the assessment weighed.
        A step that only costs more or works better does not."""
        return bool(
            any(change.kind in ("starts_failing", "needs_answer") for change in self.gates)
            or self.new_obligations
            or not self.data.empty
            or self.ai_act_changes
            or self.worse_on_risks
        )


class OptionCreep(CreepModel):
    """An assessed option's place on one ladder and every step up from it."""

    option: str  # the assessed option's key
    ladder: str
    level: int  # its position in the ladder
    steps: list[CreepStep]


def level_of(option: AssessedOption, steps: list[LadderStep]) -> int | None:
    """The option's position in a ladder: the highest step that is its technology in a configuration it has
    chosen, else the highest that is its technology as catalogued; None when the ladder does not hold it."""
    candidates = [(index, step) for index, step in enumerate(steps) if step.technology == option.catalogue_id]
    configured = [index for index, step in candidates if step.configuration is not None and step.configuration in option.configurations]
    plain = [index for index, step in candidates if step.configuration is None]
    found = configured or plain
    return max(found) if found else None


def creep_comparison(assessment: Assessment, bundle: ContentBundle) -> list[OptionCreep]:
    """Every assessed catalogue option on a ladder, with each step up from it, in the assessment's order."""
    found = []
    compared: dict[tuple[str, int], CreepStep] = {}  # two options on one ladder share the steps above the higher
    for option in assessment.options:
        for ladder in bundle.ladders:
            level = level_of(option, ladder.steps)
            if level is None:
                continue
            steps = []
            for index in range(level + 1, len(ladder.steps)):
                if (ladder.id, index) not in compared:
                    compared[ladder.id, index] = step_up(ladder.id, index, bundle, assessment.jurisdiction)
                steps.append(compared[ladder.id, index])
            found.append(OptionCreep(option=option.key, ladder=ladder.id, level=level, steps=steps))
    return found


def upgrades_requiring_new_assessment(assessment: Assessment, bundle: ContentBundle, option_key: str | None) -> list[CreepStep]:
    """For the recommended option: the steps up any of its ladders that would call for a new assessment, lowest first."""
    return [step for creep in creep_comparison(assessment, bundle) if creep.option == option_key for step in creep.steps if step.requires_new_assessment]


def step_up(ladder_id: str, index: int, bundle: ContentBundle, jurisdiction: Jurisdiction) -> CreepStep:
    """The comparison of ladder step index-1 with step index, as the catalogue and the rules in force read them."""
    steps = next(ladder for ladder in bundle.ladders if ladder.id == ladder_id).steps
    lower, higher = steps[index - 1], steps[index]
    lower_option, higher_option = _as_option(lower), _as_option(higher)
    lower_values = prepare_option(lower_option, bundle, jurisdiction=jurisdiction).criteria
    higher_values = prepare_option(higher_option, bundle, jurisdiction=jurisdiction).criteria
    scores = [
        ScoreChange(criterion=criterion_id, before=before, after=after)
        for criterion_id in bundle.criterion_ids
        if (before := lower_values[criterion_id].configured) is not None and (after := higher_values[criterion_id].configured) is not None and before != after
    ]
    lower_obligations = obligations_if_deployed(lower_option, bundle, jurisdiction)
    higher_obligations = obligations_if_deployed(higher_option, bundle, jurisdiction)
    had = {outcome.obligation for outcome in lower_obligations}
    has = {outcome.obligation for outcome in higher_obligations}
    lower_technology, higher_technology = bundle.technologies_by_id[lower.technology], bundle.technologies_by_id[higher.technology]
    return CreepStep(
        ladder=ladder_id,
        index=index,
        lower=Level(technology=lower.technology, configuration=lower.configuration),
        higher=Level(technology=higher.technology, configuration=higher.configuration),
        scores=scores,
        gates=_gate_changes(lower, higher, bundle),
        new_obligations=[outcome for outcome in higher_obligations if outcome.obligation not in had],
        dropped_obligations=[outcome.obligation for outcome in lower_obligations if outcome.obligation not in has],
        data=_data_change(lower, higher, bundle),
        ai_act_before=lower_technology.ai_act.category.value,
        ai_act_after=higher_technology.ai_act.category.value,
        intrusiveness_before=lower_technology.intrusiveness,
        intrusiveness_after=higher_technology.intrusiveness,
        worse_on_risks=[change.criterion for change in scores if change.delta < 0 and change.criterion in _risk_criteria(bundle)],
    )


def _risk_criteria(bundle: ContentBundle) -> set[str]:
    """The criteria of the risks a measure brings to people (status_quo: adds_nothing), scored by people. The pillar
    of the cost bands' criterion weighs the city's money and capacity, not people's rights: a dearer step is no
    reason for a new assessment."""
    cost_pillars = {c.pillar for c in bundle.framework.criteria if c.score_source == "yearly_cost_bands"}
    return {c.id for c in bundle.framework.criteria if c.status_quo == "adds_nothing" and c.score_source == "judgement" and c.pillar not in cost_pillars}


def _as_option(step: LadderStep) -> AssessedOption:
    """The level as an option of the catalogue, with nothing an assessor added."""
    return AssessedOption(key=step.technology, catalogue_id=step.technology, configurations=[step.configuration] if step.configuration else [])


def _gate_changes(lower: LadderStep, higher: LadderStep, bundle: ContentBundle) -> list[GateChange]:
    def hints(step: LadderStep) -> dict[str, str]:
        return {hint.gate: hint.answer for hint in bundle.technologies_by_id[step.technology].gate_hints}

    before, after = hints(lower), hints(higher)
    changes = []
    for gate in bundle.legal.gates:
        was, becomes = before.get(gate.id), after.get(gate.id)
        if was == becomes:
            continue
        if becomes == "fails":
            kind: GateChangeKind = "starts_failing"
        elif was == "fails":
            kind = "stops_failing"
        elif becomes in OPEN_ANSWERS:
            kind = "needs_answer"
        else:
            kind = "settled"  # from an open answer, or between passes and not_applicable
        changes.append(GateChange(gate=gate.id, before=was, after=becomes, kind=kind))
    return changes


def _facts(step: LadderStep, bundle: ContentBundle) -> DataProcessed:
    technology = bundle.technologies_by_id[step.technology]
    chosen = [c for c in technology.configurations if c.id == step.configuration]
    return configured_facts(technology, chosen)


def _data_change(lower: LadderStep, higher: LadderStep, bundle: ContentBundle) -> DataChange:
    was, becomes = _facts(lower, bundle), _facts(higher, bundle)
    met_before = set(bundle.technologies_by_id[lower.technology].dpia_criteria)
    return DataChange(
        kinds=[kind for kind in DATA_KINDS if getattr(becomes, kind) and not getattr(was, kind)],
        capture_before=str(was.capture),
        capture_after=str(becomes.capture),
        dpia_criteria=[c for c in bundle.technologies_by_id[higher.technology].dpia_criteria if c not in met_before],
    )
