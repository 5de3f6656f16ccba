"""An evidence grade names the design of the cited study for this intervention and
this outcome; indirect evidence is capped at expert judgement (framework
description, issue #14 correction 8).

The designs below were read in each study's abstract (issue #14 content audit,
table A, E1, E3, E5 to E7). A score whose every source is recorded here may not
claim a stronger grade than its sources' designs allow."""

from secu4all_ethics.domain.content import EVIDENCE_STRENGTH, EvidenceGrade

# reference id: (design, the technologies it evaluated, the criteria whose outcome it measured)
RECORDED_DESIGNS = {
    # Systematic review with meta-analysis of CCTV, crime outcomes (Criminology & Public Policy 18(1)).
    "piza2019_cctv_meta": (EvidenceGrade.meta_analysis, {"fixed_cctv", "cctv_control_room"}, {"effectiveness_evidence"}),
    # Randomised trial of an extra CCTV operator with two dedicated police patrol cars (J Exp Criminol 11(1):43-69).
    "piza2015_newark_rct": (EvidenceGrade.rct, {"cctv_control_room"}, {"effectiveness_evidence"}),
    # Systematic review with a narrative synthesis (no meta-analysis) of 22 controlled and 25 uncontrolled
    # studies; the outcome is fear of crime, which no criterion measures as such.
    "lorenc2013_fear_of_crime": (EvidenceGrade.quasi_experimental, set(), set()),
    # Narrative review of CPTED; the studies it reports are mostly uncontrolled before-and-after designs.
    "cozens2005_cpted": (EvidenceGrade.descriptive, {"cpted_place_management"}, {"effectiveness_evidence"}),
}


def _allowed(source, technology, criterion):
    design, technologies, criteria = RECORDED_DESIGNS[source]
    if technology in technologies and criterion in criteria:
        return EVIDENCE_STRENGTH[design]
    return EVIDENCE_STRENGTH[EvidenceGrade.expert_judgement]


def test_grades_do_not_exceed_the_recorded_designs_of_their_sources(bundle):
    checked, too_strong = 0, []
    for technology in bundle.technologies:
        for criterion, score in technology.scores.items():
            if not score.sources or not all(s in RECORDED_DESIGNS for s in score.sources):
                continue
            checked += 1
            allowed = max(_allowed(s, technology.id, criterion) for s in score.sources)
            if EVIDENCE_STRENGTH[score.evidence_grade] > allowed:
                too_strong.append(f"{technology.id}.{criterion}: {score.evidence_grade.value} from {score.sources}")
    assert checked >= 5
    assert not too_strong, too_strong


def test_the_audited_grades(bundle):
    technologies = {t.id: t for t in bundle.technologies}
    assert technologies["cpted_place_management"].scores["public_acceptance"].evidence_grade == EvidenceGrade.expert_judgement
    assert technologies["cpted_place_management"].scores["effectiveness_evidence"].evidence_grade == EvidenceGrade.descriptive
    assert technologies["guardians_stewards"].scores["effectiveness_evidence"].evidence_grade == EvidenceGrade.expert_judgement


def test_the_framework_states_the_grading_rule_in_every_language(bundle):
    description = bundle.framework.description
    for language, words in {"en": "expert judgement", "fr": "avis d'expertise", "de": "fachliche Einschätzung", "it": "valutazione specialistica"}.items():
        assert words in description.get(language), language
