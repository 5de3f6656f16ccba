"""The engine's warnings (a code, the option it concerns, parameters) as sentences."""

from __future__ import annotations

from ..content.bundle import ContentBundle
from ..engine.results import EngineWarning
from ..i18n import format_number, t
from .names import ResultNames
from .text import list_separator


def warning_message(warning: EngineWarning, names: ResultNames, bundle: ContentBundle, language: str) -> str:
    code, params = warning.code, warning.params
    option = names.options.get(warning.option or "", warning.option or "")
    if code == "ahp_inconsistent":
        # The items are criteria or pillars: named as the user reads them, never by id.
        items = names.pillars | names.criteria
        pairs = list_separator(language).join(t("wording.warning.ahp_pair", language, a=items.get(a, a), b=items.get(b, b)) for a, b in params["pairs"])
        return t("wording.warning.ahp_inconsistent", language, ratio=format_number(params["ratio"], language), pairs=pairs)
    if code == "framework_version_differs":
        return t("wording.warning.framework_version_differs", language, recorded=params["recorded"], current=params["current"])
    if code in ("gate_from_catalogue_hint", "gate_hint_overridden", "gate_override_unjustified"):
        values = {"answer": t(f"gate.answer.{params['answer']}", language)} if "answer" in params else {}
        return t(f"wording.warning.{code}", language, option=option, gate=names.gate(params["gate"]), **values)
    if code == "option_not_placed":
        what = []
        if params["criteria"]:
            what.append(t("wording.warning.missing_scores", language, criteria=", ".join(names.criteria[c] for c in params["criteria"])))
        if params["gates"]:
            what.append(t("wording.warning.unanswered_gates", language, gates=", ".join(names.gate(g) for g in params["gates"])))
        return t("wording.warning.option_not_placed", language, option=option, what=list_separator(language).join(what))
    if code == "no_less_intrusive_alternative":
        return t("wording.warning.no_alternative_with_reason" if params["reason_given"] else "wording.warning.no_alternative", language)
    if code == "below_status_quo":
        return t("wording.warning.below_status_quo", language, option=option, status_quo=names.options[params["status_quo"]])
    if code == "configuration_capped_by_anchor":
        criterion = bundle.criteria[warning.criterion or ""]
        anchor = criterion.anchors[params["raised"]].get(language)
        return t(f"wording.warning.{code}", language, option=option, criterion=names.criteria[criterion.id], anchor=anchor, **params)
    if code == "prohibited_category_ranked":
        category = next(info.name.get(language) for info in bundle.legal.ai_act_categories if info.category.value == params["category"])
        return t("wording.warning.prohibited_category_ranked", language, option=option, category=category)
    if code == "vendor_answer_contradicts":
        question = next((q.title.get(language) for q in bundle.tender_questions if q.id == params["question"]), params["question"])
        subject = names.gate(params["gate"]) if "gate" in params else names.criteria.get(warning.criterion or "", warning.criterion or "")
        key = "wording.warning.vendor_answer_contradicts_gate" if "gate" in params else "wording.warning.vendor_answer_contradicts"
        vendor = params["vendor"] or t("wording.warning.vendor_unnamed", language)
        return t(key, language, option=option, question=question, vendor=vendor, what=subject)
    return t(f"wording.warning.{code}", language)  # content_changed, and any code without parameters
