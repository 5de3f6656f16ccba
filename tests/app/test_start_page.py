"""The app starts and renders its start page in every language, without an exception."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.mark.parametrize(
    "lang, heading",
    [
        ("en", "Weigh security technologies before you buy them"),
        ("fr", "Évaluer les technologies de sécurité avant de les acheter"),
        ("de", "Sicherheitstechnik abwägen, bevor sie beschafft wird"),
        ("it", "Valutare le tecnologie di sicurezza prima di acquistarle"),
    ],
)
def test_start_page_renders_in_each_language(app_database, bundle, lang, heading):
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    assert app.title[0].value == heading
    # The catalogue is summarised and linked to the Library, not drawn as a table (see docs/benchmarks.md).
    assert not app.dataframe
    assert any(caption.value.startswith(f"{len(bundle.technologies)} ") for caption in app.caption)


def test_browser_locale_chooses_the_language(app_database):
    app = AppTest.from_file(APP, default_timeout=30)
    app.context["locale"] = "de-CH"
    app.run()
    assert not app.exception
    assert app.title[0].value.startswith("Sicherheitstechnik")


def test_language_switcher_changes_the_page(app_database):
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    app.selectbox(key="lang").set_value("it").run()
    assert not app.exception
    assert app.title[0].value.startswith("Valutare")


def test_a_dpo_is_not_offered_creation_and_is_told_why_in_the_screens_language(app_database):
    """A DPO may not create assessments: Start offers no creation (it used to, then refused it), says
    what the role does instead, and the service's refusal still reads in the screen's language."""
    from secu4all_ethics.services.access import AccessDenied
    from tests.app.conftest import new_app, no_exception

    app = no_exception(new_app(lang="fr", who="Dora", role="dpo").run())
    assert not [button for button in app.button if button.key in ("create", "import")]
    assert any(caption.value.startswith("Délégué à la protection des données (DPD) : vous examinez les évaluations") for caption in app.caption)
    refusal = AccessDenied("role_may_not", role="dpo", action="create_assessment").describe("fr")
    assert "ne permet pas de créer une évaluation" in refusal, refusal
