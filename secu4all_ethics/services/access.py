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
    "reveal_workshop",
    "delete_workshop",
    "manage_users",
    "verify_audit",
)

ALLOWED: dict[str, frozenset[str]] = {
    "assessor": frozenset(
        {"view_assessment", "create_assessment", "edit_assessment", "submit_assessment", "delete_assessment",
         "import_assessment", "export_assessment"}
    ),
    "dpo": frozenset({"view_assessment", "export_assessment", "record_verdict", "sign_off"}),
    "facilitator": frozenset(
        {"view_assessment", "create_assessment", "edit_assessment", "export_assessment", "create_workshop",
         "reveal_workshop", "delete_workshop"}
    ),
    "participant": frozenset({"view_assessment", "create_assessment", "edit_assessment", "export_assessment"}),
    "admin": frozenset({"view_assessment", "delete_assessment", "export_assessment", "import_assessment", "manage_users", "verify_audit"}),
}

# Workshop submissions are individual opinions: only their author, the
# workshop's facilitators and admins see them (participants see each other's
# after the reveal).
WORKSHOP_READERS = frozenset({"facilitator", "admin"})


class AccessDenied(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """What an action is done to, as far as the rules need to know."""

    organisation: str
    owner: str | None = None
    workshop_id: str | None = None
    workshop_revealed: bool = False
    authors: frozenset[str] = frozenset()


def authorize(actor: Actor, action: str, target: Target | None = None) -> None:
    """Raise AccessDenied, with the reason, unless actor may do action to target."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if actor.role not in ALLOWED:
        raise AccessDenied(f"unknown role {actor.role!r}")
    if action not in ALLOWED[actor.role]:
        article = "an" if actor.role[0] in "aeiou" else "a"
        raise AccessDenied(f"{article} {actor.role} may not {action.replace('_', ' ')}")
    if target is None:
        if actor.role == "participant" and action == "create_assessment":
            raise AccessDenied("a workshop participant creates assessments only inside a workshop")
        return
    if target.organisation != actor.organisation:
        raise AccessDenied("this belongs to another organisation")
    if action in ("record_verdict", "sign_off") and actor.name in target.authors:
        raise AccessDenied("nobody may review or approve an assessment they authored")
    if target.workshop_id is not None:
        own = target.owner == actor.name
        if actor.role == "participant":
            if action == "view_assessment" and not (own or target.workshop_revealed):
                raise AccessDenied("other participants' submissions are visible only after the reveal")
            if action != "view_assessment" and not own:
                raise AccessDenied("a participant may change only their own submission")
        elif actor.role not in WORKSHOP_READERS:
            raise AccessDenied("workshop submissions are visible to their author, the facilitators and admins")
    elif actor.role == "participant":
        raise AccessDenied("a workshop participant sees only workshop submissions")
