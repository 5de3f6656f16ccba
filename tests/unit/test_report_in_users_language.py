"""What a French, German or Italian reader receives holds no English placeholder of the tool's own (issue #15 point 2)."""


def test_the_unnamed_organisation_is_never_printed_as_a_name(bundle):
    """Assessments made without sign-in belong to a placeholder organisation ("My municipality"); a French or
    German cover must not print that English placeholder (issue #15 point 2)."""
    from secu4all_ethics import evaluate, load_assessment, word_result
    from secu4all_ethics.domain.assessment import UNNAMED_ORGANISATION
    from secu4all_ethics.report import Provenance, build_report
    from tests.conftest import EXAMPLES_DIR

    assessment = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    for organisation, printed in ((UNNAMED_ORGANISATION, ""), ("Ville de Lyon", "Ville de Lyon")):
        assessment.organisation = organisation
        result = word_result(evaluate(assessment, bundle, with_acceptability=False), bundle, "fr")
        report = build_report(assessment, result, bundle, "fr", Provenance(document_hash="0" * 64))
        assert report.organisation == printed
        assert UNNAMED_ORGANISATION not in report.model_dump_json()
