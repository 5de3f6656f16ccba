"""Small builders for assessments used across tests."""

from secu4all_ethics.domain.assessment import AssessedOption, Assessment, DataSubjectViews, FearedEventRating, FrameworkRef, GateAnswer


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


def signed_off(service, assessor, dpo, example="station_car_park.yaml"):
    """An example assessment created by assessor, submitted, reviewed section by section
    and signed off by dpo; returns the signed-off version."""
    from secu4all_ethics import load_assessment
    from secu4all_ethics.report import REVIEWABLE_SECTIONS
    from tests.conftest import EXAMPLES_DIR

    stored = service.create(assessor, load_assessment(EXAMPLES_DIR / example))
    submitted = service.submit(assessor, stored.assessment_id, expected_version=stored.version)
    for section in REVIEWABLE_SECTIONS:
        service.record_verdict(dpo, stored.assessment_id, section=section, verdict="acceptable")
    service.record_verdict(dpo, stored.assessment_id, section=None, verdict="favourable", kind="opinion")
    return service.sign_off(dpo, stored.assessment_id, expected_version=submitted.version)


def completed(assessment, recommended=None):
    """The assessment with what submission asks beyond the options (engine.completeness): the need, the
    legitimate aim, a conclusion, the proportionality statement with its review date and the DPIA's parts
    (the data subjects' views, every option's feared events rated; asked only where a DPIA is due). The
    options are otherwise left as they are; give them an alternative (or a reason) and answered gates for a
    complete assessment."""
    import datetime as dt

    assessment.need.problem_statement = "Thefts from cars on levels -1 and -2, 40 reported in 2025."
    assessment.need.legitimate_aim = "Preventing thefts from cars in the municipal car park."
    recommended = recommended or assessment.options[0].key
    assessment.decision.conclusion = "recommend_option"
    assessment.decision.recommended_option = recommended
    assessment.proportionality.statement = "The measure is limited to the two levels where the thefts happen."
    assessment.proportionality.review_date = dt.date(2027, 6, 30)
    return with_dpia(assessment)


def with_dpia(assessment, events=("illegitimate_access", "unwanted_modification", "data_disappearance")):
    """The assessment with the parts of a DPIA: the data subjects' views, and each option's feared events rated."""
    assessment.data_subject_views = DataSubjectViews(sought=True, views="A public meeting with the residents' council.")
    for option in assessment.options:
        for event in events:
            option.feared_events.setdefault(event, FearedEventRating(severity_before=3, likelihood_before=3, severity_after=2, likelihood_after=1))
    return assessment
