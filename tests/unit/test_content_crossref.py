"""Every shipped file validates, and every kind of broken cross-reference is
reported with the file, the path inside it and what is wrong."""

import pytest
import yaml

from secu4all_ethics import ContentError, load_content


class _NoAliasDumper(yaml.SafeDumper):
    """A value placed twice must not come out as a YAML alias, which the loader refuses."""

    def ignore_aliases(self, data):
        return True


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _messages(content_dir):
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return [str(issue) for issue in caught.value.issues]


def test_shipped_content_is_valid(bundle):
    assert bundle.framework.id == "secu4all_core"
    assert len(bundle.content_hash) == 64


def test_content_hash_ignores_formatting_but_not_meaning(content_copy, bundle):
    framework = content_copy / "frameworks" / "secu4all_core.yaml"
    _edit(framework, lambda data: None)  # re-serialised: other quoting, order kept
    assert load_content(content_copy).content_hash == bundle.content_hash

    def reweigh(data):
        data["criteria"][0]["default_weight"] += 1

    _edit(framework, reweigh)
    assert load_content(content_copy).content_hash != bundle.content_hash


def test_score_for_unknown_criterion(content_copy):
    path = content_copy / "technologies" / "fixed_cctv.yaml"
    _edit(path, lambda d: d["scores"].__setitem__("privacy_intrusionn", d["scores"]["privacy_intrusion"]))
    assert "technologies/fixed_cctv.yaml: scores.privacy_intrusionn: unknown criterion" in _messages(content_copy)


def test_missing_reference_score(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d["scores"].pop("chilling_effect"))
    assert "technologies/anpr.yaml: scores: no reference score for criterion 'chilling_effect'" in _messages(content_copy)


def test_hand_score_for_derived_cost_criterion(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d["scores"].__setitem__("total_cost_of_ownership", d["scores"]["chilling_effect"]))
    messages = _messages(content_copy)
    assert any(m.startswith("technologies/anpr.yaml: scores.total_cost_of_ownership: this criterion is derived") for m in messages)


def test_preset_missing_a_criterion(content_copy):
    path = content_copy / "presets.yaml"
    _edit(path, lambda d: d["presets"][1]["weights"].pop("equity_discrimination"))
    assert "presets.yaml: presets[1].weights: no weight for criterion 'equity_discrimination'" in _messages(content_copy)


def test_preset_with_unknown_criterion(content_copy):
    path = content_copy / "presets.yaml"
    _edit(path, lambda d: d["presets"][0]["weights"].__setitem__("vibes", 3))
    assert "presets.yaml: presets[0].weights.vibes: unknown criterion" in _messages(content_copy)


def test_criterion_in_unknown_pillar(content_copy):
    path = content_copy / "frameworks" / "secu4all_core.yaml"
    _edit(path, lambda d: d["criteria"][2].__setitem__("pillar", "ethics"))
    assert "frameworks/secu4all_core.yaml: criteria[2].pillar: unknown pillar 'ethics'" in _messages(content_copy)


def test_unknown_reference_cited(content_copy):
    path = content_copy / "technologies" / "fixed_cctv.yaml"
    _edit(path, lambda d: d["scores"]["effectiveness_evidence"].__setitem__("sources", ["nobody2099"]))
    assert "technologies/fixed_cctv.yaml: scores.effectiveness_evidence.sources[0]: unknown reference 'nobody2099'" in _messages(content_copy)


def test_unknown_legal_basis_of_a_gate(content_copy):
    path = content_copy / "legal.yaml"
    _edit(path, lambda d: d["gates"][0].__setitem__("legal_basis", ["ai_act_art55"]))
    assert "legal.yaml: gates[0].legal_basis[0]: unknown reference 'ai_act_art55'" in _messages(content_copy)


def test_gate_hint_for_unknown_gate(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d["gate_hints"][0].__setitem__("gate", "vibe_check"))
    assert "technologies/anpr.yaml: gate_hints[0].gate: unknown gate 'vibe_check'" in _messages(content_copy)


def test_obligation_hint_for_unknown_obligation(content_copy):
    path = content_copy / "technologies" / "fixed_cctv.yaml"

    def change(d):
        d.setdefault("obligation_hints", []).insert(0, {"obligation": "blessing", "reason": d["name"]})

    _edit(path, change)
    assert "technologies/fixed_cctv.yaml: obligation_hints[0].obligation: unknown obligation 'blessing'" in _messages(content_copy)


def test_unknown_dpia_criterion(content_copy):
    path = content_copy / "technologies" / "fixed_cctv.yaml"
    _edit(path, lambda d: d.__setitem__("dpia_criteria", ["systematic_monitoring", "big_data"]))
    assert "technologies/fixed_cctv.yaml: dpia_criteria[1]: unknown DPIA screening criterion 'big_data'" in _messages(content_copy)


