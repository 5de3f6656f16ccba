"""The report model: what each section says, read from the assessment, the engine's result
and the review record; every number in it comes from the result."""

import datetime as dt

import pytest

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.domain.assessment import ActionItem, AssessedScore
from secu4all_ethics.domain.review import ReviewEntry, current_round
from secu4all_ethics.i18n import format_date, format_number, t
from secu4all_ethics.report import SECTION_IDS, Provenance, build_report
from secu4all_ethics.wording import word_result
from tests.conftest import EXAMPLES_DIR

HASH = "b" * 64


def report_of(assessment, bundle, language="en", **provenance):
    result = word_result(evaluate(assessment, bundle), bundle, language)
    return build_report(assessment, result, bundle, language, Provenance(document_hash=HASH, **provenance)), result


def texts(section) -> list[str]:
    """Every piece of text in a section, flattened."""
    found = []
    for block in section.blocks:
        if block.kind == "paragraph":
            found.append(f"{block.label}: {block.text}" if block.label else block.text)
        elif block.kind in ("notice", "subheading"):
            found.append(block.text)
        elif block.kind == "bullets":
            found += block.items
        elif block.kind == "table":
            found += [block.caption, *block.columns, *(cell for row in block.rows for cell in row)]
    return found


def notices(section, level):
    return [block.text for block in section.blocks if block.kind == "notice" and block.level == level]


@pytest.fixture
def market():
    return load_assessment(EXAMPLES_DIR / "christmas_market.yaml")


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_fourteen_sections_in_order_with_titles_in_the_report_language(market, bundle, language):
    report, _ = report_of(market, bundle, language)
    assert [s.id for s in report.sections] == list(SECTION_IDS)
    assert [s.number for s in report.sections] == list(range(1, 15))
    assert [s.title for s in report.sections] == [t(f"report.section.{s}", language) for s in SECTION_IDS]
    assert report.review.label == t("report.review.state.draft", language) and not report.review.signed


def test_summary_states_the_decision_the_exclusion_and_robustness(market, bundle):
    report, result = report_of(market, bundle)
    summary = "\n".join(texts(report.section("summary")))
    assert market.decision.question.strip() in summary
    assert "The assessors recommend Hostile-vehicle-mitigation street furniture." in summary
    assert "Live facial recognition is excluded (" in summary
    assert result.robustness.statement in summary


def test_an_excluded_option_is_never_presented_as_recommendable(market, bundle):
    market.decision.recommended_option = "live_facial_recognition"
    report, _ = report_of(market, bundle)
    assert any("failed a legal gate and cannot be recommended" in text for text in notices(report.section("summary"), "danger"))
    legal = report.section("legal")
    assert any(text.startswith("Excluded by") for text in notices(legal, "danger"))


def test_the_summary_can_say_that_no_option_is_justified_or_that_nothing_is_decided(market, bundle):
    market.decision.conclusion = "no_option_justified"
    market.decision.recommended_option = None
    report, _ = report_of(market, bundle)
    assert "Conclusion: No option considered is justified for this need." in texts(report.section("summary"))
    market.decision.conclusion = "undecided"
    report, _ = report_of(market, bundle)
    assert "The assessors have not stated a conclusion yet." in notices(report.section("summary"), "warning")


def test_ranking_numbers_are_the_results(market, bundle):
    report, result = report_of(market, bundle)
    ranking = next(block for block in report.section("results").blocks if block.kind == "table")
    by_name = {option.name: option for option in result.options}
    for row in ranking.rows:
        option = by_name[row[1]]
        assert row[3] == ("—" if option.score is None else format_number(option.score, "en"))
    excluded_rows = [row for row in ranking.rows if row[1] == "Live facial recognition"]
    assert excluded_rows and "Excluded" in excluded_rows[0][-1]
    charts = [block.chart_id for block in report.section("results").blocks if block.kind == "chart"]
    assert charts == ["contributions", "heatmap", "stability", "acceptability", "tornado"]


