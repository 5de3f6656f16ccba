"""Each extension point is one declared registry: report sections, report formats, MCDA methods,
and the database types that carry the protection triggers (languages: test_adding_a_language.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, inspect

from secu4all_ethics import load_assessment
from secu4all_ethics.cli import main
from secu4all_ethics.domain import review
from secu4all_ethics.domain.review import REPORT_SECTIONS, ReportSection, ReviewRound, missing_for_sign_off, review_points
from secu4all_ethics.report import formats
from secu4all_ethics.report.formats import RenderRequest, ReportFormat, register_format
from secu4all_ethics.services.reports import ReportService
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.faults import StorageError
from secu4all_ethics.storage.schema_version import upgrade
from tests.conftest import EXAMPLES_DIR

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


# --- report formats ----------------------------------------------------------------------------------


def _section_titles(request: RenderRequest) -> bytes:
    return "\n".join(f"{section.number}. {section.title}" for section in request.report.sections).encode("utf-8")


@pytest.fixture
def plain_text(monkeypatch):
    """A format registered for one test, as a plugin would register it."""
    monkeypatch.setattr(formats, "_FORMATS", dict(formats._FORMATS))
    return register_format(ReportFormat("txt", "Plain text", "txt", "text/plain", binary=False, render=_section_titles, icon="notes"))


def test_a_format_is_registered_once():
    assert formats.format_names() == ("md", "html", "pdf", "docx", "json")
    with pytest.raises(ValueError, match="already registered"):
        register_format(formats.format_named("md"))
    with pytest.raises(ValueError, match="unknown report format 'odt'; choose one of md, html, pdf, docx, json"):
        formats.format_named("odt")


def test_the_command_line_offers_and_writes_a_registered_format(plain_text, tmp_path, capsys):
    output = tmp_path / "report.txt"
    assert main(["evaluate", str(EXAMPLES_DIR / "park_drug_dealing.yaml"), "--format", "txt", "--lang", "fr", "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8").splitlines()[0] == "1. Synthèse"
    with pytest.raises(SystemExit):
        main(["evaluate", str(EXAMPLES_DIR / "park_drug_dealing.yaml"), "--format", "odt"])
    assert "txt" in capsys.readouterr().err  # argparse lists the choices, the registered format among them


def test_the_report_service_exports_a_registered_format(plain_text, storage, bundle):
    from secu4all_ethics.services.assessments import AssessmentService

    assessor = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
    service = AssessmentService(storage, bundle)
    stored = service.create(assessor, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    data, name, media_type = ReportService(service).export(assessor, stored.assessment_id, "de", "txt")
    assert name.endswith("-v1-de.txt") and media_type == "text/plain"
    assert data.decode("utf-8").startswith("1. ")
    with pytest.raises(ValueError, match="unknown report format"):
        ReportService(service).export(assessor, stored.assessment_id, "de", "odt")


# --- decision methods --------------------------------------------------------------------------------


def _evaluated(bundle):
    from secu4all_ethics import evaluate

    return evaluate(load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"), bundle, with_acceptability=False)


def test_the_result_holds_the_declared_methods_and_their_steps(bundle, monkeypatch):
    from secu4all_ethics.engine import methods
    from secu4all_ethics.report import Provenance, build_report

    result = _evaluated(bundle)
    assert [ranking.method for ranking in result.cross_check.methods] == list(methods.METHOD_IDS)
    explained = {table.method for table in result.explanation}
    assert explained == set(methods.METHOD_IDS)

    # Without PROMETHEE's linear variant declared, nothing computes, explains or reports it.
    kept = tuple(method for method in methods.CROSS_CHECKS if method.id != "promethee_ii_linear")
    monkeypatch.setattr(methods, "CROSS_CHECKS", kept)
    fewer = _evaluated(bundle)
    assert [ranking.method for ranking in fewer.cross_check.methods] == ["weighted_sum", "topsis", "promethee_ii_usual"]
    assert not [table.id for table in fewer.explanation if table.id.startswith("promethee_linear.")]
    assert [table.id for table in fewer.explanation if table.method != "promethee_ii_linear"] == [
        table.id for table in result.explanation if table.method != "promethee_ii_linear"
    ]
    report = build_report(load_assessment(EXAMPLES_DIR / "park_drug_dealing.yaml"), fewer, bundle, "en", Provenance(document_hash="0" * 64))
    assert "PROMETHEE II, linear" not in report.model_dump_json()


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_the_cross_check_texts_follow_the_declared_methods_not_a_fixed_count(bundle, monkeypatch, language):
    from secu4all_ethics.engine import methods
    from secu4all_ethics.wording import cross_check_caption, word_result

    counts = {"en": ("three", "four"), "fr": ("trois", "quatre"), "de": ("drei", "vier"), "it": ("tre", "quattro")}[language]
    monkeypatch.setattr(methods, "CROSS_CHECKS", tuple(m for m in methods.CROSS_CHECKS if m.id != "promethee_ii_linear"))
    worded = word_result(_evaluated(bundle), bundle, language)
    caption = cross_check_caption(worded.cross_check, language)
    others = [m.name for m in worded.cross_check.methods if m.method != "weighted_sum"]
    assert len(others) == 2 and all(name in caption for name in others)
    reference = next(m.name for m in worded.cross_check.methods if m.method == "weighted_sum")
    assert reference not in caption.split("(")[1].split(")")[0]
    for text in (caption, worded.cross_check.statement):
        assert not any(re.search(rf"\b{count}\b", text, re.IGNORECASE) for count in counts), text


def test_a_result_names_only_declared_methods():
    from pydantic import ValidationError

    from secu4all_ethics.engine.methods import METHOD_IDS
    from secu4all_ethics.engine.results import MethodRanking

    ranking = {"name": "x", "scores": {}, "ranks": {}, "first": [], "agreement_with_weighted_sum": 1.0}
    assert all(MethodRanking(method=method, **ranking).method == method for method in METHOD_IDS)
    with pytest.raises(ValidationError):
        MethodRanking(method="electre", **ranking)


# --- database types ----------------------------------------------------------------------------------


def test_a_database_type_without_the_protection_triggers_is_refused_by_name():
    with pytest.raises(StorageError, match="nosuchdb") as refused:
        make_engine("nosuchdb://reviewer@db.example/secu4all")
    assert refused.value.code == "unprotected_dialect"
    assert "nosuchdb" in refused.value.describe("fr") and "immuables" in refused.value.describe("fr")


@pytest.mark.parametrize("command", [["upgrade"], ["current"], ["backup", "copy.db"], ["restore", "copy.db"]])
def test_the_command_line_refuses_to_start_on_such_a_database(command, capsys):
    assert main(["db", "--database", "nosuchdb://db.example/secu4all", *command]) == 2
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
