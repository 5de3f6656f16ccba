"""The tender's facts (engine/tender.py) as sentences: where a clause comes from, what a question's answer
would change, and how the grid's effects read."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..engine.tender import ClauseTrace, Dependence, GridRow
from ..i18n import format_number, t
from .names import ResultNames


class TenderWording:
    def __init__(self, assessment: Assessment, bundle: ContentBundle, names: ResultNames, language: str, catalogue_id: str):
        self.assessment = assessment
        self.bundle = bundle
        self.names = names
        self.language = language
        self.technology = bundle.technologies_by_id[catalogue_id]

    def configuration(self, configuration_id: str) -> str:
        found = next((c for c in self.technology.configurations if c.id == configuration_id), None)
        return found.name.get(self.language) if found is not None else configuration_id

    def obligation(self, obligation_id: str) -> str:
        found = self.bundle.obligations.get(obligation_id)
        return found.name.get(self.language) if found is not None else obligation_id

    def criterion(self, criterion_id: str) -> str:
        return self.names.criteria.get(criterion_id, criterion_id)

    def trace(self, trace: ClauseTrace) -> str:
        """One origin of a clause."""
        language = self.language
        if trace.kind == "configuration":
            text = t("tender.trace.configuration", language, name=self.configuration(trace.ref))
        elif trace.kind == "obligation":
            text = t("tender.trace.obligation", language, name=self.obligation(trace.ref))
        else:
            text = t("tender.trace.data_fact", language, option=self.technology.name.get(language))
        return text

    def action(self, index: int) -> str:
        item = self.assessment.action_plan[index]
        owner = item.owner.strip()
        return t("tender.trace.action_with_owner", self.language, action=item.description.strip(), owner=owner) if owner else item.description.strip()

    def dependence(self, dependence: Dependence) -> str:
        name = self.criterion(dependence.ref) if dependence.kind == "score" else self.names.gate(dependence.ref)
        return t(f"tender.dependence.{dependence.kind}", self.language, name=name, reason=t(f"tender.reason.{dependence.reason}", self.language))

    def effect(self, row: GridRow) -> str:
        language = self.language
        if row.effect == "lowers_criterion":
            if row.level_now is None or row.level_after is None:
                levels = row.levels or 0  # a lowering always names its levels (the grid's content model)
                return t(
                    "tender.effect.lowers_unscored", language, criterion=self.criterion(row.target), count=levels, shown=format_number(levels, language, 0)
                )
            return t(
                "tender.effect.lowers",
                language,
                criterion=self.criterion(row.target),
                now=_level(row.level_now, language),
                after=_level(row.level_after, language),
            )
        if row.effect == "fails_gate":
            return t("tender.effect.fails_gate_already" if row.already else "tender.effect.fails_gate", language, gate=self.names.gate(row.target))
        key = "tender.effect.obligation_already" if row.already else "tender.effect.triggers_obligation"
        return t(key, language, obligation=self.obligation(row.target))


def _level(value: float, language: str) -> str:
    """A score on the 1-5 scale: a whole level as a whole number (3, not 3.00)."""
    return format_number(value, language, 0 if float(value).is_integer() else 2)
