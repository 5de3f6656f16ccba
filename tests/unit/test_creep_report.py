"""The report's annex on function creep and the upgrades the proportionality statement names (issue #17)."""

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.i18n import t
from secu4all_ethics.report import SECTION_IDS, Provenance, build_report
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR


def report_of(assessment, bundle, language):
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash="c" * 64))


def name(bundle, technology_id, language):
    return bundle.technologies_by_id[technology_id].name.get(language)


@pytest.fixture
def park():
    # fixed_cctv and video_analytics among its options, both on the CCTV ladder (and fixed CCTV on number plates)
    return load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_annex_walks_each_step_up_from_the_options_compared(park, bundle, language):
    section = build_report_section(park, bundle, language)
    assert section.number == len(SECTION_IDS) and section.title == t("report.section.creep", language)
    tables = [block for block in section.blocks if block.kind == "table"]
    captions = [table.caption for table in tables]
    step = t("creep.step", language, lower=name(bundle, "video_analytics", language), higher=name(bundle, "retrospective_facial_recognition", language))
    # fixed CCTV: four steps up the CCTV ladder and two up the number-plate one; video analytics: two
    # each table named by its step and the option it starts from, so that a caption names one table
    from_cameras = t("creep.report.caption", language, step=step, option=name(bundle, "fixed_cctv", language))
    from_analytics = t("creep.report.caption", language, step=step, option=name(bundle, "video_analytics", language))
    assert len(tables) == 4 + 2 + 2 and len(set(captions)) == len(captions) and {from_cameras, from_analytics} <= set(captions)
    to_faces = tables[captions.index(from_analytics)]
    rows = {row[0]: row[1] for row in to_faces.rows}
    assert rows[t("creep.ai_act", language)] == t(
        "creep.ai_act.change",
        language,
        before=next(c.name.get(language) for c in bundle.legal.ai_act_categories if c.category.value == "minimal"),
        after=next(c.name.get(language) for c in bundle.legal.ai_act_categories if c.category.value == "high_risk"),
    )
    # the park's controller is the city for an administrative purpose: the GDPR's rules; FRIA and registration are new
    assert bundle.obligations["fria"].name.get(language) in rows[t("creep.obligations", language)]
    assert bundle.obligations["eu_database_registration"].name.get(language) in rows[t("creep.obligations", language)]
    assert bundle.gates["lawful_basis"].name.get(language) in rows[t("creep.gates", language)]
    assert rows[t("creep.report.verdict", language)].startswith(t("creep.verdict.new_assessment", language, reasons="").split(":")[0])


def build_report_section(assessment, bundle, language):
    return report_of(assessment, bundle, language).section("creep")


def test_the_proportionality_statement_names_the_upgrades_that_need_a_new_assessment(park, bundle):
    park.decision.conclusion = "recommend_option"
    park.decision.recommended_option = "fixed_cctv"
    section = report_of(park, bundle, "fr").section("proportionality")
    heading = next(i for i, block in enumerate(section.blocks) if block.kind == "subheading" and block.text == t("creep.report.proportionality_heading", "fr"))
    upgrades = section.blocks[heading + 1].items
    assert len(upgrades) == 6  # four steps up the CCTV ladder, two up the number-plate one: each worsens a risk or the law's demands
    assert upgrades[0].startswith(f"Passage à {name(bundle, 'cctv_control_room', 'fr')} : Des opérateurs regardent")


def test_a_recommended_option_on_no_ladder_says_so(park, bundle):
    assert park.decision.recommended_option == "improved_lighting"
    section = report_of(park, bundle, "en").section("proportionality")
    assert section.blocks[-1].text == t("creep.report.proportionality_none", "en")
