"""Issue #16 in the app: a facilitator creates a workshop and runs it through its phases, three
participants join on the join page (no account), weigh blind, submit, see the reveal and revise in
round 2; the conclusion is saved and closing deletes their data. The join page answers a wrong or
closed code clearly, works without signing in when sign-in is required, and is where a signed-in
participant lands."""

from __future__ import annotations

import json
from unittest.mock import patch

import pytest

from secu4all_ethics.i18n import t
from secu4all_ethics.services.auth import create_user
from secu4all_ethics.services.workshops import WorkshopService
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from tests.app.conftest import new_app, no_exception
from tests.app.test_persistence_ui import sign_in

WORKSHOP_PAGE = "secu4all_ethics/ui/pages/workshop.py"
PILLARS = ("effectiveness", "privacy", "legality", "cost")
# Three participants whose pillar weights differ (0-10 sliders): who comes first differs with them.
PARTICIPANTS = {
    "Ada": {"effectiveness": 9, "privacy": 2, "legality": 3, "cost": 4},
    "Bea": {"effectiveness": 2, "privacy": 9, "legality": 8, "cost": 3},
    "Cem": {"effectiveness": 5, "privacy": 5, "legality": 5, "cost": 5},
}


def storage(app_database) -> Storage:
    return Storage(make_engine(app_database))


def facilitator(lang="en"):
    app = no_exception(new_app(lang=lang, who="Fay", role="facilitator").run())
    return no_exception(app.switch_page(WORKSHOP_PAGE).run())


def click(app, label):
    return no_exception(next(b for b in app.button if b.label == label).click().run())


def create_workshop(app, name="Module 3, Lyon", card="station_car_park", language="en", rounds=2, mode="pillars"):
    app.selectbox(key="new-card").set_value(card)
    app.text_input(key="new-name").set_value(name)
    app.selectbox(key="new-language").set_value(language)
    app.radio(key="new-rounds").set_value(rounds)
    app.radio(key="new-mode").set_value(mode)
    click(app, t("workshop.create.submit", "en"))
    assert app.query_params.get("w"), [e.value for e in app.error]
    return app.query_params["w"]


def join_code(app_database, workshop_id) -> str:
    for view in WorkshopService(storage(app_database)).list_workshops(_fay()):
        if view.id == workshop_id:
            return view.join_code
    raise AssertionError(workshop_id)


def _fay():
    from secu4all_ethics.services.auth import unauthenticated_actor

    return unauthenticated_actor("Fay", "facilitator", "My municipality")


def debrief_html_of(app_database, workshop_id) -> str:
    """What the run view's HTML download button gives (AppTest does not call a deferred download)."""
    from secu4all_ethics.ui.workshop_debrief import debrief_file

    service = WorkshopService(storage(app_database))
    with patch("secu4all_ethics.ui.workshop_debrief.workshop_service", return_value=service):
        return debrief_file(_fay(), service.view(_fay(), workshop_id), "html")().decode("utf-8")


def join(code, pseudonym, **query):
    """A participant's phone: the join link, a pseudonym, Join; returns the app on their view."""
    phone = no_exception(new_app(code=code, **query).run())
    phone.text_input[0].set_value(pseudonym)
    phone = click(phone, t("join.join", "en"))
    assert phone.query_params.get("p") and "code" not in phone.query_params, [e.value for e in phone.error]
    return phone


def set_weights(phone, round_number, weights):
    for pillar, value in weights.items():
        phone.slider(key=f"ws:{round_number}:weight:{pillar}").set_value(value).run()
    return no_exception(phone)


def next_phase(app):
    return no_exception(app.button(key="next-phase").click().run())


