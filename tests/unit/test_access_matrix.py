"""Authorisation: every role against every action, allowed and refused, plus
the organisation, authorship and workshop rules."""

import pytest

from secu4all_ethics.services.access import ACTIONS, ROLES, AccessDenied, Target, authorize, role_allows
from secu4all_ethics.storage.audit import Actor

# The expected matrix, written out in full so a change to the rules is a
# visible change here. "Y" allowed on an assessment of the actor's own organisation.
MATRIX = {
    #                     assessor dpo facilitator participant admin
    "view_assessment": ("Y", "Y", "Y", "-", "Y"),
    "create_assessment": ("Y", "-", "Y", "-", "-"),
    "edit_assessment": ("Y", "-", "Y", "-", "-"),
    "submit_assessment": ("Y", "-", "-", "-", "-"),
    "delete_assessment": ("Y", "-", "-", "-", "Y"),
    "import_assessment": ("Y", "-", "-", "-", "Y"),
    "export_assessment": ("Y", "Y", "Y", "-", "Y"),
    "record_verdict": ("-", "Y", "-", "-", "-"),
    "sign_off": ("-", "Y", "-", "-", "-"),
    "create_workshop": ("-", "-", "Y", "-", "Y"),
    "run_workshop": ("-", "-", "Y", "-", "Y"),
    "reveal_workshop": ("-", "-", "Y", "-", "Y"),
    "delete_workshop": ("-", "-", "Y", "-", "Y"),
    "manage_users": ("-", "-", "-", "-", "Y"),
    "verify_audit": ("-", "-", "-", "-", "Y"),
}
TARGET = Target(organisation="Nice", owner="someone else", authors=frozenset({"someone else"}))


def actor(role, name="Ada", organisation="Nice"):
    return Actor(name=name, role=role, organisation=organisation, authenticated=True)


def test_matrix_covers_every_action_and_role():
    assert set(MATRIX) == set(ACTIONS)
    assert len(ROLES) == 5


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_against_action(role, role_index, action):
    allowed = MATRIX[action][role_index] == "Y"
    # participants act only inside workshops: outside one they may do nothing
    if allowed:
        authorize(actor(role), action, TARGET)
    else:
        with pytest.raises(AccessDenied):
            authorize(actor(role), action, TARGET)


@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
@pytest.mark.parametrize("action", ACTIONS)
def test_what_a_screen_offers_a_role_is_the_matrix(role, role_index, action):
    # Screens disable what a role may never do: what the matrix allows is offered, and
    # what is not offered is refused on every target (also inside a workshop).
    if MATRIX[action][role_index] == "Y":
        assert role_allows(role, action)
    if not role_allows(role, action):
        for target in (TARGET, Target(organisation=TARGET.organisation, workshop_id="w", owner="someone")):
            with pytest.raises(AccessDenied, match="may not"):
                authorize(actor(role), action, target)
    assert not role_allows("no_such_role", action)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_acts_on_another_organisation(role):
    for action in ACTIONS:
        with pytest.raises(AccessDenied):
            authorize(actor(role, organisation="Riga"), action, TARGET)


def test_a_dpo_cannot_review_or_sign_what_they_authored():
    authored = Target(organisation="Nice", owner="Bea", authors=frozenset({"Bea", "Ada"}))
    for action in ("record_verdict", "sign_off"):
        with pytest.raises(AccessDenied, match="they authored"):
            authorize(actor("dpo", "Ada"), action, authored)
        authorize(actor("dpo", "Carl"), action, authored)


def test_the_own_work_rule_compares_identities_not_display_names_nor_case():
    authored = Target(organisation="Nice", owner="ada.l", authors=frozenset({"ada.l", "Bea  Berg"}))
    for action in ("record_verdict", "sign_off"):
        # the same sign-in name, whatever display name it carries, typed in another case or spacing
        for name in ("ada.l", "ADA.L", "bea berg", " Bea Berg "):
            with pytest.raises(AccessDenied, match="they authored"):
                authorize(Actor(name=name, role="dpo", organisation="Nice", authenticated=True, display_name="Dora"), action, authored)
        # a display name equal to an author's name is not that author's identity
        authorize(Actor(name="dora", role="dpo", organisation="Nice", authenticated=True, display_name="ada.l"), action, authored)


def test_workshop_participants_see_only_their_own_until_the_reveal():
    hidden = Target(organisation="Nice", owner="Bea", workshop_id="w1", workshop_revealed=False)
    revealed = Target(organisation="Nice", owner="Bea", workshop_id="w1", workshop_revealed=True)
    authorize(actor("participant", "Bea"), "view_assessment", hidden)
    authorize(actor("participant", "Bea"), "edit_assessment", hidden)
    with pytest.raises(AccessDenied, match="after the reveal"):
        authorize(actor("participant", "Carl"), "view_assessment", hidden)
    authorize(actor("participant", "Carl"), "view_assessment", revealed)
    with pytest.raises(AccessDenied, match="only their own"):
        authorize(actor("participant", "Carl"), "edit_assessment", revealed)
    authorize(actor("participant", "Carl"), "create_assessment", Target(organisation="Nice", owner="Carl", workshop_id="w1"))
    authorize(actor("facilitator"), "view_assessment", hidden)
    for role in ("assessor", "dpo"):
        with pytest.raises(AccessDenied):
            authorize(actor(role), "view_assessment", hidden)


def test_a_participant_cannot_create_outside_a_workshop():
    with pytest.raises(AccessDenied, match="inside a workshop"):
        authorize(actor("participant"), "create_assessment")


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_every_refusal_is_told_in_the_screens_language(language):
    from secu4all_ethics.i18n import t
    from secu4all_ethics.services.access import DENIALS

    for code in DENIALS:
        for action in ACTIONS:
            denial = AccessDenied(code, role="participant", action=action)
            text = denial.describe(language)
            assert "{" not in text and text
            if code == "role_may_not":
                assert t("role.participant", language) in text and t(f"access.action.{action}", language) in text
    assert str(AccessDenied("role_may_not", role="assessor", action="sign_off")) == "an assessor may not sign off"
