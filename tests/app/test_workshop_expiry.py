"""A workshop whose expiry has passed loses its participants' data when the app is next used,
without anybody pressing Close (issue #16: "closing or expiry deletes the participants' data")."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from secu4all_ethics.domain.workshop import WorkshopSettings
from secu4all_ethics.services import workshops as workshop_module
from secu4all_ethics.services.auth import unauthenticated_actor
from secu4all_ethics.services.workshops import WorkshopService
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from secu4all_ethics.storage.schema_version import upgrade
from tests.app.conftest import new_app, no_exception


def test_opening_a_join_link_deletes_the_data_of_an_expired_workshop(app_database):
    engine = make_engine(app_database)
    upgrade(engine)
    storage = Storage(engine)
    workshops = WorkshopService(storage)
    fay = unauthenticated_actor("Fay", "facilitator", "My municipality")
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    expired = workshops.create(fay, WorkshopSettings(name="Old session", card_id="station_car_park", language="fr", expires_at=expiry))
    for pseudonym in ("Ada", "Bea"):
        workshops.join(expired.join_code, pseudonym)
    with storage.transaction() as session:
        session.execute(text("UPDATE workshops SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = :id"), {"id": expired.id})
    workshop_module._last_purge.clear()  # this process has not looked yet

    phone = no_exception(new_app(code=expired.join_code).run())

    assert workshops.view(fay, expired.id).joined == 0
    assert workshops.view(fay, expired.id).phase == "closed"
    assert phone.text_input == [] or all(box.value == "" for box in phone.text_input)
