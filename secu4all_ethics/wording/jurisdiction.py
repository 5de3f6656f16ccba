"""The jurisdiction in words: the member state's name, the controller, the purpose and why a regime applies."""

from __future__ import annotations

from babel import Locale

from ..content.bundle import ContentBundle
from ..domain.jurisdiction import Jurisdiction
from ..domain.jurisdiction_pack import NationalProvision
from ..engine.regime import jurisdiction_info
from ..engine.results import JurisdictionInfo
from ..i18n import format_date, t


def country_name(code: str | None, language: str) -> str:
    """The member state's name in language, from the CLDR (Babel): "FR" is "Frankreich" in German."""
    if code is None:
        return t("jurisdiction.not_stated", language)
    return Locale.parse(language).territories.get(code, code)


def region_name(code: str, bundle: ContentBundle, language: str) -> str:
    """A region's name from its member state's pack ("Nordrhein-Westfalen"), else its ISO 3166-2 code."""
    pack = bundle.jurisdictions_by_state.get(code.split("-")[0])
    names = {region.code: region.name.get(language) for region in pack.regions.items} if pack and pack.regions else {}
    return names.get(code, code)


def choice_label(text: str) -> str:
    """A phrase written to sit inside a sentence ("die Gemeinde") as a choice in a list ("Die Gemeinde")."""
    return text[:1].upper() + text[1:]


def regime_name(regime: str | None, language: str) -> str:
    return t(f"jurisdiction.regime.{regime or 'not_stated'}", language)


def regime_explanation(info: JurisdictionInfo, language: str) -> str:
    """Which regime applies and why, in one or two sentences; an override with the assessors' reason."""
    controller = t(f"jurisdiction.controller.{info.controller}", language) if info.controller else ""
    derived = t(
        f"wording.regime.{info.regime_reason}",
        language,
        country=country_name(info.member_state, language),
        controller=controller,
    )
    if not info.regime_overridden:
        return derived
    return t(
        "wording.regime.overridden",
        language,
        regime=regime_name(info.regime, language),
        justification=info.regime_justification,
        derived=derived,
    )


def word_jurisdiction(info: JurisdictionInfo, language: str) -> JurisdictionInfo:
    return info.model_copy(update={"regime_explanation": regime_explanation(info, language)})


def explain_jurisdiction(stated: Jurisdiction, language: str) -> str:
    """What a page shows under the questions: the regime the answers give, and why."""
    return regime_explanation(jurisdiction_info(stated), language)


def provision_status(provision: NationalProvision, status: str, language: str) -> str:
    """Whether a national provision applies on the planned start ("applies", "ended on …"), and how well it was checked."""
    when = {"in_force": None, "not_yet": provision.applies_from, "ended": provision.applies_until}[status]
    text = t(f"report.national.status.{status}", language, date=format_date(when, language) if when else "")
    if provision.verification.value != "verified":
        text += " · " + t(f"report.national.verification.{provision.verification.value}", language)
    return text
