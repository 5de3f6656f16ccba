"""What the content may cite where (issue #14 corrections 7 and 10).

- UK sources are comparative material for an EU authority, never its legal basis.
  A gate hint's references join the gate's legal basis when the hint stands for
  the answer (engine/inputs.py), so they count too. Judgments of the European
  Court of Human Rights against the United Kingdom (Peck, S. and Marper, Big
  Brother Watch) are Convention case law and may stay.
- Retention norms in the catalogue rest on the EDPB video guidelines 3/2019
  (para. 121) and national public-sector limits, not on private-sector rules."""

import pytest

UK_COMPARATIVE = {
    "bridges_2020",
    "uk_sc_code",
    "npsa_hvm_guide2021",
    "uk_rfr_usage_2025",
    "what_works_cctv2015",
    "what_works_lighting",
    "met_lfr_report_2025",
    "essex2019_met_lfr",
    "secured_by_design_hvm",
}
PRIVATE_SECTOR_RETENTION_RULES = {"at_dsg_13", "dsk_video_retention"}


def _cited_as_legal_basis(bundle):
    """(place, reference id) for every reference a report may print as a legal basis."""
    for gate in bundle.legal.gates:
        yield from ((f"gates.{gate.id}", r) for r in gate.legal_basis)
        for regime, variant in gate.by_regime.items():
            yield from ((f"gates.{gate.id}.by_regime.{regime}", r) for r in variant.legal_basis)
    for obligation in bundle.legal.obligations:
        yield from ((f"obligations.{obligation.id}", r) for r in obligation.legal_basis)
    for technology in bundle.technologies:
        for hint in technology.gate_hints:
            yield from ((f"{technology.id}.gate_hints.{hint.gate}", r) for r in hint.references)


def _cited_as_source(bundle):
    """(place, reference id) for every source of a catalogue score or configuration."""
    for technology in bundle.technologies:
        for criterion, score in technology.scores.items():
            yield from ((f"{technology.id}.scores.{criterion}", r) for r in score.sources)
        for configuration in technology.configurations:
            yield from ((f"{technology.id}.configurations.{configuration.id}", r) for r in configuration.sources)


@pytest.mark.parametrize(
    ("cited", "not_allowed"),
    [(_cited_as_legal_basis, UK_COMPARATIVE), (_cited_as_source, PRIVATE_SECTOR_RETENTION_RULES)],
    ids=["no UK source as a legal basis", "no private-sector retention rule as a source"],
)
def test_not_cited_there(bundle, cited, not_allowed):
    found = [f"{place}: {r}" for place, r in cited(bundle) if r in not_allowed]
    assert not found, found


def test_the_uk_citations_say_they_are_comparative(bundle):
    references = {r.id: r for r in bundle.references}
    for reference_id in ("bridges_2020", "uk_sc_code"):
        assert "Comparative material" in references[reference_id].citation_in("en")


def test_the_retention_configurations_cite_the_edpb_guidelines(bundle):
    technologies = {t.id: t for t in bundle.technologies}
    for technology_id in ("fixed_cctv", "cctv_control_room"):
        configuration = next(c for c in technologies[technology_id].configurations if c.id == "retention_72h")
        assert "edpb_3_2019" in configuration.sources
        for language in ("en", "fr", "de", "it"):
            assert "121" in configuration.rationale.get(language), (technology_id, language)


# --- citations in the reader's language (correction 11) ------------------------------------


def test_a_source_other_than_a_study_must_be_cited_in_every_language():
    from pydantic import ValidationError

    from secu4all_ethics.domain.content import Reference

    with pytest.raises(ValidationError, match="cited in every language"):
        Reference(id="x", kind="legislation", citation="Regulation (EU) 2016/679, Article 35", verification="verified")
    study = Reference(id="x", kind="study", citation="Piza, E. L. et al. (2019). CCTV surveillance for crime prevention.", verification="verified")
    assert study.citation_in("de") == study.citation


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_a_report_cites_the_law_in_its_own_language(bundle, language):
    from secu4all_ethics import load_assessment
    from tests.conftest import EXAMPLES_DIR
    from tests.unit.test_national_rules import report_text

    text = report_text(load_assessment(EXAMPLES_DIR / "station_car_park.yaml"), bundle, language)
    for reference_id in ("gdpr_art35", "gdpr_art6", "de_bdsg_2018"):
        reference = bundle.references_by_id[reference_id]
        # In a list of citations each loses its closing full stop (report/build.py citations).
        assert reference.citation_in(language).rstrip(".") in text, reference_id
        assert reference.citation_in("en").rstrip(".") not in text, reference_id
