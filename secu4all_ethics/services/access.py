"""Who may do what. Enforced here, in the service layer, on every call: a
hidden button is a courtesy, this is the rule."""

from __future__ import annotations

from dataclasses import dataclass

from ..storage.audit import Actor

ROLES = ("assessor", "dpo", "facilitator", "participant", "admin")

ACTIONS = (
    "view_assessment",
    "create_assessment",
    "edit_assessment",
    "submit_assessment",
    "delete_assessment",
    "import_assessment",
    "export_assessment",
    "record_verdict",
    "sign_off",
    "create_workshop",
    "run_workshop",
    "reveal_workshop",
    "delete_workshop",
    "manage_users",
    "verify_audit",
)

ALLOWED: dict[str, frozenset[str]] = {
    "assessor": frozenset(
        {"view_assessment", "create_assessment", "edit_assessment", "submit_assessment", "delete_assessment", "import_assessment", "export_assessment"}
    ),
    "dpo": frozenset({"view_assessment", "export_assessment", "record_verdict", "sign_off"}),
    "facilitator": frozenset(
        {
            "view_assessment",
            "create_assessment",
            "edit_assessment",
            "export_assessment",
            "create_workshop",
            "run_workshop",
            "reveal_workshop",
            "delete_workshop",
        }
    ),
    "participant": frozenset({"view_assessment", "create_assessment", "edit_assessment", "export_assessment"}),
    # An admin may also run (or close) a workshop of their organisation, as the facilitator would.
    "admin": frozenset(
        {
            "view_assessment",
            "delete_assessment",
            "export_assessment",
            "import_assessment",
            "manage_users",
            "verify_audit",
            "create_workshop",
            "run_workshop",
            "reveal_workshop",
            "delete_workshop",
        }
    ),
}

# Workshop submissions are individual opinions: only their author, the
# workshop's facilitators and admins see them (participants see each other's
# after the reveal).
WORKSHOP_READERS = frozenset({"facilitator", "admin"})


# The refusals, in English for logs and the command line; the screens show them in their
# language from the catalog keys access.denied.<code>, with the role and action named there too.
DENIALS = {
    "unknown_role": "unknown role {role!r}",
    "role_may_not": "{article} {role} may not {action}",
    "participant_outside_workshop": "a workshop participant creates assessments only inside a workshop",
    "other_organisation": "this belongs to another organisation",
    "own_work": "nobody may review or approve an assessment they authored",
    "before_reveal": "other participants' submissions are visible only after the reveal",
    "not_own_submission": "a participant may change only their own submission",
    "workshop_readers": "workshop submissions are visible to their author, the facilitators and admins",
    "participant_outside_workshops": "a workshop participant sees only workshop submissions",
    "workshop_not_revealed": "a round's results are shown only once the facilitator has revealed it",
    "workshop_closed": "this workshop is closed or has expired, and its participants' data has been deleted",
    "workshop_unknown_code": "no open workshop has this code",
    "participant_token": "this link does not belong to a participant of this workshop",
    "workshop_phase": "this cannot be done in the workshop's current phase",
    "workshop_full": "this workshop has as many participants as it can take",
    "pseudonym_taken": "another participant already uses this pseudonym",
    "scores_fixed": "in this workshop the scores are the card's and cannot be changed",
}


class AccessDenied(Exception):
    """A refusal with its reason: str() in English, describe(language) for the screens."""

    def __init__(self, code: str, *, role: str = "", action: str = ""):
        self.code, self.role, self.action = code, role, action
        article = "an" if role[:1] in ("a", "e", "i", "o", "u") else "a"
        super().__init__(DENIALS[code].format(role=role, action=action.replace("_", " "), article=article))

    def describe(self, language: str) -> str:
        from ..i18n import t

        role = t(f"role.{self.role}", language) if self.role in ROLES else self.role
        action = t(f"access.action.{self.action}", language) if self.action in ACTIONS else self.action
        return t(f"access.denied.{self.code}", language, role=role, action=action)


@dataclass(frozen=True)
class Target:
    """What an action is done to, as far as the rules need to know."""

    organisation: str
    owner: str | None = None
    workshop_id: str | None = None
    workshop_revealed: bool = False
    authors: frozenset[str] = frozenset()


def _identity(name: str) -> str:
    return " ".join(name.split()).casefold()


def role_allows(role: str, action: str) -> bool:
    """Whether a role may do action at all, before any assessment is named: screens show
    controls a role may never use as disabled. authorize() still decides every call."""
    return action in ALLOWED.get(role, frozenset())


def is_author(actor: Actor, authors: frozenset[str]) -> bool:
    """Whether actor wrote the assessment. Identities are compared (the sign-in name, never the
    display name), ignoring case and spacing so "ada  lovelace" is Ada Lovelace. A name typed in
    sign-in mode none proves nothing: reports say such a review could not be checked."""
    return _identity(actor.name) in {_identity(author) for author in authors}


def authorize(actor: Actor, action: str, target: Target | None = None) -> None:
    """Raise AccessDenied, with the reason, unless actor may do action to target."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if actor.role not in ALLOWED:
        raise AccessDenied("unknown_role", role=actor.role)
    if action not in ALLOWED[actor.role]:
        raise AccessDenied("role_may_not", role=actor.role, action=action)
    if target is None:
        if actor.role == "participant" and action == "create_assessment":
            raise AccessDenied("participant_outside_workshop")
        return
    if target.organisation != actor.organisation:
        raise AccessDenied("other_organisation")
    if action in ("record_verdict", "sign_off") and is_author(actor, target.authors):
        raise AccessDenied("own_work")
    if target.workshop_id is not None:
        own = target.owner == actor.name
        if actor.role == "participant":
            if action == "view_assessment" and not (own or target.workshop_revealed):
                raise AccessDenied("before_reveal")
            if action != "view_assessment" and not own:
                raise AccessDenied("not_own_submission")
        elif actor.role not in WORKSHOP_READERS:
            raise AccessDenied("workshop_readers")
    elif actor.role == "participant":
        raise AccessDenied("participant_outside_workshops")
