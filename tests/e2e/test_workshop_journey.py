"""Journey (issue #16): a whole module-3 workshop in Chromium, through the pages only. The
facilitator (1400 px) creates a two-round workshop from the Christmas-market card, whose live
facial recognition the legal gates exclude, and opens the projector view; three participants join
(a 390 px phone and a laptop by the code link, a tablet by typing the code), weigh differently and
submit, while the facilitator's screens show only how many have joined and answered. The reveal
shows the spread, the group ranking with the excluded option, the share who put each option
first, Kendall's W, the contested criteria and the debate prompts; in round 2 the participants see
the group's median beside their weights, one revises, and the final reveal says how Kendall's W
moved. The facilitator writes a conclusion, downloads the debrief PDF and closes the workshop,
after which a participant's link says it is over. A forged link and an unknown code are refused,
and a participant never sees a field that could make them someone else.

run_journey() speaks any of the four languages: the test runs it in French, and
scripts/workshop_screenshots.py in German for the screenshots in a second language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from secu4all_ethics import load_content
from secu4all_ethics.content.cards import card_assessment, load_cards
from secu4all_ethics.i18n import t
from secu4all_ethics.wording.completeness import option_name
from tests.conftest import CONTENT_DIR, require_command
from tests.e2e.conftest import RUN_LIMIT_MS, SCREENSHOTS, after_run, assert_no_exception, settle, shoot, wider_than_the_page

pytestmark = pytest.mark.e2e

CARD = "christmas_market"
EXCLUDED_OPTION = "live_facial_recognition"
# A participant's page looks every few seconds (ui.workshops.PARTICIPANT_POLL_SECONDS), the
# facilitator's every two; a loaded machine may take longer.
FOLLOWS_WITHIN_MS = 20_000
# (pseudonym, window width, browser locale, how they arrive): the workshop's language wins over the browser's.
PARTICIPANTS = (("Zoé", 390, "de-CH", "link"), ("Marc", 768, "en-GB", "typed code"), ("Léa", 1280, "fr-FR", "link"))
# Each participant pushes one pillar to the top and one to nothing (slider positions), so their rankings differ.
ROUND_1_KEYS = {"Zoé": ((0, "End"), (1, "Home")), "Marc": ((1, "End"), (0, "Home")), "Léa": ((2, "End"), (3, "Home"))}


def new_page(browser: Browser, width: int, locale: str) -> Page:
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def click(page: Page, name: str) -> None:
    after_run(page, lambda: page.get_by_role("button", name=name, exact=True).click())
    assert_no_exception(page)


def page_text(page: Page) -> str:
    """Everything the page holds as text, charts' SVG included (inner_text would leave those out)."""
    return page.locator("[data-testid=stMain]").text_content() or ""