def test_scores_flag_vendor_claims_and_departures_from_the_reference(market, bundle):
    option = next(o for o in market.options if o.key == "crowd_counting_edge")
    reference = bundle.technologies_by_id["crowd_counting_edge"].scores["effectiveness_evidence"].value
    option.scores["effectiveness_evidence"] = AssessedScore(
        value=5 if reference < 5 else 4, evidence_grade="vendor_claim", rationale="The vendor's brochure promises full coverage."
    )
    report, _ = report_of(market, bundle)
    scores = report.section("scores")
    rows = [row for block in scores.blocks if block.kind == "table" for row in block.rows]
    flagged = [row for row in rows if row[6] == "The vendor's brochure promises full coverage."]
    assert len(flagged) == 1
    assert flagged[0][5] == "vendor claim only; departs from the reference score"
    assert flagged[0][3] == "the assessors"
    assert any("rest only on vendor claims" in text for text in notices(scores, "warning"))


def test_action_plan_lists_commitments_points_out_safeguards_without_owner_and_dpo_points(market, bundle):
    market.action_plan = [item for item in market.action_plan if item.origin_ref != "temporary_event_barriers"]
    market.action_plan.append(ActionItem(description="Brief the stewards on the route plan."))
    reviews = [
        ReviewEntry(kind="submission", version=3, document_hash=HASH, reviewer="Ada", created_at="2026-11-20T09:00:00.000000Z"),
        ReviewEntry(
            kind="section",
            version=3,
            document_hash=HASH,
            reviewer="Dora",
            section="need",
            verdict="improvable",
            comment="Add the 2023 figures.",
            created_at="2026-11-21T09:00:00.000000Z",
        ),
    ]
    report, _ = report_of(market, bundle, version=3, status="submitted", reviews=reviews)
    actions = report.section("actions")
    plan = next(block for block in actions.blocks if block.kind == "table")
    assert ["Brief the stewards on the route plan.", "assessors", "to be assigned", "—", "planned"] in plan.rows
    assert ["Add the 2023 figures.", "DPO review", "to be assigned", "—", "planned"] in plan.rows
    uncovered = [text for text in notices(actions, "warning") if text.startswith("These safeguards")]
    assert uncovered and "Temporary" in uncovered[0]


def test_proportionality_without_dates_is_pointed_out(market, bundle):
    market.proportionality.review_date = None
    market.proportionality.sunset_date = None
    report, _ = report_of(market, bundle)
    assert any("No review or sunset date" in text for text in notices(report.section("proportionality"), "warning"))


def test_public_summary_is_the_assessors_text_or_generated(bundle):
    station = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    report, _ = report_of(station, bundle)
    assert texts(report.section("public_summary"))[0] == station.public_summary.strip()
    station.public_summary = ""
    report, _ = report_of(station, bundle)
    generated = texts(report.section("public_summary"))
    assert generated[0].startswith("This summary was written from the assessment's records")
    assert any(text.startswith("What is proposed?") for text in generated)


def test_annex_identifies_framework_content_version_and_generation(market, bundle):
    report, result = report_of(market, bundle, version=7)
    annex = texts(report.section("annex"))
    assert result.framework.content_hash in annex and HASH in annex and "7" in annex
    assert report.generated_at_text in annex
    explained = [block.caption for block in report.section("annex").blocks if block.kind == "table"][1:]
    assert explained == [table.caption for table in result.explanation]


