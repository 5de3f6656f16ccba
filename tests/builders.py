"""Small builders for assessments used across tests."""

from secu4all_ethics.domain.assessment import Assessment, AssessedOption, FrameworkRef, GateAnswer


def confirmed_gate_answers(bundle, technology_id, overrides=None):
    """Gate answers as an assessor who accepts the catalogue's hints would give them;
    'depends' hints are answered 'passes' (the assessor checked national law)."""
    technology = bundle.technologies_by_id[technology_id]
    hints = {hint.gate: hint for hint in technology.gate_hints}
    answers = {}
    for gate in bundle.legal.gates:
        hint = hints.get(gate.id)
        answer = hint.answer if hint is not None and hint.answer != "depends" else "passes"
        answers[gate.id] = GateAnswer(answer=answer, justification=f"checked for {technology_id}")
    answers.update(overrides or {})
    return answers


def make_assessment(bundle, technology_ids, weights=None, **fields):
    options = [
        AssessedOption(key=technology_id, catalogue_id=technology_id, gate_answers=confirmed_gate_answers(bundle, technology_id))
        for technology_id in technology_ids
    ]
    data = dict(
        id="test",
        title="Test assessment",
        framework=FrameworkRef(id=bundle.framework.id, version=bundle.framework.version, content_hash=bundle.content_hash),
        options=options,
    )
    data.update(fields)
    assessment = Assessment(**data)
    if weights is not None:
        assessment.weights.values = dict(weights)
        assessment.weights.preset = None
    return assessment