def test_configuration_changing_unknown_criterion(content_copy):
    path = content_copy / "technologies" / "fixed_cctv.yaml"
    _edit(path, lambda d: d["configurations"][0]["score_changes"].__setitem__("karma", 1))
    assert "technologies/fixed_cctv.yaml: configurations[0].score_changes.karma: unknown criterion" in _messages(content_copy)


def test_duplicate_reference_id_across_files(content_copy):
    core = yaml.safe_load((content_copy / "references" / "core.yaml").read_text(encoding="utf-8"))
    extra = {"references": [core["references"][0]]}
    (content_copy / "references" / "zz_extra.yaml").write_text(yaml.safe_dump(extra), encoding="utf-8")
    first = core["references"][0]["id"]
    assert any(f"reference id {first!r} is defined more than once" in m for m in _messages(content_copy))


def test_technology_id_must_match_file_name(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d.__setitem__("id", "lpr"))
    assert "technologies/anpr.yaml: id: must equal the file name 'anpr'" in _messages(content_copy)


def test_scale_value_out_of_range_names_the_path(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d["scores"]["privacy_intrusion"].__setitem__("value", 7))
    assert "technologies/anpr.yaml: scores.privacy_intrusion.value: Input should be less than or equal to 5 (got 7)" in _messages(content_copy)


def test_missing_translation_names_the_language(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d["name"].pop("it"))
    assert "technologies/anpr.yaml: name.it: Field required" in _messages(content_copy)


def test_unknown_field_is_reported(content_copy):
    path = content_copy / "technologies" / "anpr.yaml"
    _edit(path, lambda d: d.__setitem__("colour", "blue"))
    assert "technologies/anpr.yaml: colour: unknown field (check its spelling)" in _messages(content_copy)


def test_every_error_is_listed_not_just_the_first(content_copy):
    _edit(content_copy / "technologies" / "anpr.yaml", lambda d: d["name"].pop("fr"))
    _edit(content_copy / "technologies" / "fixed_cctv.yaml", lambda d: d["name"].pop("de"))
    _edit(content_copy / "presets.yaml", lambda d: d["presets"][0].pop("rationale"))
    messages = _messages(content_copy)
    assert "technologies/anpr.yaml: name.fr: Field required" in messages
    assert "technologies/fixed_cctv.yaml: name.de: Field required" in messages
    assert "presets.yaml: presets[0].rationale: Field required" in messages


def test_snapshot_rebuilds_the_same_content_and_results(bundle):
    import json

    from secu4all_ethics import evaluate, load_assessment
    from secu4all_ethics.content.bundle import ContentBundle
    from tests.conftest import EXAMPLES_DIR

    document = json.loads(json.dumps(bundle.snapshot()))  # as stored: plain JSON
    rebuilt = ContentBundle.from_snapshot(document, expected_hash=bundle.content_hash)
    assert rebuilt.content_hash == bundle.content_hash
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.framework = bundle.framework_ref()
    assert evaluate(assessment, rebuilt) == evaluate(assessment, bundle)
    document["framework"]["criteria"][0]["default_weight"] += 1
    with pytest.raises(ValueError, match="does not match"):
        ContentBundle.from_snapshot(document, expected_hash=bundle.content_hash)


def test_a_snapshot_stored_before_a_content_field_existed_still_verifies_and_keeps_its_hash(bundle):
    # Content models gain fields with defaults (a legal date's note, an obligation's regimes): a fresh dump of
    # an old snapshot adds them, and re-hashing that dump refused every assessment made before the change.
    import json

    from secu4all_ethics.content.bundle import ContentBundle, canonical_json, sha256_hex

    document = json.loads(json.dumps(bundle.snapshot()))
    dates = document["legal"]["legal_dates"]
    assert any(date.get("note") is None for date in dates)
    for date in dates:
        if date.get("note") is None:
            del date["note"]  # as if stored before legal dates had notes
    stored_hash = sha256_hex(canonical_json(document))
    rebuilt = ContentBundle.from_snapshot(document, expected_hash=stored_hash)
    assert rebuilt.content_hash == stored_hash
    assert rebuilt.legal.legal_dates == bundle.legal.legal_dates


def test_evaluation_warns_when_content_changed_since_recording(bundle, content_copy):
    from secu4all_ethics import evaluate, load_assessment
    from tests.conftest import EXAMPLES_DIR

    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    assessment.framework = bundle.framework_ref()
    assert evaluate(assessment, bundle).assessment.content_matches

    def reweigh(data):
        data["criteria"][0]["default_weight"] += 1

    _edit(content_copy / "frameworks" / "secu4all_core.yaml", reweigh)
    changed = load_content(content_copy)
    result = evaluate(assessment, changed)
    assert not result.assessment.content_matches
    assert any(w.code == "content_changed" for w in result.warnings)
