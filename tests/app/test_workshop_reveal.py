"""The reveal names each participant's first option, by pseudonym only (issue #16, "The reveal":
"each participant's top option, anonymised by pseudonym"), for the facilitator and the projector."""

from __future__ import annotations

from secu4all_ethics.charts.workshop import weight_text
from secu4all_ethics.i18n import t
from tests.app.conftest import no_exception
from tests.app.test_workshop_pages import PARTICIPANTS, create_workshop, facilitator, join, join_code, next_phase, set_weights


def test_the_facilitators_reveal_lists_each_pseudonym_with_its_weights_and_first_option(app_database):
    app = facilitator()
    workshop_id = create_workshop(app, rounds=1)
    code = join_code(app_database, workshop_id)
    phones = {name: join(code, name) for name in PARTICIPANTS}
    next_phase(no_exception(app.run()))  # round 1
    for name, weights in PARTICIPANTS.items():
        phone = set_weights(no_exception(phones[name].run()), 1, weights)
        no_exception(phone.button(key="submit-1").click().run())
    next_phase(app)  # reveal

    assert t("workshop.reveal.participants", "en") in [s.value for s in app.subheader]
    table = next(frame.value for frame in app.dataframe if list(frame.value.index) == sorted(PARTICIPANTS))
    first_options = table[t("debrief.chart.top_option", "en")]
    assert all(isinstance(option, str) and option for option in first_options)
    # Ada weighs effectiveness 9 of her 18 slider points: 50 %.
    assert table.loc["Ada", "Effectiveness"] == weight_text(0.5, "en")