def test_review_rounds_take_the_latest_verdict_per_section():
    def entry(kind, version, **fields):
        return ReviewEntry(kind=kind, version=version, document_hash=HASH, reviewer="Dora", created_at="2026-11-26T10:00:00Z", **fields)

    entries = [
        entry("submission", 2),
        entry("section", 2, section="legal", verdict="to_correct"),
        entry("changes_requested", 2, verdict="changes_requested"),
        entry("submission", 4),
        entry("section", 4, section="legal", verdict="improvable"),
        entry("section", 4, section="legal", verdict="acceptable"),
        entry("opinion", 4, verdict="favourable"),
        entry("sign_off", 4, verdict="signed"),
    ]
    latest = current_round(entries)
    assert latest.version == 4 and [e.verdict for e in latest.section_verdicts] == ["acceptable"]
    assert latest.opinion.verdict == "favourable" and latest.sign_off.version == 4
    assert current_round(entries[:3]).outcome.kind == "changes_requested" and current_round(entries[:3]).sign_off is None
    assert current_round([]).version is None


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_results_explain_why_other_methods_order_options_differently(market, bundle, language):
    report, result = report_of(market, bundle, language)
    differently = result.cross_check.options_ranked_differently
    assert differently  # the example has options that TOPSIS or PROMETHEE II place differently
    found = "\n".join(texts(report.section("results")))
    assert t("crosscheck.why_orders_differ", language) in found
    names = {o.key: o.name for o in result.options}
    assert all(names[key] in found for key in differently)


def test_no_explanation_when_every_method_orders_the_options_alike(bundle):
    from tests.builders import make_assessment

    assessment = make_assessment(bundle, ["improved_lighting", "live_facial_recognition", "fixed_cctv"])
    report, result = report_of(assessment, bundle)
    found = "\n".join(texts(report.section("results")))
    assert result.cross_check is not None and not result.cross_check.options_ranked_differently
    assert t("crosscheck.why_orders_differ", "en") not in found


def signed_record(document_hash, *, authenticated=True, reviewer_name="Dora Dupuis"):
    """A review round of version 4 ending in a sign-off that names document_hash."""

    def entry(kind, **fields):
        values = dict(
            version=4,
            document_hash=document_hash,
            reviewer="dora",
            reviewer_name=reviewer_name,
            reviewer_authenticated=authenticated,
            created_at="2026-11-26T10:00:00Z",
        )
        return ReviewEntry(kind=kind, **(values | fields))

    return [
        entry("submission", reviewer="ada", reviewer_name="Ada Lovelace" if reviewer_name else ""),
        entry("section", section="legal", verdict="acceptable"),
        entry("opinion", verdict="favourable"),
        entry("sign_off", verdict="signed"),
    ]


def table_rows(section, caption):
    return next(block.rows for block in section.blocks if block.kind == "table" and block.caption == caption)


def test_a_signature_is_shown_only_for_the_document_whose_hash_it_names(market, bundle):
    other = "c" * 64
    signed, _ = report_of(market, bundle, version=4, status="signed_off", reviews=signed_record(HASH))
    assert signed.review.signed and signed.review.signature == "verified"
    assert signed.review.label == f"Signed off by Dora Dupuis on 26 November 2026 10:00 UTC (version 4, document hash {HASH[:16]}…)"
    signature = dict(map(tuple, table_rows(signed.section("review"), "Sign-off")))
    assert signature["Verification"] == "on this installation's review record, for this document hash"
    assert signature["Identity"] == "signed in (authenticated)"

    # the same sign-off on a document with another hash (an edited report, a replaced version): no signature
    edited, _ = report_of(market, bundle, version=4, status="signed_off", reviews=signed_record(other))
    assert not edited.review.signed and edited.review.status == "signature_mismatch" and edited.review.signature == "mismatch"
    assert edited.review.label == t("report.review.state.signature_mismatch", "en", version=4, signed=other[:16], hash=HASH[:16])
    assert edited.review.label.startswith("The signature does not match this content, which is therefore not signed off")
    assert notices(edited.section("summary"), "danger")[-1] == edited.review.label
    assert notices(edited.section("review"), "danger") == [edited.review.label]
    assert "Sign-off" not in texts(edited.section("review"))
    assert f"Review by the data protection officer: {edited.review.label}" in texts(edited.section("public_summary"))


