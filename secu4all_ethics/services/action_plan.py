"""The action plan's commitments that follow from the decision: each configuration
and each obligation of the recommended option becomes a planned item, once.

The items are worded from the catalogue in the assessment's own language (not the
screen's), because the plan is part of the document the DPO reviews."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ..content.bundle import ContentBundle
from ..domain.assessment import ActionItem, Assessment
from ..domain.content import Configuration, Obligation


def _commitment(origin: Literal["configuration", "obligation"], reference: str, content: Configuration | Obligation, language: str) -> ActionItem:
    """A planned item worded from the catalogue: "name: description"."""
    description = f"{content.name.get(language)}: {content.description.get(language)}"
    return ActionItem(description=description, origin=origin, origin_ref=reference)


def missing_commitments(assessment: Assessment, bundle: ContentBundle, obligations: Iterable[str]) -> list[ActionItem]:
    """One planned item per configuration and per obligation of the recommended option that
    the plan does not hold yet. obligations: the ids of the obligations the engine found to
    apply to that option."""
    key = assessment.decision.recommended_option
    option = next((o for o in assessment.options if o.key == key), None)
    if option is None:
        return []
    written_in = assessment.language
    existing = {(item.origin, item.origin_ref) for item in assessment.action_plan}
    items = []
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    configurations = {c.id: c for c in technology.configurations} if technology is not None else {}
    for configuration_id in option.configurations:
        configuration = configurations.get(configuration_id)
        if configuration is None or ("configuration", configuration_id) in existing:
            continue
        items.append(_commitment("configuration", configuration_id, configuration, written_in))
    for obligation_id in obligations:
        content = bundle.obligations.get(obligation_id)
        if content is None or ("obligation", obligation_id) in existing:
            continue
        items.append(_commitment("obligation", obligation_id, content, written_in))
    return items
