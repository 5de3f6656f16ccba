"""Journey: a procurement officer assesses technologies from a scenario to the
results, in English and in French: options with one safeguard, a screening
that excludes live facial recognition, pairwise (AHP) weights, a changed score
with its rationale, and the results. A refresh in the middle keeps the work.
Every page is photographed (test-artifacts/screenshots/), and no page may
show an exception."""

import re
import shutil

import pytest

from secu4all_ethics import load_content
from secu4all_ethics.i18n import t
from tests.conftest import ROOT
from tests.e2e.conftest import assert_no_exception, go, keyed, screenshot, settle

pytestmark = pytest.mark.e2e

BUNDLE = load_content()
LFR = "live_facial_recognition"
README_SHOTS = ROOT / "docs" / "screenshots"


def shoot(page, lang, name):
    path = screenshot(page, f"{lang}-{name}")
    assert_no_exception(page)
    return path


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_procurement_officer_journey(app_server, page_factory, lang):
    page = page_factory(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto(f"{app_server}/?lang={lang}&who=Ada")
    settle(page)
    shoot(page, lang, "start")

    # Start from the park scenario
    keyed(page, "new-origin").get_by_role("combobox").click()
    page.get_by_role("option", name=re.compile("Parc des Tilleuls")).click()
    settle(page)
    page.get_by_role("button", name=t("start.create", lang)).click()
    page.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(page)
    shoot(page, lang, "need")

    # 2 Options: add live facial recognition from the catalogue, and one safeguard on CCTV
    go(page, lang, "options")
    choice = keyed(page, ":options.add.choice")
    choice.get_by_role("combobox").click()
    choice.locator("input").fill(BUNDLE.technologies_by_id[LFR].name.get(lang))
    page.keyboard.press("Enter")
    settle(page)
    keyed(page, ":options.add.button").get_by_role("button").click()
    settle(page)
    safeguard = keyed(page, ":options.fixed_cctv.configurations.published_register")
    # the checkbox sits in a folded panel; a DOM click goes through Streamlit's own change handler
    safeguard.locator("input").evaluate("input => input.click()")
    settle(page)
    page.get_by_text(re.compile(r"\(version \d+\)")).first.wait_for()
    shoot(page, lang, "options")

    # 3 Screening: live facial recognition fails the prohibited-practice gate
    go(page, lang, "screening")
    # more options than tabs show: the page lists them, one below the other
    keyed(page, ":screening.option").get_by_text(BUNDLE.technologies_by_id[LFR].name.get(lang), exact=True).click()
    settle(page)
    for gate in BUNDLE.legal.gates:
        justification = keyed(page, f":screening.{LFR}.gates.{gate.id}.justification").locator("textarea")
        justification.fill(f"{gate.name.get(lang)}: checked with the city's legal service.")
        justification.press("Tab")
        settle(page)
        answer = "fails" if gate.id == "prohibited_practice" else "passes"
        keyed(page, f":screening.{LFR}.gates.{gate.id}.answer").get_by_text(t(f"screening.answer.{answer}", lang), exact=True).click()
        settle(page)
    page.get_by_text(t("screening.status.excluded", lang)).first.wait_for()
    shoot(page, lang, "screening")

    # A refresh in the middle keeps the work
    page.reload()
    settle(page)
    # more options than tabs show: the page lists them, one below the other
    keyed(page, ":screening.option").get_by_text(BUNDLE.technologies_by_id[LFR].name.get(lang), exact=True).click()
    settle(page)
    fails = keyed(page, f":screening.{LFR}.gates.prohibited_practice.answer").get_by_role("radio", name=t("screening.answer.fails", lang))
    assert fails.is_checked()
    assert_no_exception(page)

    # 4 Weights: pairwise comparison of the pillars
    go(page, lang, "weights")
    keyed(page, ".method").get_by_text(t("weights.method.ahp", lang), exact=True).click()
    settle(page)
    page.get_by_text(re.compile(r"\(version \d+\)")).first.wait_for()
    shoot(page, lang, "weights")

    # 5 Scores: depart from a reference score, with a rationale
    go(page, lang, "scores")
    rationale = keyed(page, ":scores.guardians_stewards.effectiveness_evidence.rationale").locator("textarea")
    if rationale.count():
        rationale.fill("Night mediators already work in this district.")
        rationale.press("Tab")
        settle(page)
    shoot(page, lang, "scores")

    # 6 Results: live facial recognition is listed as excluded, the ranking is shown
    go(page, lang, "results")
    lfr_name = BUNDLE.technologies_by_id[LFR].name.get(lang)
    page.get_by_text(lfr_name).first.wait_for()
    heading = t("results.excluded.heading", lang)
    page.get_by_text(heading).first.wait_for()
    page.get_by_text(t("results.excluded.option", lang, option=lfr_name, count=1)).first.wait_for()
    shoot(page, lang, "results")

    go(page, lang, "library")
    shoot(page, lang, "library")

    if lang == "en":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        for name in ("options", "screening", "weights", "results"):
            shutil.copyfile(ROOT / "test-artifacts" / "screenshots" / f"en-{name}.png", README_SHOTS / f"{name}.png")