def test_a_whole_workshop_from_creation_to_closing(app_database):
    app = facilitator()
    workshop_id = create_workshop(app)
    code = join_code(app_database, workshop_id)
    assert code in [m.value for m in app.markdown]
    assert len(app.get("image")) == 1, "the QR code"
    # Opened in a new tab, the projector still knows the facilitator (no sign-in: by the address).
    projector = next(link for link in app.get("link_button") if link.proto.label == t("workshop.run.projector", "en"))
    assert "who=Fay" in projector.proto.url and "role=facilitator" in projector.proto.url and "view=projector" in projector.proto.url
    phones = {name: join(code, name) for name in PARTICIPANTS}
    # Joining: the phone shows the card and waits; no weights yet.
    ada = phones["Ada"]
    assert t("join.waiting_start", "en") in [i.value for i in ada.info]
    assert not ada.slider
    no_exception(app.run())
    assert [m.value for m in app.metric][:1] == ["3"]
    next_phase(app)  # round 1
    # Each change is kept at once as a draft: a refresh (a new session with the same address, the
    # token being the only thing that says who they are) shows it before anything is submitted.
    set_weights(no_exception(ada.run()), 1, {"privacy": 1})
    refreshed = no_exception(new_app(p=ada.query_params["p"]).run())
    assert refreshed.slider(key="ws:1:weight:privacy").value == 1
    assert not refreshed.text_input, "no field in which to type another participant's identity"
    for name, weights in PARTICIPANTS.items():
        phone = no_exception(phones[name].run())
        assert len(phone.slider) == 4
        set_weights(phone, 1, weights)
        no_exception(phone.button(key="submit-1").click().run())
        assert t("join.submitted_note", "en") in [s.value for s in phone.success]
    # The draft is kept: a refresh (a new session with the same address) shows the participant's weights.
    refreshed = no_exception(new_app(p=phones["Bea"].query_params["p"]).run())
    assert refreshed.slider(key="ws:1:weight:privacy").value == 9
    no_exception(app.run())
    assert [m.value for m in app.metric][:2] == ["3", "3"]
    # Before the reveal the facilitator sees counts only, no ranking.
    assert not app.dataframe
    # But the browser already loads the chart code, for an empty chart out of sight (ui.workshop_reveal.load_reveal_code).
    charts = app.get("plotly_chart")
    assert len(charts) == 1 and not json.loads(charts[0].proto.spec)["data"]
    next_phase(app)  # reveal 1
    assert any(h.value == t("workshop.reveal.heading", "en", round=1) for h in app.header)
    assert app.dataframe, "the spread and the ranking"
    # Each participant by pseudonym, with their weights and the option they put first (the chart's points name them on hover only).
    by_pseudonym = [d.value for d in app.dataframe if list(d.value.index) == list(PARTICIPANTS)]
    assert len(by_pseudonym) == 1 and by_pseudonym[0].loc["Ada", "Effectiveness"].startswith("50.0"), by_pseudonym  # 9 of 9+2+3+4
    phone = no_exception(phones["Ada"].run())
    assert any(h.value == t("join.group_result", "en", round=1) for h in phone.header)
    next_phase(app)  # round 2
    phone = no_exception(phones["Ada"].run())
    # Round 2 starts from Ada's round-1 weights, with the group's median beside each.
    assert phone.slider(key="ws:2:weight:effectiveness").value == 9
    assert any(c.value.startswith("Group median in round 1:") for c in phone.caption)
    set_weights(phone, 2, {"effectiveness": 6})
    no_exception(phone.button(key="submit-2").click().run())
    for name in ("Bea", "Cem"):
        other = no_exception(phones[name].run())
        no_exception(other.button(key="submit-2").click().run())
    next_phase(app)  # final reveal
    assert any(h.value == t("workshop.reveal.heading", "en", round=2) for h in app.header)
    assert any(s.value == t("workshop.reveal.between_rounds", "en") for s in app.subheader)
    app.text_area(key=f"conclusion-{workshop_id}").set_value("The group prefers lighting.")
    no_exception(app.run())
    assert WorkshopService(storage(app_database)).view(_fay(), workshop_id).conclusion == "The group prefers lighting."
    assert {b.key for b in app.get("download_button")} == {"debrief-html", "debrief-pdf"}
    html = debrief_html_of(app_database, workshop_id)
    assert "The group prefers lighting." in html and "Module 3, Lyon" in html
    app.checkbox(key="close-confirm").check()
    no_exception(app.run())
    no_exception(app.button(key="close-workshop").click().run())
    assert "w" not in app.query_params
    assert t("workshop.run.closed", "en", name="Module 3, Lyon", count=3) in [s.value for s in app.success]
    gone = no_exception(phones["Ada"].run())
    assert t("join.link_gone", "en") in [e.value for e in gone.error]


def test_a_wrong_code_and_a_closed_workshop_are_said_plainly(app_database):
    phone = no_exception(new_app(code="ZZZZZZ", lang="fr").run())
    assert [e.value for e in phone.error] == [t("join.unknown_code", "fr", code="ZZZZZZ")]
    assert phone.text_input[0].label == t("join.code", "fr")
    app = facilitator()
    workshop_id = create_workshop(app, language="de")
    code = join_code(app_database, workshop_id)
    WorkshopService(storage(app_database)).close(_fay(), workshop_id)
    phone = no_exception(new_app(code=code, lang="fr").run())
    # In the workshop's language, not the browser's.
    assert [e.value for e in phone.error] == [t("join.closed", "de")]


