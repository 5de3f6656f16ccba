"""Jurisdiction packs: a member state's own law, one file per country under criteria/jurisdictions/ (issue #14).

A pack is content like the rest: validated by pydantic, cross-checked against the catalogue and
the bibliography, named by its file, and part of the content hash, but a snapshot stored before
packs existed still hashes as it did."""

import shutil

import pytest
import yaml

from secu4all_ethics import load_content
from secu4all_ethics.content.bundle import ContentBundle
from secu4all_ethics.errors import ContentError
from tests.conftest import CONTENT_DIR


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True  # the content loader refuses YAML aliases


TEXT = {"en": "Mayor's order", "fr": "Arrêté du maire", "de": "Anordnung des Bürgermeisters", "it": "Ordinanza del sindaco"}


def pack(**changes) -> dict:
    document = {
        "member_state": "NL",
        "name": {"en": "Netherlands", "fr": "Pays-Bas", "de": "Niederlande", "it": "Paesi Bassi"},
        "valid_as_of": "2026-12-05",
        "data_protection_authority": {"name": TEXT, "url": "https://www.autoriteitpersoonsgegevens.nl/", "legal_basis": []},
        "provisions": [
            {
                "id": "nl_camera_order",
                "topic": "authorisation",
                "regimes": ["gdpr", "led"],
                "technologies": ["fixed_cctv", "cctv_control_room"],
                "title": TEXT,
                "text": TEXT,
                "legal_basis": ["nl_gemeentewet_151c"],
                "verification": "verified",
            }
        ],
        "references": [],
    }
    document.update(changes)
    return document


@pytest.fixture
def content_with(tmp_path):
    def write(name: str, document: dict):
        root = tmp_path / "criteria"
        if not root.exists():
            shutil.copytree(CONTENT_DIR, root)
        (root / "jurisdictions").mkdir(exist_ok=True)
        (root / "jurisdictions" / name).write_text(yaml.dump(document, Dumper=_NoAliases, allow_unicode=True))
        return root

    return write


def test_a_pack_loads_into_the_bundle_and_changes_the_content_hash(content_with):
    without = load_content()
    bundle = load_content(content_with("nl.yaml", pack()))
    assert bundle.jurisdictions_by_state["NL"].provisions[0].id == "nl_camera_order"
    assert bundle.content_hash != without.content_hash
    rebuilt = ContentBundle.from_snapshot(bundle.snapshot(), expected_hash=bundle.content_hash)
    assert rebuilt.jurisdictions == bundle.jurisdictions


def test_a_snapshot_stored_before_packs_existed_hashes_as_it_did():
    import dataclasses

    before = dataclasses.replace(load_content(), jurisdictions=(), national_checklist=())
    snapshot = before.snapshot()
    assert "jurisdictions" not in snapshot and "national_checklist" not in snapshot
    assert ContentBundle.from_snapshot(snapshot, expected_hash=before.content_hash).content_hash == before.content_hash


@pytest.mark.parametrize(
    "name, document, file, message",
    [
        ("fr.yaml", pack(), "jurisdictions/fr.yaml", "must match the file name 'fr'"),
        (
            "nl.yaml",
            pack(provisions=[{**pack()["provisions"][0], "technologies": ["flying_carpet"]}]),
            "jurisdictions/nl.yaml",
            "unknown option 'flying_carpet'",
        ),
        (
            "nl.yaml",
            pack(provisions=[{**pack()["provisions"][0], "legal_basis": ["nl_no_such_law"]}]),
            "jurisdictions/nl.yaml",
            "unknown reference 'nl_no_such_law'",
        ),
        ("nl.yaml", pack(provisions=[{**pack()["provisions"][0], "text": {"en": "only English"}}]), "jurisdictions/nl.yaml", "fr"),
        ("nl.yaml", pack(member_state="UK"), "jurisdictions/nl.yaml", "member_state"),
        (
            "nl.yaml",
            pack(regions={"label": TEXT, "varies": TEXT, "items": [{"code": "DE-BY", "name": TEXT}]}),
            "jurisdictions/nl.yaml",
            "region 'DE-BY' is not in member state 'NL'",
        ),
    ],
)
def test_a_faulty_pack_is_refused_naming_its_file_and_field(content_with, name, document, file, message):
    with pytest.raises(ContentError) as refused:
        load_content(content_with(name, document))
    issues = refused.value.issues
    assert any(issue.file == file and (message in issue.message or message in issue.path) for issue in issues), issues


def test_every_shipped_pack_cites_known_sources_in_four_languages():
    bundle = load_content()
    for jurisdiction in bundle.jurisdictions:
        assert jurisdiction.provisions
        for provision in jurisdiction.provisions:
            assert all(bundle.references_by_id.get(reference) for reference in provision.legal_basis), provision.id


def test_docs_list_every_packs_sources_and_the_date_it_was_checked():
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "content-sources.md").read_text()
    for jurisdiction in load_content().jurisdictions:
        assert f"`{jurisdiction.member_state.lower()}.yaml`), checked up to {jurisdiction.valid_as_of.isoformat()}" in text
        missing = [reference.id for reference in jurisdiction.references if f"`{reference.id}`" not in text]
        assert not missing, f"docs/content-sources.md does not list {missing}"
