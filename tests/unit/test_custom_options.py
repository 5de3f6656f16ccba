"""An option the assessor describes (services/custom_options): every problem of the
form at once, a key from its name that is unique, and the option with its cost model."""

from secu4all_ethics.services.custom_options import custom_option, option_key

FORM = dict(
    name="  Café associatif de nuit ",
    description=" open late ",
    kind="alternative",
    intrusiveness=1,
    personal=False,
    biometric=False,
    audio=False,
    location=False,
    capital=0.0,
    operating=40000.0,
    staff=0.5,
    lifetime=5.0,
    scope=" two evenings a week ",
    rationale=" a quote ",
)


def test_a_key_from_the_name_is_ascii_unique_and_starts_with_a_letter():
    assert option_key("Café associatif de nuit", set()) == "cafe_associatif_de_nuit"
    assert option_key("Café associatif de nuit", {"cafe_associatif_de_nuit"}) == "cafe_associatif_de_nuit_2"
    assert option_key("Café", {"cafe", "cafe_2"}) == "cafe_3"
    assert option_key("24h patrols", set()) == "custom_24h_patrols"
    assert option_key("!!!", set()) == "option"
    assert len(option_key("x" * 200, set())) == 50


def test_a_complete_form_is_an_option_with_its_cost_model():
    option, problems = custom_option(FORM, {"anpr"})
    assert problems == []
    assert option.key == "cafe_associatif_de_nuit" and option.catalogue_id is None
    assert option.custom.name == "Café associatif de nuit" and option.custom.description == "open late"
    assert option.custom.kind == "alternative" and not option.custom.data_processed.personal
    assert option.cost_model.yearly_operating_cost_eur == 40000 and option.cost_model.scope.get("en") == "two evenings a week"
    assert option.cost_model.evidence_grade.value == "expert_judgement" and option.cost_model.rationale.get("fr") == "a quote"


def test_every_problem_of_the_form_is_said_at_once():
    _, problems = custom_option(dict(FORM, name=" ", audio=True, scope="", rationale=None), set())
    assert [(p.code, p.field) for p in problems] == [
        ("name", "name"),
        ("personal", "data.personal"),
        ("required", "scope"),
        ("required", "rationale"),
    ]


def test_what_the_model_refuses_is_named_by_its_field():
    option, problems = custom_option(dict(FORM, intrusiveness=9), set())
    assert option is None
    assert [(p.code, p.field) for p in problems] == [("invalid", "intrusiveness")] and problems[0].reason
