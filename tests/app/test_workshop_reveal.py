"""The reveal names each participant's first option, by pseudonym only (issue #16, "The reveal":
"each participant's top option, anonymised by pseudonym"), for the facilitator and the projector."""

from __future__ import annotations

from secu4all_ethics.charts.workshop import weight_text
from secu4all_ethics.i18n import t
from tests.app.conftest import new_app, no_exception
from tests.app.test_workshop_pages import PARTICIPANTS, WORKSHOP_PAGE, create_workshop, facilitator, join, join_code, next_phase, set_weights


def revealed_round(app_database):
    """A one-round workshop whose three participants submitted, revealed: the facilitator's app,
    the workshop's id and the phones."""
    app = facilitator()
    workshop_id = create_workshop(app, rounds=1)
    code = join_code(app_database, workshop_id)
    phones = {name: join(code, name) for name in PARTICIPANTS}
    next_phase(no_exception(app.run()))  # round 1
    for name, weights in PARTICIPANTS.items():
        phone = set_weights(no_exception(phones[name].run()), 1, weights)
        no_exception(phone.button(key="submit-1").click().run())
    next_phase(app)  # reveal
    return app, workshop_id, phones


def test_the_facilitators_reveal_lists_each_pseudonym_with_its_weights_and_first_option(app_database):
    app, _workshop_id, _phones = revealed_round(app_database)

    assert t("workshop.reveal.participants", "en") in [s.value for s in app.subheader]
    table = next(frame.value for frame in app.dataframe if list(frame.value.index) == sorted(PARTICIPANTS))
    first_options = table[t("debrief.chart.top_option", "en")]
    assert all(isinstance(option, str) and option for option in first_options)
    # Ada weighs effectiveness 9 of her 18 slider points: 50 %.
    assert table.loc["Ada", "Effectiveness"] == weight_text(0.5, "en")


def test_the_projector_and_the_phone_show_the_reveal_as_tables_that_take_the_pages_type(app_database):
    """st.dataframe draws on a canvas at Streamlit's own size and scrolls sideways on a phone; the
    projector (large type) and the phone (390 px) get HTML tables, the phone's ranking in four columns."""
    _app, workshop_id, phones = revealed_round(app_database)
    projector = no_exception(new_app(lang="en", who="Fay", role="facilitator", w=workshop_id, view="projector").run())
    projector = no_exception(projector.switch_page(WORKSHOP_PAGE).run())
    assert t("workshop.reveal.ranking", "en") in [s.value for s in projector.subheader]
    assert not projector.dataframe
    assert any(list(table.value.index) == sorted(PARTICIPANTS) for table in projector.table)
    phone = no_exception(phones["Ada"].run())
    assert not [frame for frame in phone.dataframe if t("workshop.reveal.option", "en") in frame.value.columns]
    [ranking] = [table.value for table in phone.table if t("workshop.reveal.option", "en") in table.value.columns]
    assert list(ranking.columns) == [t(f"workshop.reveal.{column}", "en") for column in ("rank", "option", "score", "first_share")]
