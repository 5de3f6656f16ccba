"""Only the assessment's own country's law is printed (issue #14).

A German car park's report used to list French, Dutch and Belgian authorisation duties. Each
example now states its member state, and its report names its own national provisions and no
other country's; a member state without a pack gets the EU rules and a checklist of questions."""

import datetime as dt

import pytest

from secu4all_ethics import evaluate, load_assessment, word_result
from secu4all_ethics.domain.jurisdiction import Controller, Purpose
from secu4all_ethics.engine.national import national_provisions
from secu4all_ethics.report import Provenance, build_report
from tests.conftest import EXAMPLES_DIR

# Words that only another country's procedure would bring into a report: its statutes and authorities.
PROCEDURE_MARKERS = {
    "FR": ["sécurité intérieure", "L.251", "L.252", "prefectoral", "préfectoral", "commission départementale", "departmental commission"],
    "NL": ["Gemeentewet", "151c", "Wet politiegegevens", "Autoriteit Persoonsgegevens"],
    "BE": ["camerawet", "21 March 2007", "21 mars 2007", "fonction de police", "Gegevensbeschermingsautoriteit"],
    "DE": ["BDSG", "Bundesdatenschutzgesetz", "Polizeigesetz", "PolG NRW", "Personalrat"],
    "IT": ["Garante per la protezione", "139/2021", "D.Lgs. 51/2018"],
}
EXAMPLE_STATES = {"station_car_park": "DE", "park_drug_dealing": "FR", "christmas_market": "NL"}


def report_text(assessment, bundle, language="en") -> str:
    result = word_result(evaluate(assessment, bundle, with_acceptability=False), bundle, language)
    # Every text the report prints (the formats only lay it out): its model, unescaped.
    return build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64)).model_dump_json()


@pytest.mark.parametrize("example", sorted(EXAMPLE_STATES))
def test_a_report_names_its_own_countrys_procedures_and_no_other(bundle, example):
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    own = EXAMPLE_STATES[example]
    assert assessment.jurisdiction.member_state == own
    text = report_text(assessment, bundle)
    foreign = {state: [m for m in markers if m in text] for state, markers in PROCEDURE_MARKERS.items() if state != own}
    assert all(not found for found in foreign.values()), foreign
    pack = bundle.jurisdictions_by_state[own]
    shown = [provision for provision in pack.provisions if provision.title.en in text]
    assert len(shown) >= 3


def test_a_member_state_without_a_pack_gets_questions_to_verify_not_assertions(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.region = None
    assessment.jurisdiction.member_state = "PT"
    text = report_text(assessment, bundle, "fr")
    assert "L'outil ne contient pas de contenu national pour cet État membre (Portugal)" in text
    assert all(item.fr in text for item in bundle.national_checklist)
    assert not any(marker in text for markers in PROCEDURE_MARKERS.values() for marker in markers)


def test_a_report_without_a_member_state_says_the_jurisdiction_is_not_stated(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    assessment.jurisdiction.member_state = None
    text = report_text(assessment, bundle, "de")
    assert "Mitgliedstaat nicht angegeben" in text and "Nationale Regeln:" not in text


def test_provisions_follow_the_regime_the_controller_the_options_and_the_planned_start(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    pack = bundle.jurisdictions_by_state["FR"]
    compared = {option.catalogue_id for option in assessment.options if option.catalogue_id}

    def selected(**jurisdiction):
        for field, value in jurisdiction.items():
            setattr(assessment.jurisdiction, field, value)
        return {info.id: info for info in national_provisions(assessment, bundle, compared)}

    led_only = {p.id for p in pack.provisions if p.regimes == ["led"]}
    gdpr_only = {p.id for p in pack.provisions if p.regimes == ["gdpr"]}
    administrative = selected(controller=Controller.municipality, purpose=Purpose.administrative)
    assert not led_only & set(administrative)
    police = selected(controller=Controller.state_police, purpose=Purpose.criminal_law)
    assert not gdpr_only & set(police)
    # Only options in the comparison: without any camera, no camera provision.
    cameras = {"fixed_cctv", "cctv_control_room", "video_analytics"}
    none_of_them = {info.id for info in national_provisions(assessment, bundle, compared - cameras - {"drones", "anpr"})}
    assert all(pack_provision.technologies == "all" for pack_provision in pack.provisions if pack_provision.id in none_of_them)
    # Dated against the planned start: the algorithmic video experiment of loi 2023-380 had ended by 2027.
    ended = [p for p in pack.provisions if p.applies_until is not None]
    assert ended, "the French pack dates the video-analytics experiment"
    everything = {"fixed_cctv", "cctv_control_room", "video_analytics", "drones", "anpr", "acoustic_detection", "body_worn_cameras"}
    assessment.jurisdiction.planned_start = dt.date(2027, 4, 1)
    later = {info.id: info.status for info in national_provisions(assessment, bundle, everything)}
    assessment.jurisdiction.planned_start = dt.date(2024, 6, 1)
    earlier = {info.id: info.status for info in national_provisions(assessment, bundle, everything)}
    for provision in ended:
        if provision.id in later:
            assert later[provision.id] == "ended"
            if provision.applies_from is None or provision.applies_from <= dt.date(2024, 6, 1) <= provision.applies_until:
                assert earlier[provision.id] == "in_force"


@pytest.mark.parametrize("example", sorted(EXAMPLE_STATES))
def test_a_gates_legal_basis_names_no_other_countrys_law(bundle, example):
    """A catalogue hint may cite national law as examples (the CSI, the Gemeentewet, the Belgian camera act); only
    the assessment's own member state's sources become its legal basis."""
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = evaluate(assessment, bundle, with_acceptability=False)
    foreign = {
        (option.key, gate.gate, reference)
        for option in result.options
        for gate in option.gates
        for reference in gate.legal_basis
        if bundle.references_by_id[reference].member_state not in (None, EXAMPLE_STATES[example])
    }
    assert foreign == set()


def test_without_a_member_state_the_hints_national_examples_stay(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.jurisdiction.region = None
    assessment.jurisdiction.member_state = None
    gates = next(o for o in evaluate(assessment, bundle, with_acceptability=False).options if o.key == "fixed_cctv").gates
    assert "fr_csi_l251" in next(g for g in gates if g.gate == "lawful_basis").legal_basis