def test_the_join_page_speaks_the_workshops_language_and_names_the_deletion_date(app_database):
    app = facilitator()
    code = join_code(app_database, create_workshop(app, language="fr"))
    phone = no_exception(new_app(code=code, lang="en").run())
    assert phone.title[0].value == t("join.title", "fr")
    notice = [c.value for c in phone.caption if "e-mail" in c.value or "courriel" in c.value]
    assert notice and "Module" not in notice[0]


def test_the_join_page_needs_no_sign_in_in_local_mode(app_database, monkeypatch):
    app = facilitator()
    code = join_code(app_database, create_workshop(app))
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "local")
    phone = no_exception(new_app(code=code, lang="en").run())
    # No sign-in form, no language selector, no assessor steps: the join form alone.
    assert [w.label for w in phone.text_input] == [t("join.pseudonym", "en")]
    assert not phone.selectbox
    phone.text_input[0].set_value("Dee")
    phone = click(phone, t("join.join", "en"))
    assert phone.query_params.get("p")
    assert t("join.waiting_start", "en") in [i.value for i in phone.info]


def test_a_signed_in_participant_lands_on_the_join_page(app_database, monkeypatch):
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "local")
    app = no_exception(new_app(lang="en").run())
    create_user(storage(app_database), None, username="pat", display_name="Pat", role="participant", organisation="Lyon", password="a long enough password")
    sign_in(app, "pat")
    assert app.title[0].value == t("join.title", "en")
    assert "create" not in {b.key for b in app.button}


@pytest.mark.parametrize("mode", ["criteria", "points", "pairwise"])
def test_each_weighting_mode_draws_its_inputs_and_submits(app_database, mode):
    app = facilitator()
    workshop_id = create_workshop(app, mode=mode, rounds=1)
    phone = join(join_code(app_database, workshop_id), "Ada")
    next_phase(app)
    phone = no_exception(phone.run())
    if mode == "pairwise":
        assert len(phone.select_slider) == 6
    else:
        assert len(phone.number_input if mode == "points" else phone.slider) == 12
    no_exception(phone.button(key="submit-1").click().run())
    assert t("join.submitted_note", "en") in [s.value for s in phone.success]
    no_exception(app.run())
    assert [m.value for m in app.metric][:2] == ["1", "1"]


def test_scores_are_adjusted_only_where_the_workshop_allows_it(app_database):
    app = facilitator()
    app.checkbox(key="new-scores").check()
    workshop_id = create_workshop(app, rounds=1)
    phone = join(join_code(app_database, workshop_id), "Ada")
    next_phase(app)
    phone = no_exception(phone.run())
    level = phone.select_slider(key="ws:1:score:fixed_cctv:public_acceptance")
    changed = 1 if level.value != 1 else 2
    no_exception(level.set_value(changed).run())
    no_exception(phone.button(key="submit-1").click().run())
    stored = WorkshopService(storage(app_database)).participant(phone.query_params["p"]).inputs[1]
    assert stored.scores == {"fixed_cctv": {"public_acceptance": changed}}
    # Without the setting, no score input at all.
    other = facilitator()
    plain = join(join_code(app_database, create_workshop(other, name="Plain", rounds=1)), "Bea")
    next_phase(other)
    assert not no_exception(plain.run()).select_slider


def test_without_sign_in_the_workshop_page_asks_for_the_facilitator_role(app_database):
    app = no_exception(new_app(lang="de", who="Ada", role="assessor").run())
    no_exception(app.switch_page(WORKSHOP_PAGE).run())
    assert [i.value for i in app.info] == [t("workshop.role_needed_none", "de")]
    assert not app.get("form_submit_button") and "new-card" not in {s.key for s in app.selectbox}


def test_the_phone_shows_the_rounds_timer_in_the_workshops_language(app_database):
    app = facilitator()
    workshop_id = create_workshop(app, language="fr", rounds=1)
    phone = no_exception(new_app(code=join_code(app_database, workshop_id)).run())
    phone.text_input[0].set_value("Ada")
    phone = click(phone, t("join.join", "fr"))
    next_phase(app)
    phone = no_exception(phone.run())
    assert not phone.metric, "no timer set: nothing counts down"
    app.number_input(key="timer-minutes").set_value(5)
    no_exception(app.button(key="timer-start").click().run())
    phone = no_exception(phone.run())
    [timer] = phone.metric
    assert timer.label == t("workshop.run.timer_label", "fr")
    assert timer.value in ("5:00", "4:59", "4:58")
    no_exception(app.button(key="timer-stop").click().run())
    assert not no_exception(phone.run()).metric
