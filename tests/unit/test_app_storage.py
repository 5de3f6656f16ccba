"""Opening the app's database (services/app_storage), the screens' one way to storage."""

import pytest

from secu4all_ethics.services.app_storage import open_storage
from secu4all_ethics.services.assessments import StorageError


def test_the_embedded_default_creates_itself_on_first_start(tmp_path):
    opened = open_storage(f"sqlite:///{tmp_path}/first.db", None)
    assert opened.schema == "current" and opened.current == opened.head
    assert open_storage(f"sqlite:///{tmp_path}/first.db", "key").schema == "current"


def test_a_database_that_cannot_be_opened_is_a_storage_error_the_screens_can_say(tmp_path):
    (tmp_path / "a_folder").mkdir()  # where the database file should be
    with pytest.raises(StorageError) as caught:
        open_storage(f"sqlite:///{tmp_path}/a_folder", None)
    assert caught.value.code == "unavailable"
    assert caught.value.describe("fr")
