"""Corrections 1-4 and 6 of issue #14 (content audit, December 2026): the AI Act's
own terms and scope, checked in the four languages of the content.

Sources: Regulation (EU) 2024/1689, Art. 3(44)-(46), 5(1)(c), (d), (f), (h),
26(10), 27(1) and Annex III point 6(d).
"""

import pytest

LANGUAGES = ("en", "fr", "de", "it")

# The official term for the AI Act's "publicly accessible space" (Art. 3(44)) in each language.
PUBLICLY_ACCESSIBLE = {
    "en": "publicly accessible spaces",
    "fr": "espaces accessibles au public",
    "de": "öffentlich zugänglichen Räumen",
    "it": "spazi accessibili al pubblico",
}
# The loose wording the audit found instead (finding L1, T2; translation table row 9).
LOOSE_PUBLIC_SPACE = {
    "en": "in public spaces",
    "fr": "dans l'espace public",
    "de": "im öffentlichen Raum",
    "it": "negli spazi pubblici",
}


def _gate(bundle, gate_id):
    return next(gate for gate in bundle.legal.gates if gate.id == gate_id)


def _hint(technology, gate_id):
    return next(hint for hint in technology.gate_hints if hint.gate == gate_id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prohibited_practice_gate_uses_publicly_accessible_spaces(bundle, lang):
    gate = _gate(bundle, "prohibited_practice")
    assert PUBLICLY_ACCESSIBLE[lang] in gate.question.get(lang)
    assert LOOSE_PUBLIC_SPACE[lang] not in gate.question.get(lang)
    prohibited = next(c for c in bundle.legal.ai_act_categories if c.category.value == "prohibited")
    assert PUBLICLY_ACCESSIBLE[lang] in prohibited.description.get(lang)


def test_prohibited_practice_gate_names_social_scoring_and_emotion_inference(bundle):
    gate = _gate(bundle, "prohibited_practice")
    question = gate.question.get("en")
    for point in ("5(1)(h)", "5(1)(c)", "5(1)(f)", "5(1)(d)"):
        assert point in question
    assert "social scoring" in question and "workplace" in question and "education" in question
    assert "ai_act_art3" in gate.legal_basis
    assert "3(44)" in gate.explanation.get("en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_live_facial_recognition_separates_law_enforcement_from_municipal_use(bundle, lang):
    lfr = bundle.technologies_by_id["live_facial_recognition"]
    prohibited = _hint(lfr, "prohibited_practice").reason.get(lang)
    assert PUBLICLY_ACCESSIBLE[lang] in prohibited
    assert LOOSE_PUBLIC_SPACE[lang] not in prohibited
    assert "9" in prohibited  # the municipal route: GDPR Article 9
    lawful = _hint(lfr, "lawful_basis").reason.get(lang)
    # The unsourced universal claim about the 27 member states is gone (audit finding T3).
    for claim in ("no Member State", "aucun État membre", "kein Mitgliedstaat", "nessuno Stato membro"):
        assert claim not in lawful


def test_nist_figure_is_stated_for_one_to_one_verification(bundle):
    equity = bundle.technologies_by_id["live_facial_recognition"].scores["equity_discrimination"].rationale
    assert "10 to 100" in equity.get("en") and "one-to-one" in equity.get("en")
    assert "un-à-un" in equity.get("fr") and "1:1" in equity.get("de") and "uno-a-uno" in equity.get("it")


def test_retrospective_facial_recognition_states_article_26_10_and_the_legal_date(bundle):
    rfr = bundle.technologies_by_id["retrospective_facial_recognition"]
    note = rfr.ai_act.note.get("en")
    assert "initial identification of a potential suspect" in note
    assert "suspected or convicted" in note
    assert "restricts it to law-enforcement deployers" not in note
    annex_iii = next(d for d in bundle.legal.legal_dates if d.id == "ai_act_annex_iii_high_risk")
    assert annex_iii.applies_from.isoformat() == "2027-12-02"
    assert "2 December 2027" in note and "2 August 2026" not in note
    for lang, word in {"fr": "utilisateurs", "it": "utilizzatori"}.items():
        assert word not in rfr.ai_act.note.get(lang)


def test_person_based_prediction_is_prohibited_only_when_solely_based_on_profiling(bundle):
    policing = bundle.technologies_by_id["predictive_policing"]
    for text in (policing.ai_act.note.get("en"), _hint(policing, "targeting_rules").reason.get("en")):
        assert "solely" in text and "6(d)" in text
    assert "largely prohibited" not in _hint(policing, "targeting_rules").reason.get("en")


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "private entities providing public services"),
        ("fr", "entités privées fournissant des services publics"),
        ("de", "private Einrichtungen handelt, die öffentliche Dienste erbringen"),
        ("it", "enti privati che forniscono servizi pubblici"),
    ],
)
def test_fria_scope_includes_private_entities_providing_public_services(bundle, lang, words):
    fria = next(o for o in bundle.legal.obligations if o.id == "fria")
    assert words in fria.description.get(lang)
    assert "ai_act_art27" in fria.legal_basis
