"""Each extension point is one declared registry: report sections, report formats, MCDA methods,
and the database types that carry the protection triggers (languages: test_adding_a_language.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from secu4all_ethics.cli import main
from secu4all_ethics.domain import review
from secu4all_ethics.domain.review import REPORT_SECTIONS, ReportSection, ReviewRound, missing_for_sign_off, review_points
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.faults import StorageError
from secu4all_ethics.storage.schema_version import upgrade

# --- report sections ---------------------------------------------------------------------------------


def test_a_section_inserted_before_the_reviewed_ones_changes_nothing_a_dpo_must_approve(monkeypatch):
    approved_before = review_points(False)
    inserted = ReportSection("glossary", reviewable=False)
    monkeypatch.setattr(review, "REPORT_SECTIONS", REPORT_SECTIONS[:2] + (inserted,) + REPORT_SECTIONS[2:])
    assert review_points(False) == approved_before
    assert "glossary" not in review_points(True)
    assert "proportionality" in review_points(False)  # a positional slice would have pushed the last reviewed section out
    every_verdict = ReviewRound(section_verdicts=[], opinion=None)
    assert "verdict:glossary" not in missing_for_sign_off(every_verdict, review_points(False))


def test_a_section_declared_reviewable_must_be_approved_wherever_it_stands(monkeypatch):
    appended = ReportSection("data_flows", reviewable=True)
    monkeypatch.setattr(review, "REPORT_SECTIONS", REPORT_SECTIONS + (appended,))
    assert review_points(False) == tuple(section.id for section in REPORT_SECTIONS if section.reviewable) + ("data_flows",)
    assert "verdict:data_flows" in missing_for_sign_off(ReviewRound(), review_points(False))


def test_the_reviewed_sections_are_those_declared_reviewable():
    assert review.REVIEWABLE_SECTIONS == tuple(section.id for section in REPORT_SECTIONS if section.reviewable)
    assert review.SECTION_IDS == tuple(section.id for section in REPORT_SECTIONS)
    assert {"review", "public_summary", "annex"}.isdisjoint(review.REVIEWABLE_SECTIONS)


# --- database types ----------------------------------------------------------------------------------


def test_a_database_type_without_the_protection_triggers_is_refused_by_name():
    with pytest.raises(StorageError, match="nosuchdb") as refused:
        make_engine("nosuchdb://reviewer@db.example/secu4all")
    assert refused.value.code == "unprotected_dialect"
    assert "nosuchdb" in refused.value.describe("fr") and "immuables" in refused.value.describe("fr")


def test_the_command_line_refuses_to_start_on_such_a_database(capsys):
    assert main(["db", "--database", "nosuchdb://db.example/secu4all", "upgrade"]) == 2
    error = capsys.readouterr().err
    assert "nosuchdb" in error and "immutable" in error and "internal error" not in error


def test_the_migrations_create_nothing_on_a_database_type_they_cannot_protect(tmp_path):
    from alembic.ddl.sqlite import SQLiteImpl

    class _FakeImpl(SQLiteImpl):  # Alembic knows the fake type (as it would know a real third one): the migrations run
        __dialect__ = "fakedb"

    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    engine.dialect.name = "fakedb"  # an SQLite file that presents itself as another type, to reach the migrations
    with pytest.raises(StorageError, match="fakedb"):
        upgrade(engine)
    assert "assessment_versions" not in inspect(create_engine(f"sqlite:///{tmp_path / 'other.db'}")).get_table_names()


def test_sqlite_still_gets_its_triggers(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'live.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        triggers = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"assessment_versions_immutable", "audit_log_immutable"} <= triggers
