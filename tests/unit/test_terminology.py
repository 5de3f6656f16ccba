"""The fr, de and it texts use the official legal terms (issue #14 correction 11):
the AI Act's deployer is "déployeur" (fr), "Betreiber" (de) and "deployer" (it);
the EDPB (comité européen de la protection des données) and the EDPS (Contrôleur
européen de la protection des données) are never run together as "CEPD" in French;
German ANPR is "Kennzeichenerfassung"; the Dutch Gemeentewet is no German
"Gemeindeordnung"."""

import re
from pathlib import Path

import pytest

CRITERIA = Path(__file__).resolve().parents[2] / "criteria"

FORBIDDEN = {
    "fr": [
        r"\butilisateurs? (répressifs?|autorisés?)\b",  # the 2021 proposal's term for the deployer
        r"\bl'EDP[BS]\b",  # the English acronyms in a French sentence
        r"CEPD et le Contrôleur",  # two bodies that are both "CEPD" in French
        r"Contrôleur européen(?! de la protection des données)",
    ],
    "de": [r"Kennzeichenerkennung", r"Gemeindeordnung"],
    "it": [r"\butilizzatori con funzioni di contrasto\b", r"\butenti autorizzati\b"],
}

FILES = sorted(p for p in CRITERIA.rglob("*.yaml") if "examples" not in p.parts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CRITERIA)))
def test_official_terms(path):
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.match(r"\s*(?:- )?(fr|de|it):\s", line)
        if not match:
            continue
        for pattern in FORBIDDEN[match.group(1)]:
            if re.search(pattern, line):
                found.append(f"{path.name}:{number}: {pattern}")
    assert not found, found
