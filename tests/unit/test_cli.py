"""python -m secu4all_ethics: validate, catalogue, schema, evaluate."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from tests.conftest import CONTENT_DIR, EXAMPLES_DIR, ROOT


def run(*args, check_code=None):
    completed = subprocess.run([sys.executable, "-m", "secu4all_ethics", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in completed.stderr
    if check_code is not None:
        assert completed.returncode == check_code, completed.stderr
    return completed


def test_validate_checks_all_shipped_content_and_examples():
    completed = run("validate", check_code=0)
    assert completed.stdout.startswith("ok:")


def test_validate_lists_every_error_and_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: secu4all-assessment\nid: x\ntitle: T\nframework: {id: secu4all_core, version: 1.0.0}\n"
        "options:\n  - {key: a, catalogue_id: teleporter}\n  - {key: b, catalogue_id: fixed_cctv, configurations: [gold_plating]}\n"
        "weights: {preset: nonsense}\n",
        encoding="utf-8",
    )
    completed = run("validate", str(bad), check_code=2)
    assert f"{bad}: options[0].catalogue_id: unknown catalogue option 'teleporter'" in completed.stderr
    assert f"{bad}: options[1].configurations[0]: unknown configuration 'gold_plating' for this option" in completed.stderr
    assert f"{bad}: weights.preset: unknown preset 'nonsense'" in completed.stderr
    assert "3 errors" in completed.stderr


@pytest.mark.parametrize("lang, word", [("en", "Improved"), ("fr", "éclairage"), ("de", "Beleuchtung"), ("it", "illuminazione")])
def test_catalogue_lists_options_in_the_chosen_language(lang, word):
    completed = run("catalogue", "--lang", lang, check_code=0)
    assert word.lower() in completed.stdout.lower()
    assert "live_facial_recognition" in completed.stdout


def test_catalogue_json():
    rows = json.loads(run("catalogue", "--format", "json", check_code=0).stdout)
    assert {"id", "kind", "name", "intrusiveness", "ai_act", "yearly_cost_eur", "cost_score"} <= set(rows[0])


def test_schema_prints_every_format():
    schemas = json.loads(run("schema", check_code=0).stdout)
    assert {"framework", "legal", "technology", "presets", "references", "assessment", "result"} <= set(schemas)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES_DIR.glob("*.yaml")))
def test_evaluate_every_example_as_a_result(example):
    result = json.loads(run("evaluate", str(EXAMPLES_DIR / example), "--format", "result", check_code=0).stdout)
    assert result["format"] == "secu4all-result"
    assert result["framework"]["id"] == "secu4all_core"
    assert len(result["framework"]["content_hash"]) == 64
    assert result["ranking"], "every example ranks at least one option"
    assert result["less_intrusive_alternative_compared"]


def test_evaluate_markdown_report_in_french():
    example = sorted(EXAMPLES_DIR.glob("*.yaml"))[0]
    completed = run("evaluate", str(example), "--format", "md", "--lang", "fr", check_code=0)
    assert completed.stdout.startswith("# ")
    assert "## 4\\. Examen juridique" in completed.stdout
    assert "Brouillon" in completed.stdout


def test_evaluate_writes_a_pdf_report_to_a_file(tmp_path):
    example = EXAMPLES_DIR / "park_drug_dealing.yaml"
    target = tmp_path / "park.pdf"
    run("evaluate", str(example), "--format", "pdf", "--lang", "de", "--no-charts", "--output", str(target), check_code=0)
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_json_report_is_accepted_back_as_input(tmp_path):
    example = EXAMPLES_DIR / "station_car_park.yaml"
    first = tmp_path / "report.json"
    run("evaluate", str(example), "--format", "json", "--output", str(first), check_code=0)
    again = json.loads(run("evaluate", str(first), "--format", "json", check_code=0).stdout)
    recorded = json.loads(first.read_text(encoding="utf-8"))
    assert again["result"] == recorded["result"]
    assert again["provenance"]["document_hash"] == recorded["provenance"]["document_hash"]


def test_evaluate_missing_file_is_a_clean_error():
    completed = run("evaluate", "nowhere.yaml", check_code=2)
    assert "nowhere.yaml: cannot be read" in completed.stderr


CRITERIA = [
    "effectiveness_evidence",
    "operational_reliability",
    "public_acceptance",
    "privacy_intrusion",
    "chilling_effect",
    "function_creep",
    "data_security",
    "legal_certainty",
    "transparency_oversight",
    "equity_discrimination",
    "total_cost_of_ownership",
    "implementation_feasibility",
]
PILLARS = ["effectiveness", "privacy", "legality", "cost"]


def _with_weights(weights: dict) -> str:
    document = yaml.safe_load((EXAMPLES_DIR / "station_car_park.yaml").read_text(encoding="utf-8"))
    document["weights"] = weights
    return json.dumps(document, default=str)


def _report_with(change) -> str:
    report = json.loads(run("evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "json", check_code=0).stdout)
    change(report)
    return json.dumps(report)


REFUSED_BY_EVALUATE = {
    "all_weights_zero.json": lambda: _with_weights({"method": "direct", "values": dict.fromkeys(CRITERIA, 0)}),
    "all_pillars_zero.json": lambda: _with_weights({"method": "hierarchical", "pillars": dict.fromkeys(PILLARS, 0)}),
    "missing_pillars.json": lambda: _with_weights({"method": "hierarchical", "pillars": {"effectiveness": 1, "privacy": 1}}),
    "infinite_weight.json": lambda: _with_weights({"method": "points", "points": dict.fromkeys(CRITERIA, 1)}).replace(
        '"privacy_intrusion": 1', '"privacy_intrusion": 1e999'
    ),
    "ahp_outside_saaty_scale.json": lambda: _with_weights(
        {
            "method": "ahp",
            "scope": "pillars",
            "judgements": [
                {"a": a, "b": b, "value": 50 if (a, b) == ("effectiveness", "privacy") else 1} for index, a in enumerate(PILLARS) for b in PILLARS[index + 1 :]
            ],
        }
    ),
    "report_without_provenance.json": lambda: _report_with(lambda report: report.pop("provenance")),
    "report_with_malformed_reviews.json": lambda: _report_with(lambda report: report["provenance"].update(reviews=[{"kind": "sign_off", "verdict": "signed"}])),
}


@pytest.mark.parametrize("name", sorted(REFUSED_BY_EVALUATE))
def test_validate_refuses_every_file_evaluate_refuses_with_the_same_message(tmp_path, name):
    path = tmp_path / name
    path.write_text(REFUSED_BY_EVALUATE[name](), encoding="utf-8")
    evaluated = run("evaluate", str(path), "--format", "md", check_code=2)
    refusals = evaluated.stderr.splitlines()
    assert refusals and all(line.startswith(f"{path}: ") for line in refusals), evaluated.stderr
    validated = run("validate", str(path), check_code=2)
    assert validated.stderr.splitlines()[:-1] == refusals
    assert validated.stderr.splitlines()[-1] == (f"{len(refusals)} errors" if len(refusals) > 1 else "1 error") + " in 1 file checked"


def test_validate_checks_assessments_against_the_content_given(content_copy, tmp_path):
    presets = content_copy / "presets.yaml"
    presets.write_text(presets.read_text(encoding="utf-8").replace("id: operational", "id: operations"), encoding="utf-8")
    example = str(EXAMPLES_DIR / "christmas_market.yaml")
    refused = run("--content", str(content_copy), "validate", example, check_code=2)
    assert f"{example}: weights.preset: unknown preset 'operational'" in refused.stderr


def test_validate_counts_the_files_of_a_content_folder_it_refuses(content_copy):
    technology = content_copy / "technologies" / "anpr.yaml"
    technology.write_text(technology.read_text(encoding="utf-8").replace("value: 3", "value: 7", 1), encoding="utf-8")
    shipped = run("validate", str(CONTENT_DIR), check_code=0).stdout
    refused = run("validate", str(content_copy), check_code=2)
    assert "technologies/anpr.yaml: scores." in refused.stderr
    assert refused.stderr.splitlines()[-1] == f"1 error in {shipped.split()[1]} files checked"


def test_validate_of_a_missing_path_does_not_claim_0_files_checked():
    refused = run("validate", "nowhere.yaml", check_code=2)
    assert refused.stderr.splitlines() == ["nowhere.yaml: no such file or folder", "1 error: no file could be checked"]


def _unwritable_targets(tmp_path):
    return {"a folder": tmp_path, "a missing folder": tmp_path / "missing" / "report.md", "a full device": "/dev/full"}


@pytest.mark.parametrize("kind", ["a folder", "a missing folder", "a full device"])
def test_an_output_path_that_cannot_be_written_is_named_in_one_line(tmp_path, kind):
    target = _unwritable_targets(tmp_path)[kind]
    refused = run("evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "md", "-o", str(target), check_code=2)
    assert len(refused.stderr.splitlines()) == 1, refused.stderr
    assert refused.stderr.startswith(f"{target}: cannot be written (")
    assert not (tmp_path / "missing").exists() and list(tmp_path.iterdir()) == []


def test_an_output_device_is_written_in_place():
    written = run("evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "md", "-o", "/dev/stdout", check_code=0)
    assert written.stdout.startswith("# ") and written.stderr == "/dev/stdout\n"


def test_a_write_cut_short_leaves_the_previous_file_and_no_partial_one(tmp_path):
    import resource

    target = tmp_path / "report.md"
    target.write_text("the previous report\n", encoding="utf-8")
    cut_short = subprocess.run(
        [sys.executable, "-m", "secu4all_ethics", "evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "md", "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)),  # a disk full after 4 KiB
    )
    assert cut_short.returncode == 2, cut_short.stderr
    assert cut_short.stderr == f"{target}: cannot be written (File too large)\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.md"]
    assert target.read_text(encoding="utf-8") == "the previous report\n"


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize(
    "command",
    [["validate"], ["evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "md"]],
    ids=["validate", "evaluate"],
)
def test_standard_output_that_cannot_be_written_is_named_in_one_line(command, unbuffered):
    with open("/dev/full", "w") as full:
        refused = subprocess.run(
            [sys.executable, "-m", "secu4all_ethics", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
            env=os.environ | {"PYTHONUNBUFFERED": unbuffered},
        )
    assert refused.returncode == 2
    assert refused.stderr == "standard output: cannot be written (No space left on device)\n"


def review_label(markdown: str) -> str:
    """The review state a Markdown report gives under its title."""
    return next(line for line in markdown.splitlines() if line.startswith("> **"))


def test_a_json_reports_signature_is_verified_against_the_document_and_the_database(tmp_path):
    from secu4all_ethics import load_assessment, load_content
    from secu4all_ethics.report import REVIEWABLE_SECTIONS
    from secu4all_ethics.services.assessments import AssessmentService
    from secu4all_ethics.services.reports import ReportService
    from secu4all_ethics.storage.audit import Actor
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage
    from secu4all_ethics.storage.schema_version import upgrade

    # a genuinely signed assessment, and its JSON report, in an installation's database
    url = f"sqlite:///{tmp_path / 'secu4all.db'}"
    engine = make_engine(url)
    upgrade(engine)
    service = AssessmentService(Storage(engine), load_content())
    assessor = Actor(name="ada", role="assessor", organisation="Nice", authenticated=True)
    dpo = Actor(name="dora", role="dpo", organisation="Nice", authenticated=True)
    stored = service.create(assessor, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    submitted = service.submit(assessor, stored.assessment_id, expected_version=stored.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(dpo, stored.assessment_id, section=section, verdict="acceptable")
    service.record_verdict(dpo, stored.assessment_id, section=None, verdict="favourable", kind="opinion")
    service.sign_off(dpo, stored.assessment_id, expected_version=submitted.version)
    genuine = tmp_path / "genuine.json"
    genuine.write_bytes(ReportService(service).export(dpo, stored.assessment_id, "en", "json")[0])
    engine.dispose()
    signed = f"(version {submitted.version}, document hash {submitted.document_hash[:16]}…)"

    # against this installation's record: signed, as on record
    verified = review_label(run("evaluate", str(genuine), "--format", "md", "--database", url, check_code=0).stdout)
    assert verified.startswith("> **Signed off by dora on") and signed.replace("(", "\\(").replace(")", "\\)") in verified
    # without it: as the file states, not verified
    unverified = review_label(run("evaluate", str(genuine), "--format", "md", check_code=0).stdout)
    assert unverified.startswith("> **Signature recorded in the imported file, not verified by this installation: signed off by dora on")

    # the assessment edited inside the signed report: the signature does not match, whatever the database says
    package = json.loads(genuine.read_text(encoding="utf-8"))
    package["assessment"]["decision"]["conditions"] = "Cameras on every level, recording around the clock."
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(package), encoding="utf-8")
    for database in (("--database", url), ()):
        label = review_label(run("evaluate", str(edited), "--format", "md", *database, check_code=0).stdout)
        assert label.startswith(
            "> **The signature does not match this content, which is therefore not signed off: version "
            f"{submitted.version} was signed with document hash {submitted.document_hash[:16]}…"
        )

    # a draft report given a made-up sign-off that names its own hash (the finding's forgery)
    draft = tmp_path / "draft.json"
    run("evaluate", str(EXAMPLES_DIR / "park_drug_dealing.yaml"), "--format", "json", "--output", str(draft), check_code=0)
    forged = json.loads(draft.read_text(encoding="utf-8"))
    own_hash = forged["provenance"]["document_hash"]
    claim = {"version": 6, "document_hash": own_hash, "created_at": "2026-01-02T10:00:00.000000Z"}
    forged["provenance"]["status"] = "signed_off"
    forged["provenance"]["reviews"] = [
        {"kind": "submission", "reviewer": "Ada", "verdict": "submitted", **claim},
        {"kind": "sign_off", "reviewer": "Chief Data Protection Officer", "verdict": "signed", **claim},
    ]
    draft.write_text(json.dumps(forged), encoding="utf-8")
    for database in (("--database", url), ()):
        label = review_label(run("evaluate", str(draft), "--format", "md", *database, check_code=0).stdout)
        assert label.startswith("> **Signature recorded in the imported file, not verified by this installation: signed off by Chief")
    assert "self\\-declared, not authenticated" in label  # the claim does not even say the signer was signed in


def test_a_database_that_cannot_verify_is_a_clean_error(tmp_path):
    report = tmp_path / "report.json"
    run("evaluate", str(EXAMPLES_DIR / "station_car_park.yaml"), "--format", "json", "--output", str(report), check_code=0)
    missing = run("evaluate", str(report), "--format", "md", "--database", f"sqlite:///{tmp_path / 'nowhere.db'}", check_code=2)
    assert missing.stderr.strip() == "--database: no such database file" and not (tmp_path / "nowhere.db").exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    refused = run("evaluate", str(report), "--format", "md", "--database", f"sqlite:///{empty}", check_code=2)
    assert "the database schema is empty" in refused.stderr


def test_tender_writes_the_recommended_options_document_as_docx_in_the_language_asked(tmp_path):
    from docx import Document

    from secu4all_ethics import load_content
    from secu4all_ethics.i18n import t

    bundle = load_content()
    output = tmp_path / "tender.docx"
    completed = run("tender", str(EXAMPLES_DIR / "christmas_market.yaml"), "--format", "docx", "--lang", "de", "-o", str(output), check_code=0)
    assert completed.stderr.strip() == str(output)
    text = "\n".join(paragraph.text for paragraph in Document(str(output)).paragraphs)
    option = bundle.technologies_by_id["hvm_street_furniture"].name.get("de")
    assert t("tender.document.title", "de", option=option) in text
    clauses = {clause.id: clause for clause in bundle.tender_clauses}
    assert clauses["no_personal_data_components"].title.get("de") in text  # the option records nobody: the clause says so


def test_tender_prints_markdown_and_refuses_an_assessment_without_a_recommended_option(tmp_path):
    completed = run("tender", str(EXAMPLES_DIR / "station_car_park.yaml"), "--lang", "fr", check_code=0)
    assert completed.stdout.startswith("# Exigences du marché : ")
    document = yaml.safe_load((EXAMPLES_DIR / "station_car_park.yaml").read_text(encoding="utf-8"))
    document["decision"].update(conclusion="undecided", recommended_option=None)
    undecided = tmp_path / "undecided.yaml"
    undecided.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    refused = run("tender", str(undecided), check_code=2)
    assert f"{undecided}: decision.recommended_option: the decision recommends no catalogue option to write a tender for" in refused.stderr
