"""Journey: an assessor and a data protection officer, each in a browser of
their own. The assessor fills the decision page and submits; the DPO marks a
section improvable and asks for changes; the assessor revises and submits
again; the DPO records every verdict and the opinion, signs off and downloads
the signed PDF, which names the signer, says it is signed off with the
version's hash and carries no draft mark. Both new pages are photographed in
English and French (test-artifacts/screenshots/; the signed review also
for the README, docs/screenshots/review.png), and no page may show an
exception."""

import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from tests.conftest import ROOT, require_command
from tests.e2e.conftest import after_run, assert_no_exception, go, keyed, settle, shoot

pytestmark = pytest.mark.e2e

DPO = "Dora Dupuis"
# Sign-in mode none: the report and the pages print a typed name as such.
SELF_DECLARED_DPO = re.escape(f"{DPO} (self-declared, not authenticated)")
STATION = "Theft from and of vehicles in the municipal car park at the north station"
README_SHOTS = ROOT / "docs" / "screenshots"


def fill(locator, text):
    """Type into a text box and leave it, which is when Streamlit saves it."""
    locator.fill(text)
    locator.press("Tab")


SAVED = re.compile(r"All changes saved \(version (\d+)\)")


def saved_version(page) -> int:
    caption = page.get_by_text(SAVED).first
    caption.wait_for()
    return int(SAVED.search(caption.inner_text()).group(1))


def saved(page, change):
    """Make a change and wait until its autosave shows (a newer version than before the change), then
    for Streamlit to finish drawing. The saved line of the version before is already on the page, so
    waiting for any saved line would let the next step start while this save is still running."""
    before = saved_version(page)
    change()
    page.wait_for_function(
        "before => [...document.body.innerText.matchAll(/All changes saved \\(version (\\d+)\\)/g)].some(m => +m[1] > before)",
        arg=before,
    )
    settle(page)
    assert_no_exception(page)


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)
    assert_no_exception(page)


def section(page, section_id):
    """The expander of one report section on the review page, opened."""
    title = t(f"report.section.{section_id}", "en")
    expander = page.get_by_test_id("stExpander").filter(has=page.locator("summary p", has_text=re.compile(rf"^\d+\. {re.escape(title)} — ")))
    expander = expander.first
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
        settle(page)
    return expander


def give_verdict(page, section_id, verdict, comment=""):
    expander = section(page, section_id)
    expander.get_by_test_id("stRadio").get_by_text(t(f"report.review.verdict.{verdict}", "en"), exact=True).click()
    settle(page)
    if comment:
        fill(expander.get_by_role("textbox", name=t("review.comment", "en"), exact=True), comment)
        settle(page)
    expander.get_by_role("button", name=t("review.record", "en")).click()
    settle(page)
    page.get_by_text(
        t("review.recorded", "en", section=t(f"report.section.{section_id}", "en"), verdict=t(f"report.review.verdict.{verdict}", "en"))
    ).first.wait_for()
    assert_no_exception(page)


def submit(page):
    click(page, t("decision.submit.button", "en"))
    click(page, t("decision.submit.yes", "en"))
    page.get_by_text(re.compile(r"Version \d+ is submitted to the data protection officer\.")).first.wait_for()
    page.get_by_text(t("report.review.state.submitted", "en")).first.wait_for()
    assert_no_exception(page)


