"""The catalogue agrees with the domain brief (../shared/domain-brief.md).

STARTER_SCORES is the brief's section 7 table ("Technology x criteria starter
scores"), copied here as the oracle: each reference score must lie within the
brief's range, and each cost model must land in the brief's C9 cost range.
"""

import pytest

from secu4all_ethics.domain.content import EvidenceGrade, Verification
from secu4all_ethics.engine.cost import cost_band_score, yearly_cost

# (low, high) per criterion; None where the brief gives no figure ("n/a").
STARTER_SCORES = {
    #                              C1 evidence  C3 privacy  C4 chilling  C5 equity  C6 legal  C9 cost
    "improved_lighting": ((4, 5), (5, 5), (5, 5), (4, 4), (5, 5), (3, 4)),
    "cpted_place_management": ((3, 4), (5, 5), (5, 5), (4, 4), (5, 5), (3, 3)),
    "hvm_street_furniture": (None, (5, 5), (5, 5), (4, 4), (5, 5), (2, 3)),
    "emergency_call_points": ((1, 2), (4, 4), (5, 5), (4, 4), (5, 5), (3, 3)),
    "fixed_cctv": ((3, 3), (3, 3), (3, 3), (3, 3), (4, 4), (2, 3)),
    "cctv_control_room": ((3, 4), (3, 3), (3, 3), (3, 3), (4, 4), (1, 2)),
    "video_analytics": ((2, 2), (2, 3), (3, 3), (2, 3), (2, 2), (2, 2)),
    "crowd_counting_edge": ((3, 3), (4, 4), (4, 4), (4, 4), (4, 4), (3, 4)),
    "wifi_bluetooth_tracking": ((2, 2), (2, 2), (3, 3), (3, 3), (1, 2), (3, 3)),
    "anpr": ((3, 3), (2, 2), (3, 3), (3, 3), (3, 3), (2, 3)),
    "body_worn_cameras": ((2, 2), (3, 3), (3, 3), (3, 3), (3, 3), (2, 3)),
    "acoustic_detection": ((1, 2), (2, 2), (2, 2), (3, 3), (1, 1), (1, 2)),
    "drones": ((2, 2), (2, 2), (2, 2), (3, 3), (2, 2), (2, 3)),
    "social_media_monitoring": ((1, 2), (2, 2), (1, 2), (2, 2), (1, 2), (3, 3)),
    "predictive_policing": ((1, 2), (3, 3), (3, 3), (2, 2), (2, 2), (2, 2)),
    "retrospective_facial_recognition": ((3, 3), (1, 1), (2, 2), (2, 2), (2, 2), (3, 3)),
    "live_facial_recognition": ((2, 3), (1, 1), (1, 1), (1, 2), (1, 1), (2, 2)),
}
CRITERIA = ("effectiveness_evidence", "privacy_intrusion", "chilling_effect", "equity_discrimination", "legal_certainty")

UNVERIFIED_WORDS = {"en": "unverified", "fr": "non vérifi", "de": "nicht verifiziert", "it": "non verificat"}


def test_catalogue_size_and_alternatives(bundle):
    assert len(bundle.technologies) >= 16
    alternatives = [t for t in bundle.technologies if t.is_less_intrusive_alternative]
    assert len(alternatives) >= 5
    for required in ("improved_lighting", "cpted_place_management", "guardians_stewards", "hvm_street_furniture", "emergency_call_points"):
        assert bundle.technologies_by_id[required].is_less_intrusive_alternative


def test_every_brief_technology_is_in_the_catalogue(bundle):
    assert set(STARTER_SCORES) <= set(bundle.technologies_by_id)


@pytest.mark.parametrize("technology_id", sorted(STARTER_SCORES))
def test_reference_scores_lie_within_the_brief_ranges(bundle, technology_id):
    technology = bundle.technologies_by_id[technology_id]
    expected = STARTER_SCORES[technology_id]
    for criterion_id, bounds in zip(CRITERIA, expected[:5]):
        if bounds is None:
            continue
        value = technology.scores[criterion_id].value
        assert bounds[0] <= value <= bounds[1], f"{technology_id}.{criterion_id} = {value}, brief says {bounds}"