def create_workshop(facilitator: Page, url: str, language: str, name: str) -> str:
    """From the form on the Workshops page; returns the join code."""
    facilitator.goto(f"{url}/workshop?lang={language}&who=Fay&role=facilitator")
    settle(facilitator)
    card_title = load_cards()[CARD].title.get(language)
    facilitator.get_by_test_id("stSelectbox").filter(has_text=t("workshop.create.card", language)).click()
    facilitator.get_by_role("option", name=card_title, exact=True).click()
    facilitator.get_by_test_id("stForm").get_by_role("textbox", name=t("workshop.create.name", language), exact=True).fill(name)
    rounds = facilitator.get_by_test_id("stRadio").filter(has_text=t("workshop.create.rounds", language))
    expect(rounds.get_by_role("radio", name=t("workshop.create.rounds.2", language))).to_be_checked()
    click(facilitator, t("workshop.create.submit", language))
    facilitator.wait_for_url(re.compile(r"[?&]w="), timeout=RUN_LIMIT_MS)
    settle(facilitator)
    expect(facilitator.get_by_role("heading", name=name)).to_be_visible()
    code = facilitator.locator(".st-key-join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code), code
    return code


def join(participant: Page, url: str, code: str, pseudonym: str, arrives_by: str, language: str) -> None:
    if arrives_by == "typed code":
        participant.goto(f"{url}/join")
        settle(participant)
        participant.get_by_test_id("stForm").get_by_role("textbox").fill(code.lower())
        click(participant, t("join.continue", "en"))  # before the code, the page speaks the browser's language
    else:
        participant.goto(f"{url}/join?code={code}")
        settle(participant)
    expect(participant.get_by_role("heading", name=t("join.title", language))).to_be_visible()
    # No sign-in form, no language selector, no assessor steps (a tablet that opened /join before
    # typing the code keeps an empty sidebar's toggle from that first page).
    sidebar = participant.get_by_test_id("stSidebar")
    assert sidebar.get_by_role("textbox").count() == 0 and sidebar.get_by_role("link").count() == 0
    participant.get_by_role("textbox", name=t("join.pseudonym", language)).fill(pseudonym)
    participant.get_by_role("button", name=t("join.join", language)).click()
    participant.wait_for_url(re.compile(r"/join\?(.*&)?p="), timeout=RUN_LIMIT_MS)
    expect(participant.get_by_text(t("join.waiting_start", language))).to_be_visible()
    assert_no_exception(participant)


def move_sliders(participant: Page, moves: tuple[tuple[int, str], ...]) -> None:
    """Keys pressed on sliders (each change is saved as a draft by its own run); waited for by submit_all()."""
    for index, key in moves:
        participant.get_by_role("slider").nth(index).focus()
        participant.keyboard.press(key)


def submit_all(participants: list[Page], language: str) -> None:
    """Every participant presses Submit at about the same moment, as a room does; then each says it is in."""
    for participant in participants:
        settle(participant)
        participant.get_by_role("button", name=t("join.submit", language), exact=True).click()
    for participant in participants:
        expect(participant.get_by_text(t("join.submitted_note", language))).to_be_visible(timeout=RUN_LIMIT_MS)
        settle(participant)
        assert_no_exception(participant)


def counts(page: Page, joined: int, submitted: int) -> None:
    """The live counts (refreshed by their own fragment): joined, then answered in the current round."""
    values = page.locator(".st-key-live-counts [data-testid=stMetricValue]")
    expect(values.nth(0)).to_have_text(str(joined), timeout=FOLLOWS_WITHIN_MS)
    expect(values.nth(1)).to_have_text(str(submitted), timeout=FOLLOWS_WITHIN_MS)


def phase_shown(page: Page, text: str) -> None:
    """Until a page that follows the session by itself shows this text and has finished drawing."""
    expect(page.get_by_text(text).first).to_be_visible(timeout=FOLLOWS_WITHIN_MS)
    settle(page)
    assert_no_exception(page)


def run_journey(browser: Browser, url: str, language: str, shots: str) -> dict[str, Path]:
    """The whole session; screenshots named <shots>-<view>. Returns the PDF debrief and the screenshots' paths."""
    before = set(browser.contexts)
    try:
        return _session(browser, url, language, shots)
    finally:
        # Also when a step fails: four pages left polling would slow every test after this one.
        for context in set(browser.contexts) - before:
            context.close()


def _session(browser: Browser, url: str, language: str, shots: str) -> dict[str, Path]:
    card = load_cards()[CARD]
    card_title = card.title.get(language)
    made: dict[str, Path] = {}
    facilitator = new_page(browser, 1400, "fr-FR")
    code = create_workshop(facilitator, url, language, f"Module 3 · {card_title}")
    projector = facilitator.context.new_page()
    projector.set_default_timeout(20_000)
    projector.goto(facilitator.get_by_role("link", name=t("workshop.run.projector", language)).get_attribute("href"))
    settle(projector)
    expect(projector.locator(".st-key-join-code")).to_have_text(code)

    phones: dict[str, Page] = {}
    for pseudonym, width, locale, arrives_by in PARTICIPANTS:
        phones[pseudonym] = new_page(browser, width, locale)
        if pseudonym == "Zoé":
            phones[pseudonym].goto(f"{url}/join?code={code}")
            settle(phones[pseudonym])
            made["join"] = shoot(phones[pseudonym], f"{shots}-join-390")
        join(phones[pseudonym], url, code, pseudonym, arrives_by, language)
    counts(projector, 3, 0)

    # Round 1: blind. The phones follow the facilitator's button by themselves.
    click(facilitator, t("workshop.run.to.round_1", language))
    for pseudonym, phone in phones.items():
        expect(phone.get_by_role("slider")).to_have_count(4, timeout=FOLLOWS_WITHIN_MS)
        settle(phone)
        expect(phone.get_by_role("heading", name=card_title)).to_be_visible()
        # The token is in the address only: no field on the page could make them someone else.
        assert phone.get_by_role("textbox").count() == 0
        move_sliders(phone, ROUND_1_KEYS[pseudonym])
    settle(phones["Zoé"])
    made["participant_round_1"] = shoot(phones["Zoé"], f"{shots}-participant-round-1-390")
    submit_all(list(phones.values()), language)
    made["waiting"] = shoot(phones["Zoé"], f"{shots}-participant-waiting-390")
    counts(facilitator, 3, 3)
    counts(projector, 3, 3)
    for screen in (facilitator, projector):
        seen = page_text(screen)
        assert not [p for p, *_ in PARTICIPANTS if p in seen], "a pseudonym is shown before the reveal"
        assert t("workshop.reveal.spread", language) not in seen
    made["run_before_reveal"] = shoot(facilitator, f"{shots}-facilitator-run-before-reveal-1400")
    made["projector_before_reveal"] = shoot(projector, f"{shots}-projector-before-reveal-1400")

    # The reveal, on the facilitator's run view and, by itself, on the projector and the phones.
    click(facilitator, t("workshop.run.to.reveal_1", language))
    expect(facilitator.get_by_role("heading", name=t("workshop.reveal.heading", language, round=1))).to_be_visible()
    for heading in ("spread", "first_choices", "ranking", "consensus", "debate"):
        expect(facilitator.get_by_role("heading", name=t(f"workshop.reveal.{heading}", language))).to_be_visible()
    expect(facilitator.get_by_test_id("stMetric").filter(has_text=t("workshop.reveal.kendalls_w", language))).to_be_visible()
    expect(facilitator.get_by_text(t("workshop.reveal.contested", language, items="")[:12]).first).to_be_visible()
    revealed = page_text(facilitator)
    # Each participant's weights and first option by pseudonym (a table draws its cells once in view).
    facilitator.get_by_role("heading", name=t("workshop.reveal.participants", language)).first.scroll_into_view_if_needed()
    for pseudonym, *_ in PARTICIPANTS:
        expect(facilitator.get_by_test_id("stDataFrame").filter(has_text=pseudonym).first).to_be_visible()
    excluded_name = option_name(card_assessment(card), load_content(CONTENT_DIR), EXCLUDED_OPTION, language)
    excluded_prompt = t("workshop_outcome.prompt.excluded_option", language, option="\x00", gates="\x00").split("\x00")
    assert excluded_prompt[0].strip() in revealed and excluded_name in revealed, "a debate prompt says the gates exclude live facial recognition"
    assert card.debate_questions[0].get(language) in revealed
    ranking = facilitator.get_by_test_id("stDataFrame").first
    expect(ranking).to_contain_text(t("workshop.reveal.status.excluded", language))
    expect(ranking).to_contain_text(t("workshop.reveal.first_share", language))
    phase_shown(projector, t("workshop.reveal.heading", language, round=1))
    made["projector_after_reveal"] = shoot(projector, f"{shots}-projector-after-reveal-1400")
    for phone in phones.values():
        phase_shown(phone, t("join.group_result", language, round=1))
        expect(phone.get_by_text(t("join.waiting_round_2", language))).to_be_visible()
    # The phone's reveal: no table or chart label to scroll sideways for, the excluded option's mark included.
    expect(phones["Zoé"].locator(".js-plotly-plot .bartext").first).to_be_visible()
    assert wider_than_the_page(phones["Zoé"]) == []
    made["participant_reveal"] = shoot(phones["Zoé"], f"{shots}-participant-reveal-390")

    # Round 2 (Delphi): the group's median beside each weight; Marc revises, everyone submits.
    click(facilitator, t("workshop.run.to.round_2", language))
    median = t("join.median_beside_yours", language, median="\x00", yours="\x00").split("\x00")[0]
    for phone in phones.values():
        phase_shown(phone, t("join.round_2_intro", language))
        expect(phone.get_by_text(median)).to_have_count(4)
    made["participant_round_2"] = shoot(phones["Zoé"], f"{shots}-participant-round-2-medians-390")
    move_sliders(phones["Marc"], ((0, "End"),))
    submit_all(list(phones.values()), language)
    counts(facilitator, 3, 3)
    click(facilitator, t("workshop.run.to.reveal_2", language))
    expect(facilitator.get_by_role("heading", name=t("workshop.reveal.between_rounds", language))).to_be_visible()
    change = page_text(facilitator)
    assert re.search(t("workshop.reveal.kendalls_w", language).split()[0] + r".*\d.*\d", change)
    assert any(
        t(f"workshop_outcome.change.consensus.{moved}", language, before="\x00", after="\x00").split("\x00")[0] in change
        for moved in ("grew", "fell", "unchanged")
    ), "the final reveal says how Kendall's W moved between the rounds"
    made["round_change"] = shoot(facilitator, f"{shots}-facilitator-round-change-1400")
    phase_shown(projector, t("workshop.reveal.between_rounds", language))

    # The debrief: the conclusion, saved on leaving its field, ends the PDF.
    conclusion = {"fr": "Le groupe retient les barrières et la gestion de la foule ; pas de reconnaissance faciale."}.get(
        language, "Barriers and crowd management first; no facial recognition."
    )
    area = facilitator.get_by_role("textbox", name=t("workshop.run.conclusion_label", language))
    area.fill(conclusion)
    after_run(facilitator, lambda: area.press("Tab"))
    expect(facilitator.get_by_text(t("workshop.run.conclusion_saved", language))).to_be_visible()
    with facilitator.expect_download(timeout=90_000) as download:
        facilitator.get_by_test_id("stDownloadButton").filter(has_text=t("workshop.run.debrief_pdf", language)).get_by_role("button").click()
    pdf = screenshot_path(shots, "debrief.pdf")
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert card_title in text and conclusion in text
    made["debrief_pdf"] = pdf
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
    made["debrief_page_1"] = pdf.with_suffix(".png")

    # Closing deletes the participants' data; their links then say the workshop is over.
    facilitator.get_by_test_id("stCheckbox").filter(has_text=t("workshop.run.close_confirm", language)).click()
    settle(facilitator)
    click(facilitator, t("workshop.run.close", language))
    expect(facilitator.get_by_text(t("workshop.run.closed", language, name=f"Module 3 · {card_title}", count=3))).to_be_visible()
    old_link = phones["Léa"]
    phase_shown(old_link, t("join.link_gone", language))
    made["link_after_closing"] = shoot(old_link, f"{shots}-participant-after-closing-1280")
    # Opened again, the link no longer knows the workshop nor its language: it speaks the browser's (Léa's fr-FR).
    old_link.reload()
    settle(old_link)
    expect(old_link.get_by_text(t("join.link_gone", "fr"))).to_be_visible()
    return made


def screenshot_path(shots: str, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{shots}-{name}"


def test_a_french_workshop_runs_from_the_card_to_the_debrief(app_server, browser):
    require_command("pdftotext")
    made = run_journey(browser, app_server, "fr", "workshop-journey-fr")
    assert made["debrief_page_1"].exists()


def test_a_forged_link_and_a_wrong_code_are_refused(app_server, browser):
    """Changing the address leads nowhere: a made-up participant token, a code no workshop has,
    or the facilitator's page without the facilitator's role."""
    phone = new_page(browser, 390, "fr-FR")
    phone.goto(f"{app_server}/join?p=forged-token-of-somebody-else&lang=fr")
    settle(phone)
    expect(phone.get_by_text(t("join.link_gone", "fr"))).to_be_visible()
    phone.goto(f"{app_server}/join?code=ZZZZ99&lang=fr")
    settle(phone)
    expect(phone.get_by_text(t("join.unknown_code", "fr", code="ZZZZ99"))).to_be_visible()
    phone.goto(f"{app_server}/workshop?w=any&lang=fr&who=Zoé&role=assessor")
    settle(phone)
    expect(phone.get_by_text(t("workshop.role_needed_none", "fr"))).to_be_visible()
    assert_no_exception(phone)
    phone.context.close()