def test_assessor_and_dpo_review_journey(app_server, page_factory, tmp_path):
    assessor = page_factory(locale="en-GB")
    dpo = page_factory(locale="en-GB")

    # The assessor starts from the station car park scenario
    assessor.goto(f"{app_server}/?lang=en&who=Ada")
    settle(assessor)
    keyed(assessor, "new-origin").get_by_role("combobox").click()
    assessor.get_by_role("option", name=STATION).click()
    settle(assessor)
    assessor.get_by_role("button", name=t("start.create", "en")).click()
    assessor.wait_for_url(re.compile(r".*/need\?.*a=[0-9a-f]{32}.*"))
    settle(assessor)
    assessment_id = re.search(r"a=([0-9a-f]{32})", assessor.url).group(1)

    # 7 Decision and report: the question, the conditions, a commitment with its owner, residual risks
    go(assessor, "en", "decision")
    saved(
        assessor,
        lambda: fill(assessor.get_by_role("textbox", name=t("decision.question", "en"), exact=True), "Light the car park and staff it, or install cameras?"),
    )
    saved(
        assessor,
        lambda: fill(
            assessor.get_by_role("textbox", name=t("decision.conditions", "en"), exact=True), "Lighting and the steward first; review after six months."
        ),
    )
    saved(assessor, lambda: click(assessor, t("decision.plan.add", "en")))
    commitments = assessor.get_by_role("textbox", name=re.compile(r"^Commitment \d+$"))
    last = commitments.count()
    saved(assessor, lambda: fill(commitments.last, "Publish the lighting plan on the city's website."))
    saved(assessor, lambda: fill(assessor.get_by_role("textbox", name=t("report.actions.column.owner", "en"), exact=True).last, "Communication department"))
    saved(
        assessor,
        lambda: fill(assessor.get_by_role("textbox", name=t("decision.residual_risks", "en"), exact=True), "Thefts move to the street\nLights vandalised"),
    )
    assert assessor.get_by_role("textbox", name=re.compile(r"^Commitment \d+$")).count() == last
    submit(assessor)
    assessor.get_by_text(re.compile(r"Version \d+ was submitted by Ada \(self-declared, not authenticated\) on")).first.wait_for()

    # The DPO, in a browser of her own, marks the legal screening improvable and asks for changes
    dpo.goto(f"{app_server}/review?lang=en&who={quote(DPO)}&role=dpo&a={assessment_id}")
    settle(dpo)
    assert_no_exception(dpo)
    dpo.get_by_role("heading", name=t("review.title", "en")).wait_for()
    dpo.get_by_text(re.compile(r"Version \d+, submitted by Ada \(self-declared, not authenticated\) on")).first.wait_for()
    give_verdict(dpo, "legal", "improvable", "Name the municipal police's lawful basis for the steward's patrols.")
    shoot(dpo, "en-review-verdict")
    fill(dpo.get_by_role("textbox", name=t("review.changes.comment", "en"), exact=True), "Please complete the legal screening.")
    settle(dpo)
    click(dpo, t("review.changes.button", "en"))
    dpo.get_by_text(t("report.review.state.changes_requested", "en")).first.wait_for()

    # The assessor sees the request with the comments, adopts the point, revises and submits again
    assessor.reload()
    settle(assessor)
    assert_no_exception(assessor)
    assessor.get_by_text(t("report.review.state.changes_requested", "en")).first.wait_for()
    assessor.get_by_text("Please complete the legal screening.").first.wait_for()
    assessor.get_by_text(re.compile(r"Name the municipal police's lawful basis")).first.wait_for()
    saved(assessor, lambda: click(assessor, t("decision.plan.adopt", "en")))
    saved(
        assessor,
        lambda: fill(
            assessor.get_by_role("textbox", name=t("decision.conditions", "en"), exact=True),
            "Lighting and the steward first; the lawful basis is the municipal police act.",
        ),
    )
    assessor.get_by_text(t("report.review.state.draft", "en")).first.wait_for()
    submit(assessor)
    shoot(assessor, "en-decision")

    # The report of the submitted version, in French, from the decision page (built on the click)
    chooser = keyed(assessor, "report-language").get_by_role("combobox")

    def choose_french():
        chooser.click()
        chooser.fill("Français")
        assessor.keyboard.press("Enter")

    # The download buttons build the file for the language of the run that drew them: wait for the
    # run this choice starts to finish, or the click could fetch the file of the run before.
    after_run(assessor, choose_french)
    assert chooser.input_value() == "Français"
    markdown_button = keyed(assessor, "report-download-md").get_by_role("button")
    expect(markdown_button).to_be_enabled()
    with assessor.expect_download(timeout=60_000) as download:
        markdown_button.click()
    assert re.fullmatch(r".*-v\d+-fr\.md", download.value.suggested_filename)
    markdown = download.value.path().read_text(encoding="utf-8")
    assert t("report.review.state.submitted", "fr") in markdown
    assert "the lawful basis is the municipal police act" in markdown
    assert_no_exception(assessor)

    # The DPO reviews the new version: every section, the opinion, then signs off
    dpo.reload()
    settle(dpo)
    assert_no_exception(dpo)
    sign = dpo.get_by_role("button", name=t("review.sign_off.button", "en"), exact=True)
    expect(sign).to_be_disabled()  # a new round: no verdict yet
    dpo.get_by_text(t("review.sign_off.missing", "en")).first.wait_for()
    for section_id in REVIEWABLE_SECTIONS:
        give_verdict(dpo, section_id, "acceptable")
    keyed(dpo, ".opinion").get_by_text(t("report.review.opinion.favourable", "en"), exact=True).click()
    settle(dpo)
    fill(dpo.get_by_role("textbox", name=t("report.review.reasons", "en"), exact=True), "Proportionate: lighting and staff, no personal data.")
    settle(dpo)
    click(dpo, t("review.record_opinion", "en"))
    # The run after the click draws the recorded opinion and, with it, the sign-off button enabled.
    dpo.get_by_text(t("review.opinion_recorded", "en", opinion=t("report.review.opinion.favourable", "en"))).first.wait_for()
    expect(sign).to_be_enabled()
    click(dpo, t("review.sign_off.button", "en"))
    dpo.get_by_text(re.compile(rf"^Signed off by {SELF_DECLARED_DPO} on .* \(version \d+, document hash [0-9a-f]{{16}}…\)$")).first.wait_for()
    signature = dpo.get_by_test_id("stTable").filter(has_text=t("report.review.signed_by", "en"))
    signature.wait_for()
    assert DPO in signature.inner_text()
    signed_hash = re.fullmatch(r"\s*([0-9a-f]{64})\s*", dpo.get_by_test_id("stCode").last.inner_text()).group(1)
    dpo.reload()  # the signed review as anyone opening it sees it: every section folded
    settle(dpo)
    dpo.get_by_text(re.compile(rf"^Signed off by {SELF_DECLARED_DPO} on ")).first.wait_for()
    shutil.copyfile(shoot(dpo, "en-review"), README_SHOTS / "review.png")  # the README's picture of the review

    # The signed PDF
    require_command("pdftotext")
    signed_pdf = dpo.get_by_role("button", name=t("review.download_signed", "en"))
    expect(signed_pdf).to_be_enabled()
    with dpo.expect_download(timeout=120_000) as download:
        signed_pdf.click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert DPO in text
    assert f"Signed off by {DPO} (self-declared, not authenticated) on" in text
    assert signed_hash[:16] in text
    assert t("report.review.state.draft", "en") not in text  # no draft mark
    assert t("report.review.state.submitted", "en") not in text
    assert_no_exception(dpo)

    # Both pages in French
    dpo.goto(f"{app_server}/review?lang=fr&who={quote(DPO)}&role=dpo&a={assessment_id}")
    settle(dpo)
    dpo.get_by_role("heading", name=t("review.title", "fr")).wait_for()
    dpo.get_by_text(re.compile(rf"^Visée par {DPO} \(identité déclarée, non authentifiée\) le ")).first.wait_for()
    section_title = t("report.section.legal", "fr")
    dpo.get_by_test_id("stExpander").filter(has_text=section_title).first.locator("summary").click()
    settle(dpo)
    shoot(dpo, "fr-review")
    assert_no_exception(dpo)
    assessor.goto(f"{app_server}/decision?lang=fr&who=Ada&a={assessment_id}")
    settle(assessor)
    assessor.get_by_role("heading", name=t("decision.title", "fr")).wait_for()
    assessor.get_by_text(re.compile(rf"^Visée par {DPO} \(identité déclarée, non authentifiée\) le ")).first.wait_for()
    shoot(assessor, "fr-decision")
    assert_no_exception(assessor)
