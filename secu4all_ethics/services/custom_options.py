"""An option the catalogue does not hold, described by the assessor: what it needs
before it is added, and the key it is stored under.

The Options page collects the form and words the problems; the rules are here,
with the model's own validation (pydantic) as the last word."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..domain.assessment import AssessedCostModel, AssessedOption, CustomOption
from ..domain.content import DataProcessed, EvidenceGrade

DATA_KINDS = ("personal", "biometric", "audio", "location")
REQUIRED = ("scope", "rationale")  # a cost model says what it covers and why it is believed


@dataclass(frozen=True)
class FormProblem:
    """code: name (no name), personal (special data that is not marked personal), required
    (field is empty) or invalid (the model refused field, for reason)."""

    code: str
    field: str
    reason: str = ""


def option_key(name: str, taken: Iterable[str]) -> str:
    """A stable identifier from the option's name: lower-case ASCII, unique among taken."""
    taken = set(taken)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    key = "_".join(re.findall(r"[a-z0-9]+", ascii_name))[:50] or "option"
    if not key[0].isalpha():
        key = f"custom_{key}"
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}_{number}", number + 1
    return candidate


def custom_option(values: dict[str, Any], taken: Iterable[str]) -> tuple[AssessedOption | None, list[FormProblem]]:
    """The option the form describes, or the problems that keep it out (all of them at once).

    values: name, description, kind, intrusiveness, one flag per DATA_KINDS, capital, operating,
    staff, lifetime, scope, rationale. taken: the keys and catalogue ids already in use."""
    problems = []
    name = (values["name"] or "").strip()
    if not name:
        problems.append(FormProblem("name", "name"))
    if not values["personal"] and any(values[kind] for kind in DATA_KINDS[1:]):
        problems.append(FormProblem("personal", "data.personal"))
    for field in REQUIRED:
        if not (values[field] or "").strip():
            problems.append(FormProblem("required", field))
    if problems:
        return None, problems
    try:
        # The assessment is written in one language: the user's text stands for every language (UserText).
        return AssessedOption(
            key=option_key(name, taken),
            custom=CustomOption(
                name=name,
                description=(values["description"] or "").strip(),
                kind=values["kind"],
                intrusiveness=values["intrusiveness"],
                data_processed=DataProcessed(**{kind: bool(values[kind]) for kind in DATA_KINDS}),
            ),
            cost_model=AssessedCostModel(
                capital_cost_eur=values["capital"],
                yearly_operating_cost_eur=values["operating"],
                staff_fte=values["staff"],
                lifetime_years=values["lifetime"],
                scope=values["scope"].strip(),
                evidence_grade=EvidenceGrade.expert_judgement,
                rationale=values["rationale"].strip(),
            ),
        ), []
    except ValidationError as error:
        return None, [FormProblem("invalid", ".".join(str(part) for part in issue["loc"]), issue["msg"]) for issue in error.errors()]