def test_a_signature_from_an_imported_file_is_not_presented_as_verified(market, bundle):
    imported, _ = report_of(market, bundle, version=4, status="signed_off", reviews=signed_record(HASH), verified=False)
    assert imported.review.signed and imported.review.signature == "unverified"
    assert imported.review.label.startswith("Signature recorded in the imported file, not verified by this installation: signed off by Dora Dupuis on")
    assert notices(imported.section("review"), "warning")[0] == imported.review.label
    signature = dict(map(tuple, table_rows(imported.section("review"), "Sign-off")))
    assert signature["Verification"] == "recorded in the imported file, not verified by this installation"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_self_declared_signature_says_so_and_that_own_work_could_not_be_checked(market, bundle, language):
    report, _ = report_of(market, bundle, language, version=4, status="signed_off", reviews=signed_record(HASH, authenticated=False, reviewer_name=""))
    self_declared = t("report.review.self_declared_name", language, name="dora")
    assert report.review.self_declared and self_declared in report.review.label
    date = f"{format_date(dt.date(2026, 11, 26), language)} 10:00 UTC"
    assert report.review.label == t("report.review.state.signed_off", language, name=self_declared, date=date, version=4, hash=HASH[:16])
    review = report.section("review")
    assert t("report.review.own_work_unenforced", language) in notices(review, "warning")
    signature = table_rows(review, t("report.review.signature", language))
    assert [t("report.review.authentication", language), t("report.review.self_declared", language)] in signature
    # every step of the history says who acted, and that the name was typed
    history = table_rows(review, t("report.review.history", language))
    assert [row[2] for row in history] == [t("report.review.self_declared_name", language, name=name) for name in ("ada", "dora", "dora", "dora")]
    # a signed-in reviewer's record says nothing of the kind
    authenticated, _ = report_of(market, bundle, language, version=4, status="signed_off", reviews=signed_record(HASH))
    assert t("report.review.self_declared", language) not in authenticated.review.label
    assert t("report.review.own_work_unenforced", language) not in notices(authenticated.section("review"), "warning")


def test_the_history_says_who_acted_by_display_name_not_reviewer(market, bundle):
    report, _ = report_of(market, bundle, version=4, status="signed_off", reviews=signed_record(HASH))
    history = next(block for block in report.section("review").blocks if block.kind == "table" and block.caption == "Review history")
    assert history.columns == ["Date", "Version", "Who", "What", "Comment"]
    assert [row[2] for row in history.rows] == ["Ada Lovelace", "Dora Dupuis", "Dora Dupuis", "Dora Dupuis"]
    assert [row[1] for row in history.rows] == ["4"] * 4


def test_the_legal_screening_prints_every_overridden_catalogue_fails_with_its_reasons(market, bundle):
    from secu4all_ethics.domain.assessment import GateAnswer

    lfr = next(option for option in market.options if option.key == "live_facial_recognition")
    for gate in bundle.legal.gates:
        lfr.gate_answers[gate.id] = GateAnswer(answer="passes", justification="Retrospective search under a court order only.")
    lfr.gate_answers["lawful_basis"] = GateAnswer(answer="not_applicable", justification="")
    report, result = report_of(market, bundle, "fr")
    legal = report.section("legal")
    warnings = notices(legal, "warning")
    prohibited = bundle.gates["prohibited_practice"].name.get("fr")
    assert (
        f"« {prohibited} » : selon le catalogue, ce critère n'est pas satisfait ; les personnes chargées de l'évaluation "
        "ont répondu « satisfait ». Leur justification : Retrospective search under a court order only."
    ) in warnings
    lawful = bundle.gates["lawful_basis"].name.get("fr")
    assert any(text.startswith(f"« {lawful} » : la réponse écarte le « non satisfait » du catalogue sans justification") for text in warnings)
    overridden = [(o.key, g.gate) for o in result.options for g in o.gates if g.overrides_hint]
    assert len(warnings) >= len(overridden) == 3
    # Justified everywhere, the option is ranked: its prohibited AI Act category is printed as a danger.
    lfr.gate_answers["lawful_basis"] = GateAnswer(answer="passes", justification="Municipal police act, article 12.")
    report, result = report_of(market, bundle, "en")
    assert next(o for o in result.options if o.key == "live_facial_recognition").status == "ranked"
    assert any(
        text.startswith("This option is ranked although its AI Act category is “Prohibited practice”") for text in notices(report.section("legal"), "danger")
    )


