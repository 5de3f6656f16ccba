"""What an assessment still lacks before it may go to the data protection officer.

One rule, used by the services (submission and sign-off are refused while
anything is missing) and by the Decision page (its checklist). It returns codes
with the ids they concern and the page where the assessors complete them; the
wording happens at the edge (secu4all_ethics.wording.checklist).

Gates and scores are read as the engine reads them (engine.inputs.prepare_option):
a score the catalogue gives counts as scored, as it counts for the ranking. A
gate the catalogue hints at stands in for the ranking, but is not the
assessors' answer until they confirm it: it is listed as still to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from .dpia import requires_dpia
from .inputs import PreparedOption, prepare_option

# A chosen measure: the assessors ask for one option (a technology or a less intrusive alternative).
MEASURE_CHOSEN = ("recommend_option", "alternative_suffices")

# Each code, with the page where the assessors complete it (page ids as app.py registers them).
PAGE_OF = {
    "need_problem": "need",
    "need_legitimate_aim": "need",
    "no_options": "options",
    "no_alternative": "options",
    "gate_unanswered": "screening",
    "override_unjustified": "screening",
    "gate_unconfirmed": "screening",
    "score_missing": "scores",
    "conclusion_undecided": "decision",
    "proportionality_statement": "decision",
    "proportionality_review_date": "decision",
    "dpia_views": "dpia",
    "feared_event_unrated": "dpia",
}


@dataclass(frozen=True)
class MissingItem:
    """One thing to complete: a code, the ids it concerns and (page) where it is completed."""

    code: str
    option: str | None = None
    gate: str | None = None
    criterion: str | None = None
    event: str | None = None  # a feared event of the DPIA (criteria/dpia.yaml)

    @property
    def page(self) -> str:
        return PAGE_OF[self.code]

    @property
    def key(self) -> str:
        """A stable short form for logs and errors, e.g. 'score_missing:fixed_cctv:privacy_intrusion'."""
        return ":".join(part for part in (self.code, self.option, self.gate, self.criterion, self.event) if part)


def missing_for_submission(assessment: Assessment, bundle: ContentBundle) -> list[MissingItem]:
    """Everything that keeps the assessment from being submitted, in page order; empty when it is complete."""
    prepared = [prepare_option(option, bundle, jurisdiction=assessment.jurisdiction) for option in assessment.options]
    return (
        _need(assessment)
        + _options(assessment, prepared)
        + _screening(prepared)
        + _dpia(assessment, prepared, bundle)
        + _scores(prepared)
        + _decision(assessment)
    )


def _need(assessment: Assessment) -> list[MissingItem]:
    items = []
    if not assessment.need.problem_statement.strip():
        items.append(MissingItem("need_problem"))
    if not assessment.need.legitimate_aim.strip():
        items.append(MissingItem("need_legitimate_aim"))
    return items


def _options(assessment: Assessment, prepared: list[PreparedOption]) -> list[MissingItem]:
    if not prepared:
        return [MissingItem("no_options")]
    # The engine's test of necessity (evaluate._necessity_warnings): an alternative or the status quo is compared.
    if not any(item.kind in ("alternative", "status_quo") for item in prepared) and not assessment.alternatives_justification.strip():
        return [MissingItem("no_alternative")]
    return []


def _screening(prepared: list[PreparedOption]) -> list[MissingItem]:
    items = []
    for item in prepared:
        overridden = {gate.gate for gate in item.gates if gate.overrides_hint}
        for gate_id in item.unanswered_gates:
            # An override of a catalogue "fails" without its justification stays unanswered (engine.inputs).
            code = "override_unjustified" if gate_id in overridden else "gate_unanswered"
            items.append(MissingItem(code, option=item.option.key, gate=gate_id))
        items += [MissingItem("gate_unconfirmed", option=item.option.key, gate=gate.gate) for gate in item.gates if gate.answered_by == "catalogue_hint"]
    return items


def _dpia(assessment: Assessment, prepared: list[PreparedOption], bundle: ContentBundle) -> list[MissingItem]:
    """Only where the engine's obligations include a DPIA for an option: its feared events rated before and
    after the safeguards, and once for the assessment the data subjects' views or why they were not sought."""
    needing = [item for item in prepared if requires_dpia(item.obligations, bundle)]
    if not needing or bundle.dpia is None:
        return []
    items = [] if assessment.data_subject_views.answered else [MissingItem("dpia_views")]
    for item in needing:
        ratings = item.option.feared_events
        for event in bundle.dpia.feared_events:
            rating = ratings.get(event.id)
            if rating is None or not (rating.rated_before and rating.rated_after):
                items.append(MissingItem("feared_event_unrated", option=item.option.key, event=event.id))
    return items


def _scores(prepared: list[PreparedOption]) -> list[MissingItem]:
    # An option a gate excludes needs no scores: no score could buy it back.
    return [
        MissingItem("score_missing", option=item.option.key, criterion=criterion_id)
        for item in prepared
        if not item.exclusion_reasons
        for criterion_id in item.missing_criteria
    ]


def _decision(assessment: Assessment) -> list[MissingItem]:
    decision, proportionality = assessment.decision, assessment.proportionality
    if decision.conclusion == "undecided":
        return [MissingItem("conclusion_undecided")]
    items = []
    if decision.conclusion in MEASURE_CHOSEN:
        if not proportionality.statement.strip():
            items.append(MissingItem("proportionality_statement"))
        if proportionality.review_date is None:
            items.append(MissingItem("proportionality_review_date"))
    return items


def hint_overrides(assessment: Assessment, bundle: ContentBundle) -> list[tuple[str, str]]:
    """(option key, gate id) of every catalogue "fails" the assessors set aside, in the assessment's order.

    Each is a point the DPO reviews on its own (domain.review.HINT_OVERRIDES)."""
    return [
        (item.option.key, gate.gate)
        for item in (prepare_option(option, bundle, jurisdiction=assessment.jurisdiction) for option in assessment.options)
        for gate in item.gates
        if gate.overrides_hint
    ]


# The steps in the order the sidebar lists them (page ids as app.py registers them).
STEPS = ("need", "options", "screening", "dpia", "weights", "scores", "results", "decision")

# What a step waits for: the codes of earlier steps without which there is nothing to do on it yet.
WAITS_FOR = {
    "screening": ("no_options",),
    # Whether an option needs a DPIA follows from its screening.
    "dpia": ("no_options", "gate_unanswered"),
    "scores": ("no_options",),
    "results": ("no_options", "gate_unanswered", "override_unjustified", "score_missing"),
    "decision": tuple(code for code, page in PAGE_OF.items() if page != "decision"),
}

StepStatus = Literal["complete", "incomplete", "blocked"]


def step_status(missing: list[MissingItem]) -> dict[str, StepStatus]:
    """Each step's status from what missing_for_submission found (the rules that gate submission):
    incomplete while something is left to do on the step itself, blocked while it waits for an
    earlier step, complete otherwise."""
    codes_on = {step: {item.code for item in missing if item.page == step} for step in STEPS}
    codes = {item.code for item in missing}
    statuses: dict[str, StepStatus] = {}
    for step in STEPS:
        if codes_on[step]:
            statuses[step] = "incomplete"
        elif codes.intersection(WAITS_FOR.get(step, ())):
            statuses[step] = "blocked"
        else:
            statuses[step] = "complete"
    return statuses
