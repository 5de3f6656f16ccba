"""The workshop's debrief (report/debrief.py), in the workshop's language: the card, each round's
figures as the engine found them, the facilitator's conclusion as text, and nothing in English
in a French or German debrief. Rounds come from the engine (engine.group.round_outcome) with the
Christmas market's card and five participants whose weights are set here."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pikepdf
import pytest

from secu4all_ethics.content.cards import card_assessment, load_cards
from secu4all_ethics.domain.workshop import ParticipantInput, WorkshopSettings
from secu4all_ethics.engine.group import round_change, round_outcome
from secu4all_ethics.i18n import catalog, format_number
from secu4all_ethics.report.debrief import DebriefInput, build_debrief, debrief_html, debrief_pdf, render_debrief
from secu4all_ethics.wording.workshop import change_text, consensus_text, prompt_text, workshop_names
from tests.conftest import require_command
from tests.unit.test_report_accessibility import structure

GENERATED = dt.datetime(2026, 12, 5, 18, 0, tzinfo=dt.UTC)
EXPIRES = dt.datetime(2026, 12, 12, tzinfo=dt.UTC)
HOSTILE = "<img src=x onerror=alert(1)>"
ROUND_1 = {
    "Alix": {"effectiveness": 8, "privacy": 6, "legality": 4, "cost": 2},
    "Bea": {"effectiveness": 2, "privacy": 10, "legality": 4, "cost": 4},
    "Chen": {"effectiveness": 5, "privacy": 5, "legality": 5, "cost": 5},
    "Dora": {"effectiveness": 9, "privacy": 2, "legality": 5, "cost": 7},
    HOSTILE: {"effectiveness": 3, "privacy": 8, "legality": 8, "cost": 1},
}
ROUND_2 = {
    "Alix": {"effectiveness": 6, "privacy": 7, "legality": 4, "cost": 3},
    "Bea": {"effectiveness": 4, "privacy": 8, "legality": 4, "cost": 4},
    "Chen": {"effectiveness": 5, "privacy": 6, "legality": 5, "cost": 4},
    "Dora": {"effectiveness": 7, "privacy": 4, "legality": 5, "cost": 5},
    HOSTILE: {"effectiveness": 4, "privacy": 7, "legality": 7, "cost": 2},
}
CONCLUSION = "Le groupe a convergé vers les barrières.\n\n<script>alert('conclusion')</script> reste du texte."


@pytest.fixture(scope="module")
def card(bundle):
    return load_cards(bundle=bundle)["christmas_market"]


@pytest.fixture(scope="module")
def rounds(card, bundle):
    template = card_assessment(card)
    first = round_outcome(template, bundle, {name: ParticipantInput(weights=w) for name, w in ROUND_1.items()}, "pillars", 1)
    second = round_outcome(template, bundle, {name: ParticipantInput(weights=w) for name, w in ROUND_2.items()}, "pillars", 2)
    return first, second, round_change(first, second)


def settings(card, language):
    return WorkshopSettings(name="Module 3 – mardi", card_id=card.id, language=language, expires_at=EXPIRES)


def html_of(card, rounds, bundle, language, conclusion=CONCLUSION, with_change=True):
    first, second, change = rounds
    rounds_shown = [first, second] if with_change else [first]
    debrief = build_debrief(DebriefInput(card, settings(card, language), rounds_shown, change if with_change else None, bundle, conclusion, GENERATED))
    return render_debrief(debrief)


def visible_text(html: str) -> str:
    """The document's text as a reader gets it: tags dropped, entities read, spaces collapsed."""
    import html as html_module

    without_style = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    # Collapsed at ASCII white space only: str.split() would take the no-break spaces French numbers keep.
    return re.sub(r"[ \t\r\n]+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", without_style))).strip()


def test_the_french_debrief_tells_the_card_in_french(card, rounds, bundle):
    text = visible_text(html_of(card, rounds, bundle, "fr"))
    assert card.title.fr in text and card.place.fr in text
    assert card.brief.fr.split("\n\n")[0].strip() in text
    assert all(option.summary.fr in text for option in card.options)
    assert all(question.fr in text for question in card.debate_questions)
    assert "Module 3 – mardi" in text and "5 décembre 2026" in text
    # The privacy note, with the day the inputs are deleted at the latest.
    assert "que sous un pseudonyme" in text and "12 décembre 2026" in text