# --- the DPIA annex (issue #15 point 17) ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_dpia_annex_maps_the_law_to_the_sections_that_answer_it(bundle, language):
    park = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    report, _ = report_of(park, bundle, language)
    section = report.section("dpia")
    # 13th: the annexes added after it (issue #17's function creep) renumber none of the sections before them
    assert section.title == t("report.section.dpia", language) and section.number == 13
    annex = next(block for block in section.blocks if block.kind == "table" and block.caption == t("report.dpia.annex_caption", language))
    provisions = [row[0] for row in annex.rows]
    assert provisions[:5] == [element.provision.get(language) for element in bundle.dpia.elements[:5]]  # GDPR Art. 35(7)(a)-(d), 35(9)
    by_requirement = {row[1]: row for row in annex.rows}
    risks = by_requirement[bundle.dpia.elements[2].requirement.get(language)]  # Art. 35(7)(c)
    assert risks[2] == t("report.dpia.status.partly", language)
    # Each place names the section that answers it, by number and title, or says it is not answered.
    number = SECTION_IDS.index("legal") + 1
    residual = t(
        "report.dpia.place",
        language,
        place=t("report.dpia.place.options.residual_risk", language),
        number=number,
        section=t("report.section.legal", language),
        state=t("report.dpia.not_answered", language),
    )
    assert residual in risks[3]
    assert t("report.dpia.views_sought", language) + ": " + park.data_subject_views.views in texts(section)


def test_the_dpia_annex_says_not_answered_where_the_assessment_is_silent(bundle):
    park = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    park.data_subject_views = park.data_subject_views.model_copy(update={"sought": None})
    section = report_of(park, bundle, "fr")[0].section("dpia")
    assert notices(section, "warning") == [t("report.dpia.views_missing", "fr")]
    views_row = next(row for block in section.blocks if block.kind == "table" for row in block.rows if row[0] == bundle.dpia.elements[4].provision.get("fr"))
    assert views_row[2] == t("report.dpia.status.not_answered", "fr")


def test_the_risk_map_is_a_report_chart_with_its_data_table(bundle):
    from secu4all_ethics.report.formats import charts_of

    park = load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml")
    report, _ = report_of(park, bundle, "de")
    maps = [chart for chart in charts_of(report) if chart.chart_id.startswith("risk_map")]
    cameras = park.options[[o.key for o in park.options].index("fixed_cctv")]
    assert [chart.chart_id for chart in maps] == ["risk_map_fixed_cctv"] and maps[0].title == t(
        "report.dpia.risk_map", "de", option=bundle.technologies_by_id["fixed_cctv"].name.get("de")
    )
    table = maps[0].data
    assert table.columns[0] == t("dpia.table.event", "de")
    labels = {level.value: level.label.get("de") for level in bundle.dpia.severity.levels}
    access = cameras.feared_events["illegitimate_access"]
    assert table.rows[0] == [
        bundle.dpia.feared_events[0].name.get("de"),
        labels[access.severity_before],
        labels[access.likelihood_before],
        labels[access.severity_after],
        labels[access.likelihood_after],
    ]


def test_an_assessment_without_a_dpia_says_so_in_the_annex(bundle):
    station = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    station.options = [o for o in station.options if o.key not in ("fixed_cctv", "anpr")]
    station.decision.recommended_option = None
    station.decision.conclusion = "undecided"
    section = report_of(station, bundle, "en")[0].section("dpia")
    assert texts(section) == [t("report.dpia.not_required", "en")]
