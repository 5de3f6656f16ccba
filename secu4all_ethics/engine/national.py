"""Which of the member state's own provisions concern this assessment (criteria/jurisdictions/, issue #14).

Only the assessment's own country's provisions are ever selected: a report for a German car
park names no French, Dutch or Belgian procedure. Among them, a provision concerns the
assessment when it applies under a regime in force here, to this controller (or to every
controller), and to at least one option that the legal gates leave in the comparison (or to
every option). A provision that ended before the planned start is kept and marked so: a DPO
wants to see that an experiment is over, not to wonder whether the tool knows.
"""

from __future__ import annotations

import datetime as dt

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..domain.jurisdiction_pack import NationalProvision
from .regime import applicable_regime, regimes_in_force
from .results import NationalProvisionInfo


def national_provisions(assessment: Assessment, bundle: ContentBundle, options_in_comparison: set[str]) -> list[NationalProvisionInfo]:
    """options_in_comparison: the catalogue ids of the options no gate excludes."""
    jurisdiction = assessment.jurisdiction
    pack = bundle.jurisdictions_by_state.get(jurisdiction.member_state or "")
    if pack is None:
        return []
    regimes = {regime.value for regime in regimes_in_force(applicable_regime(jurisdiction).regime)}
    on = jurisdiction.planned_start
    return [
        NationalProvisionInfo(id=provision.id, status=_status(provision, on), options=_concerned(provision, options_in_comparison))
        for provision in pack.provisions
        if regimes & set(provision.regimes)
        and (provision.controllers is None or jurisdiction.controller is None or jurisdiction.controller in provision.controllers)
        and (provision.technologies == "all" or options_in_comparison & set(provision.technologies))
    ]


def _concerned(provision: NationalProvision, options_in_comparison: set[str]) -> list[str]:
    if provision.technologies == "all":
        return []  # every option
    return sorted(options_in_comparison & set(provision.technologies))


def _status(provision: NationalProvision, on: dt.date | None) -> str:
    """in_force, not_yet (applies from a later date) or ended, on the planned start (today when none is given)."""
    day = on or dt.date.today()
    if provision.applies_until is not None and provision.applies_until < day:
        return "ended"
    if provision.applies_from is not None and provision.applies_from > day:
        return "not_yet"
    return "in_force"
