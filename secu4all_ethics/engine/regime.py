"""Which data protection regime governs the processing: the GDPR, the Law Enforcement Directive, or both.

Directive (EU) 2016/680 applies when two conditions hold together (Article 1(1), Article 3(7);
recital 12): the purpose is the prevention, investigation, detection or prosecution of criminal
offences, including safeguarding against threats to public security, and the controller is a
competent authority. Everything else a public body does with the images falls under the GDPR
(Article 2(2)(d) leaves the LED's field to the directive). The rule reads the assessors' answers
only; where it cannot fit a case (a body entrusted by national law with police powers), the
assessors set the regime themselves with a justification, which the report prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..domain.jurisdiction import COMPETENT_AUTHORITIES, Jurisdiction, Purpose, Regime
from .results import JurisdictionInfo, NationalProvisionInfo


class RegimeReason(str, Enum):
    not_stated = "not_stated"  # the controller or the purpose is missing
    administrative_purpose = "administrative_purpose"  # no criminal-law purpose: the GDPR, whoever the controller
    competent_authority = "competent_authority"  # a competent authority, for criminal-law purposes: the LED
    both_purposes = "both_purposes"  # a competent authority with both purposes: each processing its own regime
    not_a_competent_authority = "not_a_competent_authority"  # criminal-law purposes, but no competent authority: the GDPR


@dataclass(frozen=True)
class RegimeFinding:
    """The regime that applies (None when it cannot be told), why, and whether the assessors set it."""

    regime: Regime | None
    derived: Regime | None  # what the rule gives, shown beside an override
    reason: RegimeReason
    overridden: bool = False
    justification: str = ""


def derived_regime(jurisdiction: Jurisdiction) -> tuple[Regime | None, RegimeReason]:
    controller, purpose = jurisdiction.controller, jurisdiction.purpose
    if controller is None or purpose is None:
        return None, RegimeReason.not_stated
    if purpose is Purpose.administrative:
        return Regime.gdpr, RegimeReason.administrative_purpose
    if controller not in COMPETENT_AUTHORITIES:
        return Regime.gdpr, RegimeReason.not_a_competent_authority
    if purpose is Purpose.both:
        return Regime.both, RegimeReason.both_purposes
    return Regime.led, RegimeReason.competent_authority


def applicable_regime(jurisdiction: Jurisdiction) -> RegimeFinding:
    regime, reason = derived_regime(jurisdiction)
    if jurisdiction.override_applies:
        return RegimeFinding(jurisdiction.regime_override, regime, reason, overridden=True, justification=jurisdiction.regime_justification.strip())
    return RegimeFinding(regime, regime, reason)


def regimes_in_force(regime: Regime | None) -> frozenset[Regime]:
    """The single regimes whose rules apply: both for Regime.both; the GDPR's alone when the regime is not known,
    as the tool did before it asked (the report then says the jurisdiction was not stated)."""
    if regime is Regime.both:
        return frozenset({Regime.gdpr, Regime.led})
    return frozenset({regime or Regime.gdpr})


def stated_regimes(jurisdiction: Jurisdiction) -> set[str]:
    """The single regimes the assessment's answers put in force; none when they do not say (a gate is
    then asked in its words for both regimes, not silently in the GDPR's)."""
    regime = applicable_regime(jurisdiction).regime
    return set() if regime is None else {single.value for single in regimes_in_force(regime)}


def jurisdiction_info(stated: Jurisdiction, *, national_pack: bool = False, national_provisions: list[NationalProvisionInfo] | None = None) -> JurisdictionInfo:
    """The answers and the regime, as the result carries them (its sentence is worded later), with the
    national provisions that concern the assessment (engine/national.py)."""
    finding = applicable_regime(stated)
    return JurisdictionInfo(
        stated=stated.stated,
        member_state=stated.member_state,
        region=stated.region,
        controller=stated.controller.value if stated.controller else None,
        purpose=stated.purpose.value if stated.purpose else None,
        planned_start=stated.planned_start,
        regime=finding.regime.value if finding.regime else None,
        derived_regime=finding.derived.value if finding.derived else None,
        regime_reason=finding.reason.value,
        regime_overridden=finding.overridden,
        regime_justification=finding.justification,
        national_pack=national_pack,
        national_provisions=national_provisions or [],
    )
