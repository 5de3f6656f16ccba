"""The DPIA: which options need one, and what of it the assessment answers.

The engine's obligations decide: an option needs a DPIA when one of the obligations that
criteria/dpia.yaml names a DPIA fires for it (legal.yaml: the GDPR's or the police
directive's). The law's minimum content of a DPIA (criteria/dpia.yaml's elements) is then
read against the assessment: each element lists the places that answer it, and each place
either holds an answer for every option that needs the DPIA or does not. No language here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..domain.assessment import AssessedOption, Assessment
from .results import ObligationOutcome


def requires_dpia(obligations: Iterable[ObligationOutcome], bundle: ContentBundle) -> bool:
    return any(outcome.obligation in bundle.dpia_obligations for outcome in obligations)


def dpia_regimes(obligations: Iterable[ObligationOutcome], bundle: ContentBundle) -> set[str]:
    """The regimes (gdpr, led) of the DPIA obligations that fired: they choose the elements that apply."""
    return {regime for outcome in obligations if outcome.obligation in bundle.dpia_obligations for regime in bundle.obligations[outcome.obligation].regimes}


@dataclass(frozen=True)
class Place:
    section: str  # the report section that prints it (domain.review.REPORT_SECTIONS)
    answered: Callable[[Assessment, list[AssessedOption], ContentBundle], bool]


def _blank(text: str) -> bool:
    return not text.strip()


def _each(options: list[AssessedOption], holds: Callable[[AssessedOption], bool]) -> bool:
    return bool(options) and all(holds(option) for option in options)


def _described(option: AssessedOption) -> bool:
    # A catalogue option is described by the catalogue (what it does, the data it processes).
    return option.catalogue_id is not None or (option.custom is not None and not _blank(option.custom.description))


def _has_alternative(assessment: Assessment, bundle: ContentBundle) -> bool:
    kinds = {
        (bundle.technologies_by_id[o.catalogue_id].kind if o.catalogue_id in bundle.technologies_by_id else None)
        if o.catalogue_id
        else (o.custom.kind if o.custom else None)
        for o in assessment.options
    }
    return bool(kinds & {"alternative", "status_quo"}) or not _blank(assessment.alternatives_justification)


def _events_rated(when: str) -> Callable[[Assessment, list[AssessedOption], ContentBundle], bool]:
    def answered(assessment: Assessment, options: list[AssessedOption], bundle: ContentBundle) -> bool:
        events = [event.id for event in bundle.dpia.feared_events] if bundle.dpia is not None else []
        return _each(options, lambda o: all(e in o.feared_events and getattr(o.feared_events[e], f"rated_{when}") for e in events))

    return answered


# Every place criteria/dpia.yaml may name (domain.content.AssessmentPlace), how to read it, and where the
# report prints it (tests/unit/test_dpia.py checks that the two lists are the same).
PLACES: dict[str, Place] = {
    "need.problem_statement": Place("need", lambda a, o, b: not _blank(a.need.problem_statement)),
    "need.objectives": Place("need", lambda a, o, b: any(not _blank(item.description) for item in a.need.objectives)),
    "need.affected_groups": Place("need", lambda a, o, b: any(not _blank(group) for group in a.need.affected_groups)),
    "need.legitimate_aim": Place("need", lambda a, o, b: not _blank(a.need.legitimate_aim)),
    "need.necessity_answers": Place("need", lambda a, o, b: any(not _blank(answer) for answer in a.need.necessity_answers.values())),
    "jurisdiction.purpose": Place("legal", lambda a, o, b: a.jurisdiction.purpose is not None),
    "options.described": Place("options", lambda a, o, b: _each(o, _described)),
    "options.alternatives": Place("options", lambda a, o, b: _has_alternative(a, b)),
    "options.necessity_note": Place("options", lambda a, o, b: _each(o, lambda option: not _blank(option.necessity_note))),
    "options.configurations": Place("options", lambda a, o, b: _each(o, lambda option: bool(option.configurations))),
    "options.feared_events_before": Place("dpia", _events_rated("before")),
    "options.feared_events_after": Place("dpia", _events_rated("after")),
    "options.residual_risk": Place("legal", lambda a, o, b: _each(o, lambda option: option.residual_risk is not None)),
    "action_plan": Place("actions", lambda a, o, b: any(not _blank(item.description) for item in a.action_plan)),
    "proportionality.statement": Place("proportionality", lambda a, o, b: not _blank(a.proportionality.statement)),
    "data_subject_views": Place("dpia", lambda a, o, b: a.data_subject_views.answered),
}


@dataclass(frozen=True)
class PlaceAnswer:
    place: str
    section: str
    answered: bool


@dataclass(frozen=True)
class ElementAnswer:
    """One element of the DPIA the law requires, with the places that answer it for the options that need it."""

    element: str
    places: tuple[PlaceAnswer, ...]

    @property
    def status(self) -> str:
        """answered (every place), partly (some) or not_answered (none)."""
        answered = sum(place.answered for place in self.places)
        return "answered" if answered == len(self.places) else "partly" if answered else "not_answered"


def dpia_annex(assessment: Assessment, option_keys: list[str], regimes: set[str], bundle: ContentBundle) -> list[ElementAnswer]:
    """The elements that apply under regimes, in the content's order, each read against the options named."""
    if bundle.dpia is None:
        return []
    options = [option for option in assessment.options if option.key in option_keys]
    return [
        ElementAnswer(
            element=element.id,
            places=tuple(PlaceAnswer(place, PLACES[place].section, PLACES[place].answered(assessment, options, bundle)) for place in element.answered_by),
        )
        for element in bundle.dpia.elements
        if regimes & set(element.regimes)
    ]
