"""User text is shown as text in the app: an assessment with Markdown payloads in every
field a person writes (title, options' names and descriptions, the need, gate
justifications, score rationales, the decision, the action plan, the DPO's comments and
the people's names) is opened in Chromium on the start, Screening, Results, Decision and
Review pages (the sidebar on each). Nothing of it may become an image (nor fetch one), a
heading, a table, a link or maths; each payload carries a marker, so what the app itself
draws (its own tables and headings) is told apart from what the text would have made."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from secu4all_ethics import load_assessment, load_content
from secu4all_ethics.domain.assessment import ActionItem, AssessedOption, AssessedScore, CustomOption, GateAnswer
from secu4all_ethics.domain.content import DataProcessed
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR
from tests.e2e.conftest import DATABASE_URLS, assert_no_exception, go, keyed, screenshot, settle

pytestmark = pytest.mark.e2e

HOST = "127.0.0.1:9"  # nothing listens on the discard port: a stand-in for a tracking server


def one_line(field: str) -> str:
    """A payload for a one-line field: a heading, an image, a link, an autolink, maths, a directive."""
    return (
        f"# PAYLOAD-H-{field} ![P](http://{HOST}/{field}.png) [PAYLOAD-LINK](http://e.example/{field}) "
        "www.evil.example a@mail.example $x^2$ :red[PAYLOAD-RED] **b**"
    )


def long_text(field: str) -> str:
    """A payload for a text of several lines: also a setext heading, a table, a list and a quote."""
    return "\n".join(
        [
            one_line(field) + f" <img src=http://{HOST}/raw-{field}.png> {{{{7*7}}}}",
            f"PAYLOAD-SETEXT-{field}",
            "===",
            "| PAYLOAD-CELL | b |",
            "|---|---|",
            "| 1 | 2 |",
            f"1. PAYLOAD-LIST [x](http://e.example/list-{field})",
            "> PAYLOAD-QUOTE",
        ]
    )


AUTHOR = one_line("author")[:80]
DPO = "Dora " + one_line("dpo")[:70]


@pytest.fixture(scope="module")
def hostile_assessment(app_server):
    """The payload-laden assessment, submitted, with the DPO's comments; its id."""
    bundle = load_content()
    engine = make_engine(DATABASE_URLS[app_server])
    upgrade(engine)  # as the app does on its first visit (a no-op if a test visited before)
    service = AssessmentService(Storage(engine), bundle)
    author = unauthenticated_actor(AUTHOR, "assessor", "My municipality")
    dpo = unauthenticated_actor(DPO, "dpo", "My municipality")

    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.title = one_line("title")
    assessment.need.problem_statement = long_text("need")
    assessment.need.legitimate_aim = long_text("aim")
    assessment.need.affected_groups.append(one_line("group"))
    assessment.decision.question = long_text("question")
    assessment.decision.conditions = long_text("conditions")
    cctv = bundle.technologies_by_id["fixed_cctv"]
    for key, answer in (("trap", "passes"), ("barred", "fails")):
        assessment.options.append(
            AssessedOption(
                key=key,
                custom=CustomOption(
                    name=one_line(f"name-{key}"),
                    description=long_text(f"description-{key}"),
                    intrusiveness=3,
                    data_processed=DataProcessed(personal=True, biometric=False, audio=False, location=False),
                ),
                cost_model=cctv.cost_model,
                gate_answers={gate.id: GateAnswer(answer=answer, justification=long_text(f"gate-{key}")) for gate in bundle.legal.gates},
                scores={
                    criterion: AssessedScore(value=score.value, evidence_grade=score.evidence_grade, rationale=long_text(f"rationale-{key}"))
                    for criterion, score in cctv.scores.items()
                },
                necessity_note=long_text(f"necessity-{key}"),
            )
        )
    for option in assessment.options:
        for answer in option.gate_answers.values():
            answer.justification = long_text(f"justification-{option.key}")
    assessment.action_plan.append(ActionItem(description=long_text("action"), owner=one_line("owner"), origin="assessor", origin_ref=one_line("origin")))
    stored = service.create(author, assessment)
    submitted = service.submit(author, stored.assessment_id, stored.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(dpo, stored.assessment_id, section=section, verdict="improvable", comment=long_text(f"dpo-{section}"))
    service.record_verdict(dpo, stored.assessment_id, section=None, kind="opinion", verdict="favourable", comment=long_text("opinion"))
    assert submitted.version >= 2
    engine.dispose()
    return stored.assessment_id


# What the payloads would make if they were read as Markdown.
INJECTED = """() => {
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.innerText.trim());
  return {
    images: [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || '').filter(s => s.includes('127.0.0.1:9') || s.includes('PAYLOAD')),
    links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '').filter(h => /e\\.example|evil\\.example|mail\\.example|127\\.0\\.0\\.1:9/.test(h)),
    headings: texts('h1, h2, h3, h4, h5, h6').filter(t => t.startsWith('PAYLOAD')),
    cells: texts('th, td').filter(t => t === 'PAYLOAD-CELL' || t.startsWith('PAYLOAD-CELL')),
    lists: texts('li').filter(t => t.startsWith('PAYLOAD')),
    quotes: texts('blockquote').filter(t => t.startsWith('PAYLOAD')),
    maths: document.querySelectorAll('.katex').length,
    colours: texts('span').filter(t => t === 'PAYLOAD-RED'),
    shown: document.body.textContent.includes('PAYLOAD'),
    typed: document.body.textContent.includes(':red[PAYLOAD-RED]') && document.body.textContent.includes('$x^2$'),
  };
}"""


def expand_everything(page) -> None:
    """Open the expanders, so their content is drawn as a reader would see it."""
    for summary in page.locator("[data-testid=stExpander] summary").all():
        try:
            summary.click(timeout=2_000)
        except Exception:  # noqa: BLE001 - a summary scrolled away or re-drawn: the DOM check still covers it
            pass
    settle(page)


def check(page, view: str, requests: list[str], expand: bool = False, expect: tuple[str, ...] = ()) -> None:
    """No markup from the payloads on this view, and the payloads named in expect are there, as text."""
    page.locator("[data-testid=stMain] h1").first.wait_for()  # the app has drawn the page's title
    settle(page)
    page.wait_for_function("() => document.body.textContent.includes('PAYLOAD')")
    assert_no_exception(page)
    if expand:
        expand_everything(page)
    found = page.evaluate(INJECTED)
    screenshot(page, f"user-text-{view.replace(' ', '-')}")
    made = {kind: value for kind, value in found.items() if kind not in ("shown", "typed") and value}
    assert not made, f"{view}: user text became markup: {made}"
    assert not [url for url in requests if HOST in url], f"{view}: fetched {requests}"
    assert found["shown"], f"{view}: the payloads should be on the page, as text"
    assert found["typed"], f"{view}: a payload is not shown as it was typed"
    text = page.evaluate("() => document.body.textContent")
    missing = [marker for marker in expect if marker not in text]
    assert not missing, f"{view}: payloads missing from the page: {missing}"


def test_no_user_text_becomes_markup(page_factory, app_server, hostile_assessment):
    requests: list[str] = []
    page = page_factory()
    page.on("request", lambda request: requests.append(request.url))
    who = quote(AUTHOR)

    page.goto(f"{app_server}/?lang=en&who={who}&role=assessor")
    check(page, "start", requests, expect=("PAYLOAD-H-title",))
    page.goto(f"{app_server}/screening?lang=en&who={who}&role=assessor&a={hostile_assessment}")
    check(page, "screening", requests, expect=("PAYLOAD-H-name-trap", "PAYLOAD-H-name-barred"))
    # each option's panel, chosen in the list of options (more than tabs show) or in its tab
    for choice in keyed(page, ":screening.option").locator("label").all() + page.get_by_role("tab").all():
        choice.click()
        check(page, "screening option", requests)
    go(page, "en", "results")
    check(page, "results", requests, expand=True, expect=("PAYLOAD-H-name-barred", "PAYLOAD-H-justification-barred"))
    go(page, "en", "decision")
    check(page, "decision", requests, expect=("PAYLOAD-H-origin", "PAYLOAD-H-dpo-"))

    reviewer = page_factory()
    reviewer.on("request", lambda request: requests.append(request.url))
    reviewer.goto(f"{app_server}/review?lang=en&who={quote(DPO)}&role=dpo&a={hostile_assessment}")
    check(
        reviewer, "review", requests, expand=True, expect=("PAYLOAD-H-need", "PAYLOAD-H-action", "PAYLOAD-H-rationale", "PAYLOAD-H-dpo-", "PAYLOAD-H-opinion")
    )
