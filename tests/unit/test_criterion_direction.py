"""Terms that do not contradict each other (issue #15 point 10). Every scored criterion runs the same
way, a higher level being better, so its name says what a high level protects: "Privacy protection
+1" reads as the gain it is, where "Privacy intrusion +1" read as a loss. The profiles of weights
name the framework's defaults once, and the Weights page says what is gated and what is weighed."""

import re

import pytest

from secu4all_ethics.i18n import t
from secu4all_ethics.i18n.languages import LANGUAGES

# What the four criteria were called while their names named the harm; levels and ids are unchanged.
HARM_NAMES = {
    "en": [r"\bprivacy intrusion\b", r"\bchilling effect on freedoms\b", r"\bfunction creep\b", r"^total cost of ownership$"],
    "fr": [
        r"\batteinte à la vie privée\b",
        r"^effet dissuasif sur les libertés$",
        r"\bdétournement de finalité et réversibilité\b",
        r"^coût total de possession$",
    ],
    "de": [
        r"\beingriff in die privatsphäre\b",
        r"\babschreckungswirkung auf grundfreiheiten\b",
        r"^zweckentfremdung und rückbaubarkeit$",
        r"^gesamtbetriebskosten$",
    ],
    "it": [
        r"\bintrusione nella vita privata\b",
        r"^effetto dissuasivo sulle libertà$",
        r"\bderiva delle finalità e reversibilità\b",
        r"^costo totale di possesso$",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_criterion_is_named_after_the_harm_a_high_level_avoids(bundle, language):
    for criterion in bundle.framework.criteria:
        name = criterion.name.get(language).lower()
        assert not any(re.search(pattern, name) for pattern in HARM_NAMES[language]), (language, criterion.id, name)


def test_the_framework_defaults_are_offered_once(bundle):
    standing = bundle.default_preset
    assert standing is not None and standing.id == "balanced"
    assert dict(standing.weights) == bundle.default_weights
    assert [preset for preset in bundle.presets if dict(preset.weights) == bundle.default_weights] == [standing]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_weights_page_says_what_is_gated_and_what_is_weighed(language):
    note = t("weights.gates_note", language)
    gated, weighed = note.split(".", 1)
    assert {"en": "Gated, not weighed", "fr": "Filtré, non pondéré", "de": "Ausgeschlossen, nicht gewichtet", "it": "Filtrato, non pesato"}[language] in gated
    assert {"en": "Weighed:", "fr": "Pondéré :", "de": "Gewichtet:", "it": "Pesato:"}[language] in weighed