@pytest.mark.parametrize("technology_id", sorted(STARTER_SCORES))
def test_cost_models_land_in_the_brief_cost_range(bundle, technology_id):
    technology = bundle.technologies_by_id[technology_id]
    low, high = STARTER_SCORES[technology_id][5]
    cost = yearly_cost(technology.cost_model, bundle.framework.cost.staff_yearly_cost_eur)
    score = cost_band_score(cost.total_eur, bundle.framework.cost.bands)
    assert low <= score <= high, f"{technology_id}: {cost.total_eur:,.0f} EUR/year scores {score}, brief says {low}-{high}"


def test_scores_resting_on_unverified_sources_say_so(bundle):
    unverified = {r.id for r in bundle.references if r.verification == Verification.unverified}
    assert unverified, "the brief marks several sources [U]; the bibliography should too"
    problems = []
    for technology in bundle.technologies:
        for criterion_id, score in technology.scores.items():
            if set(score.sources) & unverified:
                for lang, word in UNVERIFIED_WORDS.items():
                    if word not in score.rationale.get(lang).lower():
                        problems.append(f"{technology.id}.scores.{criterion_id}.rationale.{lang}")
        cost = technology.cost_model
        if set(cost.sources) & unverified or cost.evidence_grade == EvidenceGrade.expert_judgement:
            if technology.kind != "status_quo":
                for lang, word in UNVERIFIED_WORDS.items():
                    if word not in cost.rationale.get(lang).lower():
                        problems.append(f"{technology.id}.cost_model.rationale.{lang}")
    assert not problems, "rationale does not say 'unverified':\n" + "\n".join(problems)


def test_live_facial_recognition_fails_the_article_5_gate(bundle):
    lfr = bundle.technologies_by_id["live_facial_recognition"]
    hints = {hint.gate: hint for hint in lfr.gate_hints}
    assert hints["prohibited_practice"].answer == "fails"
    assert "ai_act_art5" in hints["prohibited_practice"].references
    assert "5(1)(h)" in hints["prohibited_practice"].reason.en
    assert lfr.data_processed.biometric and lfr.intrusiveness == 5
    assert lfr.ai_act.category.value == "prohibited"


def test_retrospective_facial_recognition_has_no_municipal_lawful_basis(bundle):
    rfr = bundle.technologies_by_id["retrospective_facial_recognition"]
    hints = {hint.gate: hint for hint in rfr.gate_hints}
    assert hints["lawful_basis"].answer == "fails"
    assert rfr.ai_act.category.value == "high_risk"


def test_alternatives_fail_no_gate(bundle):
    for technology in bundle.technologies:
        if technology.is_less_intrusive_alternative:
            assert all(hint.answer != "fails" for hint in technology.gate_hints), technology.id


def test_technologies_offer_configurations_with_reasons(bundle):
    for technology in bundle.technologies:
        if technology.kind == "technology":
            assert technology.configurations, f"{technology.id} offers no configuration or safeguard"
            for configuration in technology.configurations:
                assert configuration.score_changes or configuration.cost_change, f"{technology.id}.{configuration.id} changes nothing"


def test_evidence_grades_match_the_brief_for_landmark_studies(bundle):
    lighting = bundle.technologies_by_id["improved_lighting"].scores["effectiveness_evidence"]
    assert lighting.evidence_grade in (EvidenceGrade.meta_analysis, EvidenceGrade.rct)
    cctv = bundle.technologies_by_id["fixed_cctv"].scores["effectiveness_evidence"]
    assert cctv.evidence_grade == EvidenceGrade.meta_analysis and "piza2019_cctv_meta" in cctv.sources
    acoustic = bundle.technologies_by_id["acoustic_detection"].scores["effectiveness_evidence"]
    assert "chicago_oig_shotspotter2021" in acoustic.sources


def test_ai_act_dates_record_the_2026_amendment(bundle):
    dates = {d.id: d for d in bundle.legal.legal_dates}
    assert dates["ai_act_prohibitions"].applies_from.isoformat() == "2025-02-02"
    annex_iii = dates["ai_act_annex_iii_high_risk"]
    assert annex_iii.applies_from.isoformat() == "2027-12-02"
    assert "ai_act_omnibus_2026" in annex_iii.source
    assert annex_iii.verification == Verification.secondary
