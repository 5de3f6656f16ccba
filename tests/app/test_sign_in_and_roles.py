"""Issue #15 points 15 and 16 in the app: the signed-out page in the words of the sign-in form,
what a DPO is offered on Start and where "Open" takes them, and display names in the sidebar,
the verdict list and the signature on Review."""

import re

import pytest

from secu4all_ethics import load_assessment
from secu4all_ethics.content.loader import load_content
from secu4all_ethics.i18n import t
from secu4all_ethics.report import REVIEWABLE_SECTIONS
from secu4all_ethics.services.assessments import AssessmentService
from secu4all_ethics.services.auth import AuthSettings, create_user, display_names, login
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from tests.app.conftest import go, new_app, no_exception
from tests.app.test_persistence_ui import sign_in
from tests.conftest import CONTENT_DIR, EXAMPLES_DIR

PASSWORD = "a long enough password"


def local_accounts(app_database, monkeypatch, lang="en"):
    """Local sign-in with an assessor (Ada Lovelace, 'ada') and a DPO (Dace Bērziņa, 'dace') in Riga."""
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "local")
    app = no_exception(new_app(lang=lang).run())  # the first run creates the database
    storage = Storage(make_engine(app_database))
    for username, name, role in (("ada", "Ada Lovelace", "assessor"), ("dace", "Dace Bērziņa", "dpo")):
        create_user(storage, None, username=username, display_name=name, role=role, organisation="Riga", password=PASSWORD)
    return app, storage


def submitted_and_signed(storage, sign: bool) -> str:
    service = AssessmentService(storage, load_content(CONTENT_DIR))
    ada, dace = (login(storage, AuthSettings(mode="local"), name, PASSWORD) for name in ("ada", "dace"))
    stored = service.create(ada, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(ada, stored.assessment_id, expected_version=stored.version)
    if sign:
        for section in REVIEWABLE_SECTIONS:
            service.record_verdict(dace, stored.assessment_id, section=section, verdict="acceptable")
        service.record_verdict(dace, stored.assessment_id, section=None, verdict="favourable", kind="opinion")
        service.sign_off(dace, stored.assessment_id, expected_version=submitted.version)
    return stored.assessment_id


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_signed_out_page_gives_the_sign_in_forms_own_instructions(app_database, monkeypatch, lang):
    """Before, it asked to type a name, which local sign-in has no field for."""
    app, _ = local_accounts(app_database, monkeypatch, lang)
    asked = [info.value for info in app.info]
    assert t("identity.needed", lang) not in asked
    assert asked == [
        t("identity.needed_local", lang, username=t("identity.username", lang), password=t("identity.password", lang), button=t("identity.sign_in", lang))
    ]
    form_labels = [widget.label for widget in app.text_input if not widget.key]
    assert form_labels == [t("identity.username", lang), t("identity.password", lang)]
    assert all(f"« {label} »" in asked[0] or f"„{label}“" in asked[0] for label in form_labels)
    assert t("identity.sign_in_help", lang, attempts=5, minutes=15) in [caption.value for caption in app.caption]


def test_a_dpo_is_offered_no_creation_or_import_and_open_leads_to_review(app_database, monkeypatch):
    app, storage = local_accounts(app_database, monkeypatch)
    assessment_id = submitted_and_signed(storage, sign=False)
    sign_in(app, "dace")
    assert "Signed in as Dace Bērziņa (Data protection officer)" in [caption.value for caption in app.caption]
    keys = {widget.key for widget in [*app.button, *app.text_input, *app.selectbox]}
    assert not keys & {"create", "import", "new-title", "new-origin"}, keys
    assert not app.get("file_uploader")
    # Nor the list's duplicate, archive or delete (issue #15 point 16: not offered, rather than disabled).
    assert not {key for key in keys if key.startswith(("duplicate-", "archive-", "delete-"))}, keys
    assert f"open-{assessment_id}" in keys
    assert any(caption.value.startswith("Data protection officer: you review assessments") for caption in app.caption)
    no_exception(app.button(key=f"open-{assessment_id}").click().run())
    assert app.title[0].value == t("review.title", "en")
    # an assessor who opens it lands on the first step, as before
    assessor = no_exception(new_app(lang="en").run())
    sign_in(assessor, "ada")
    assert "create" in {button.key for button in assessor.button} and assessor.get("file_uploader")
    no_exception(assessor.button(key=f"open-{assessment_id}").click().run())
    assert assessor.title[0].value != t("review.title", "en")


def test_review_names_the_dpo_by_display_name_in_verdicts_and_signature(app_database, monkeypatch):
    app, storage = local_accounts(app_database, monkeypatch)
    assessment_id = submitted_and_signed(storage, sign=True)
    sign_in(app, "ada")
    assert "Signed in as Ada Lovelace (Assessor)" in [caption.value for caption in app.caption]
    app.query_params["a"] = assessment_id
    no_exception(go(app, "review"))
    lines = [md.value for md in app.markdown]
    assert any("submitted by Ada Lovelace on" in line for line in lines)
    verdicts = [line for line in lines if line.startswith("**On record:")]
    assert len(verdicts) == len(REVIEWABLE_SECTIONS) + 1 and all("by Dace Bērziņa on" in line for line in verdicts), verdicts
    signature_rows = [table.value.iloc[0].tolist() for table in app.table if table.value.iloc[0].tolist()[0] == "Signed by"]
    assert signature_rows == [["Signed by", "Dace Bērziņa"]]
    assert not re.search(r"\bdace\b|\bada\b", " ".join(lines))


def test_signing_in_with_an_identity_provider_keeps_the_name_for_review_records(app_database, monkeypatch):
    """Before, only local accounts had a display name to look up: OIDC records showed the address."""
    monkeypatch.setenv("SECU4ALL_AUTH_MODE", "oidc")
    app = new_app(lang="en")
    app.user = {"is_logged_in": True, "email": "dora@nice.fr", "name": "Dora Dupuis", "secu4all_role": "dpo", "organisation": "Nice"}
    no_exception(app.run())
    with Storage(make_engine(app_database)).transaction() as session:
        assert display_names(session, {"dora@nice.fr"}) == {"dora@nice.fr": "Dora Dupuis"}


def test_an_open_session_ends_within_a_minute_of_the_account_being_disabled(app_database, monkeypatch):
    import datetime as dt

    from secu4all_ethics.services.auth import set_account_disabled
    from secu4all_ethics.ui.identity import COOKIE_REWRITE_SECONDS, COOKIE_WRITTEN_AT

    app, storage = local_accounts(app_database, monkeypatch)
    sign_in(app, "dace")
    set_account_disabled(storage, "dace", True)
    no_exception(app.run())
    assert "Signed in as Dace Bērziņa (Data protection officer)" in [caption.value for caption in app.caption]  # until the next renewal
    app.session_state[COOKIE_WRITTEN_AT] = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=COOKIE_REWRITE_SECONDS + 1)
    no_exception(app.run())
    assert [warning.value for warning in app.warning] == [t("identity.session_expired", "en")]
    assert "actor" not in app.session_state
