"""Who may do what in a workshop: a participant proves who they are with their token only, sees
nobody's input before the reveal, reaches no facilitator action and no other workshop; closed and
expired workshops take nobody; the audit log keeps counts, never a pseudonym or a weight."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from secu4all_ethics.domain.workshop import ParticipantInput, WorkshopSettings
from secu4all_ethics.services.access import AccessDenied
from secu4all_ethics.services.workshops import WorkshopService
from secu4all_ethics.storage.audit import Actor

FACILITATOR = Actor(name="Fay", role="facilitator", organisation="Nice", authenticated=True)
# Pseudonyms and weights nobody else would write, so finding them anywhere is a leak.
PSEUDONYMS = ("Zephyrine", "Quillon", "Marbleux")
WEIGHTS = {"Zephyrine": (7.25, 3.5, 1.75, 6.125), "Quillon": (2.375, 8.625, 4.5, 1.25), "Marbleux": (5.875, 0.625, 9.375, 3.125)}
PILLARS = ("effectiveness", "privacy", "legality", "cost")


def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(AccessDenied) as refused:
        call(*args, **kwargs)
    return refused.value.code


@pytest.fixture
def workshops(storage, bundle):
    return WorkshopService(storage, bundle=bundle)


def new_workshop(workshops, actor=FACILITATOR, **changes):
    card_id = sorted(workshops.cards)[0]
    values = dict(name="Module 3", card_id=card_id, language="en", rounds=2, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=3))
    return workshops.create(actor, WorkshopSettings.model_validate(values | changes))


@pytest.fixture
def running(workshops):
    """A workshop in round 1 where the three participants have submitted."""
    created = new_workshop(workshops)
    tokens = {name: workshops.join(created.join_code, name).token for name in PSEUDONYMS}
    workshops.set_phase(FACILITATOR, created.id, "round_1")
    for name, token in tokens.items():
        workshops.save_input(token, 1, ParticipantInput(weights=dict(zip(PILLARS, WEIGHTS[name], strict=True))), submit=True)
    return created, tokens


def test_no_one_reads_a_submission_before_the_reveal(workshops, running):
    created, tokens = running
    for reader in ({"token": tokens["Quillon"]}, {"actor": FACILITATOR}):
        assert refusal(workshops.round_outcome, created.id, 1, **reader) == "workshop_not_revealed"
        assert refusal(workshops.round_change, created.id, **reader) == "workshop_not_revealed"
    assert refusal(workshops.group_median, tokens["Quillon"]) == "workshop_not_revealed"
    # What each may see: their own input, and counts.
    own = workshops.participant(tokens["Quillon"])
    assert own.pseudonym == "Quillon" and list(own.inputs) == [1]
    assert own.inputs[1].weights == dict(zip(PILLARS, WEIGHTS["Quillon"], strict=True))
    view = workshops.view(FACILITATOR, created.id)
    assert (view.joined, view.submitted) == (3, {1: 3, 2: 0})
    assert not any(name in repr(view) for name in PSEUDONYMS)
    workshops.set_phase(FACILITATOR, created.id, "reveal_1")
    outcome = workshops.round_outcome(created.id, 1, token=tokens["Quillon"])
    assert [p.pseudonym for p in outcome.participants] == sorted(PSEUDONYMS)


def test_the_refusal_is_worded_in_every_language(workshops, running):
    created, tokens = running
    with pytest.raises(AccessDenied) as refused:
        workshops.round_outcome(created.id, 1, token=tokens["Quillon"])
    texts = {language: refused.value.describe(language) for language in ("en", "fr", "de", "it")}
    assert texts["en"] == "a round's results are shown only once the facilitator has revealed it"
    assert len(set(texts.values())) == 4 and not any(text.startswith("access.") for text in texts.values())


@pytest.mark.parametrize("role", ["participant", "assessor", "dpo"])
def test_only_a_facilitator_or_admin_of_the_organisation_runs_a_workshop(workshops, running, role):
    created, _tokens = running
    someone = Actor(name="Zephyrine", role=role, organisation="Nice", authenticated=True)
    assert refusal(new_workshop, workshops, someone) == "role_may_not"
    facilitator_actions = (
        lambda: workshops.view(someone, created.id),
        lambda: workshops.list_workshops(someone),
        lambda: workshops.set_phase(someone, created.id, "reveal_1"),
        lambda: workshops.set_timer(someone, created.id, 5),
        lambda: workshops.set_conclusion(someone, created.id, "mine"),
        lambda: workshops.close(someone, created.id),
        lambda: workshops.round_outcome(created.id, 1, actor=someone),
    )
    for action in facilitator_actions:
        assert refusal(action) == "role_may_not"
    elsewhere = Actor(name="Rui", role="facilitator", organisation="Riga", authenticated=True)
    assert refusal(workshops.set_phase, elsewhere, created.id, "reveal_1") == "other_organisation"
    assert refusal(workshops.close, elsewhere, created.id) == "other_organisation"
    assert workshops.view(FACILITATOR, created.id).phase == "round_1" and workshops.view(FACILITATOR, created.id).joined == 3
    admin = Actor(name="Ida", role="admin", organisation="Nice", authenticated=True)
    assert workshops.set_phase(admin, created.id, "reveal_1").phase == "reveal_1"


def test_nobody_joins_a_closed_or_expired_workshop(workshops, storage, running):
    created, tokens = running
    expiring = new_workshop(workshops)
    with storage.transaction() as session:
        session.execute(text("UPDATE workshops SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = :id"), {"id": expiring.id})
    # Expired but not yet purged: refused all the same, and its participants' links stop working.
    assert workshops.join_info(expiring.join_code).open_to_join is False
    assert refusal(workshops.join, expiring.join_code, "Late") == "workshop_closed"
    workshops.close(FACILITATOR, created.id)
    assert workshops.join_info(created.join_code).open_to_join is False
    assert refusal(workshops.join, created.join_code, "Late") == "workshop_closed"
    assert refusal(workshops.participant, tokens["Quillon"]) == "participant_token"  # deleted with its data
    assert refusal(workshops.join, "ZZZZZZ", "Late") == "workshop_unknown_code"


def test_a_pseudonym_is_taken_once_whatever_its_case_and_spacing(workshops, running):
    created, tokens = running
    assert refusal(workshops.join, created.join_code, "  zephyrine ") == "pseudonym_taken"
    assert refusal(workshops.rename, tokens["Quillon"], "ZEPHYRINE") == "pseudonym_taken"
    assert refusal(workshops.rename, tokens["Quillon"], " MarBleux") == "pseudonym_taken"
    assert workshops.participant(tokens["Quillon"]).pseudonym == "Quillon"
    assert workshops.rename(tokens["Quillon"], "Quill").pseudonym == "Quill"


def test_a_token_of_one_workshop_gives_nothing_in_another(workshops, running):
    created, tokens = running
    other = new_workshop(workshops)
    other_token = workshops.join(other.join_code, "Stranger").token
    workshops.set_phase(FACILITATOR, created.id, "reveal_1")
    assert workshops.round_outcome(created.id, 1, token=tokens["Quillon"]).round == 1
    assert refusal(workshops.round_outcome, created.id, 1, token=other_token) == "participant_token"
    assert refusal(workshops.round_change, created.id, token=other_token) == "participant_token"
    # A participant's token is theirs: it reaches their own view only.
    assert workshops.participant(other_token).workshop.workshop_id == other.id


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 32])
def test_a_wrong_token_is_refused(workshops, running, token):
    created, _tokens = running
    answer = ParticipantInput(weights=dict.fromkeys(PILLARS, 1.0))
    assert refusal(workshops.participant, token) == "participant_token"
    assert refusal(workshops.save_input, token, 1, answer, submit=True) == "participant_token"
    assert refusal(workshops.rename, token, "Someone") == "participant_token"
    assert refusal(workshops.group_median, token) == "participant_token"
    assert refusal(workshops.round_outcome, created.id, 1, token=token) == "participant_token"
    assert refusal(workshops.round_outcome, created.id, 1) == "participant_token"


def test_the_audit_log_after_close_holds_no_pseudonym_and_no_weight(workshops, storage, running):
    created, _tokens = running
    workshops.set_phase(FACILITATOR, created.id, "reveal_1")
    workshops.close(FACILITATOR, created.id)
    with storage.transaction() as session:
        rows = [" ".join(str(value) for value in row) for row in session.execute(text("SELECT * FROM audit_log"))]
        leftovers = [" ".join(str(value) for value in row) for row in session.execute(text("SELECT * FROM workshops"))]
    assert any("workshop_close" in row for row in rows)
    written = " ".join(rows + leftovers)
    assert not [name for name in PSEUDONYMS if name in written]
    # A weight standing alone (a timestamp's seconds may hold the same digits, inside a longer number).
    assert not [weight for values in WEIGHTS.values() for weight in values if re.search(rf"(?<![\d.]){re.escape(str(weight))}(?![\d])", written)]


def test_in_sign_in_mode_none_the_facilitator_is_recorded_as_unauthenticated(workshops, storage):
    typed_name = Actor(name="Fay", role="facilitator", organisation="Nice", authenticated=False)
    created = new_workshop(workshops, typed_name)
    assert created.facilitator_authenticated is False
    with storage.transaction() as session:
        assert session.execute(text("SELECT actor_authenticated FROM audit_log")).scalar_one() in (False, 0)
