"""The commitments that follow from the decision (services/action_plan): one planned item
per configuration and obligation of the recommended option, worded in the assessment's
language, never twice."""

from secu4all_ethics.domain.assessment import ActionItem
from secu4all_ethics.services.action_plan import missing_commitments
from tests.builders import make_assessment

TECHNOLOGY = "cctv_control_room"


def recommending(bundle, language="fr"):
    assessment = make_assessment(bundle, [TECHNOLOGY], language=language)
    technology = bundle.technologies_by_id[TECHNOLOGY]
    assessment.options[0].configurations = [technology.configurations[0].id]
    assessment.decision.conclusion = "recommend_option"
    assessment.decision.recommended_option = TECHNOLOGY
    return assessment, technology.configurations[0]


def test_each_configuration_and_obligation_becomes_a_commitment_in_the_documents_language(bundle):
    assessment, configuration = recommending(bundle)
    obligation = bundle.legal.obligations[0]
    items = missing_commitments(assessment, bundle, [obligation.id])
    assert items == [
        ActionItem(
            description=f"{configuration.name.get('fr')}: {configuration.description.get('fr')}",
            origin="configuration",
            origin_ref=configuration.id,
        ),
        ActionItem(
            description=f"{obligation.name.get('fr')}: {obligation.description.get('fr')}",
            origin="obligation",
            origin_ref=obligation.id,
        ),
    ]
    assert all(item.status == "planned" and not item.owner for item in items)


def test_a_commitment_already_in_the_plan_is_not_proposed_again(bundle):
    assessment, configuration = recommending(bundle, language="en")
    obligation = bundle.legal.obligations[0]
    assessment.action_plan = [
        ActionItem(description="mine", origin="configuration", origin_ref=configuration.id),
        ActionItem(description="theirs", origin="obligation", origin_ref=obligation.id),
    ]
    assert missing_commitments(assessment, bundle, [obligation.id]) == []


def test_no_recommended_option_no_commitments(bundle):
    assessment, _ = recommending(bundle)
    assessment.decision.recommended_option = None
    assert missing_commitments(assessment, bundle, [bundle.legal.obligations[0].id]) == []
    assessment.decision.recommended_option = "no_such_option"
    assert missing_commitments(assessment, bundle, []) == []