def test_the_debrief_holds_the_outcomes_numbers(card, rounds, bundle):
    first, second, change = rounds
    assert first.prompts  # the engine finds something to debate in round 1
    text = visible_text(html_of(card, rounds, bundle, "fr"))
    for outcome in (first, second):
        assert consensus_text(outcome.kendalls_w, "fr") in text
        names = workshop_names(outcome, bundle, "fr")
        assert all(prompt_text(prompt, names, "fr") in text for prompt in outcome.prompts)
        for item, weight in outcome.group_item_weights.items():
            assert f"{format_number(100 * weight, 'fr', 1)}\u00a0%" in text, item
        ranked = [option for option in outcome.evaluation.options if option.key in outcome.evaluation.ranking]
        assert all(format_number(option.score, "fr") in text for option in ranked)
    assert "5 participants ont envoyé leurs pondérations à ce tour." in text
    # Kendall's W before and after, in numbers and in words, and in the round change's table.
    assert change_text(change, workshop_names(second, bundle, "fr"), "fr") in text
    assert f"W de Kendall {format_number(change.kendalls_w_before, 'fr')} {format_number(change.kendalls_w_after, 'fr')}" in text
    assert change.consensus == "grew" and "L'accord s'est renforcé" in text


def test_the_excluded_option_is_listed_with_its_gates_reason(card, rounds, bundle):
    first, _, _ = rounds
    assert first.excluded_options == ["live_facial_recognition"]
    text = visible_text(html_of(card, rounds, bundle, "fr"))
    excluded = text[text.index("Options exclues et pourquoi") :]
    assert "Reconnaissance faciale en temps réel\u00a0: Pratique interdite par l'article 5 du règlement sur l'IA" in excluded
    assert "aucune pondération ne peut les repêcher" in excluded


def test_the_conclusion_and_the_pseudonyms_stay_text(card, rounds, bundle):
    html = html_of(card, rounds, bundle, "fr")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;conclusion&#39;)&lt;/script&gt; reste du texte." in html
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Le groupe a convergé vers les barrières." in visible_text(html)


def test_one_round_has_no_change_section_and_a_missing_conclusion_is_said(card, rounds, bundle):
    text = visible_text(html_of(card, rounds, bundle, "de", conclusion="  ", with_change=False))
    assert "Runde 1" in text and "Runde 2" not in text
    assert "Was sich zwischen den Runden bewegt hat" not in text
    assert "Die Moderation hat kein Fazit geschrieben." in text


def english_fragments(language: str) -> list[str]:
    """The English catalogue's debrief texts (and those it shares with the report) that language says
    otherwise ("Participants" is French too), cut at their placeholders."""
    english, translated, fragments = catalog("en"), catalog(language), []
    for key, entry in english.items():
        if not key.startswith(("debrief.", "report.label.")) or translated[key] == entry:
            continue
        for text in entry.values() if isinstance(entry, dict) else [entry]:
            fragments += [part.strip(" .:") for part in re.split(r"{\w+}", text) if len(part.strip(" .:")) >= 12]
    return fragments


@pytest.mark.parametrize("language", ["fr", "de"])
def test_no_english_text_leaks_into_a_french_or_german_debrief(card, rounds, bundle, language):
    text = visible_text(html_of(card, rounds, bundle, language))
    fragments = english_fragments(language)
    assert len(fragments) > 40  # the check reads the catalogue, not an empty list
    assert not [fragment for fragment in fragments if fragment in text]


def test_the_html_debrief_draws_its_charts_inline(card, rounds, bundle, chart_server):
    first, second, change = rounds
    html = debrief_html(DebriefInput(card, settings(card, "fr"), [first, second], change, bundle, CONCLUSION, GENERATED))
    assert html.count("<svg") >= 7  # three charts per round and the round change
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")


def test_the_pdf_debrief_is_a_pdf_with_the_french_title(card, rounds, bundle, chart_server):
    require_command("pdftotext")
    first, second, change = rounds
    pdf = debrief_pdf(DebriefInput(card, settings(card, "fr"), [first, second], change, bundle, CONCLUSION, GENERATED))
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Protéger un marché de Noël" in text and "Compte rendu d'atelier" in text
    assert "Le groupe a convergé vers les barrières." in text
    # Tagged as the report is (PDF/UA-1): the language, and each chart's picture with its numbers as alternative text.
    tagged = pikepdf.open(io.BytesIO(pdf))
    assert tagged.Root.MarkInfo.Marked is True and str(tagged.Root.Lang) == "fr"
    figures = [element for element in structure(tagged) if str(element.S) == "/Figure"]
    assert len(figures) >= 7 and all("/Alt" in figure for figure in figures)
    assert any(str(figure.Alt).startswith("Comment les participants ont pondéré chaque élément.") for figure in figures)
