"""4 Weights: how much each criterion counts, set by one of six methods.

The page only collects the assessor's inputs (numbers, points, a ranking,
swings, pairwise comparisons, pillar shares) and saves them; the normalised
weights, the pillar totals and the AHP consistency ratio all come from the
engine through evaluation() (drawn by charts/weights), and the settings a
newly chosen method starts from come from services/weight_settings.
"""

import itertools
import math

import streamlit as st

from secu4all_ethics.charts.weights import weights_chart
from secu4all_ethics.domain.assessment import (
    AhpWeights,
    Assessment,
    DirectWeights,
    HierarchicalWeights,
    PairwiseJudgement,
    PointsWeights,
    RankingWeights,
    SwingWeights,
)
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_number, format_percent, t
from secu4all_ethics.services import weight_settings
from secu4all_ethics.services.weight_settings import CONSISTENCY_THRESHOLD, METHODS, judgement_position, judgement_value
from secu4all_ethics.ui import fields
from secu4all_ethics.ui.charts import show_chart
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    autosave,
    content_or_stop,
    current_language,
    open_document,
    save_status,
    widget_key,
)
from secu4all_ethics.ui.evaluation import WeightError, evaluation, weight_error_text
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()

REVISION = "weights_revision"
PILLARS = [pillar.id for pillar in bundle.framework.pillars]
PILLAR_NAMES = {pillar.id: pillar.name.get(language) for pillar in bundle.framework.pillars}
CRITERIA = list(bundle.criterion_ids)
CRITERION_NAMES = {c.id: c.name.get(language) for c in bundle.framework.criteria}
MEMBERS = {p: [c.id for c in bundle.framework.criteria if c.pillar == p] for p in PILLARS}
# Positions on the pairwise slider: 8 .. 1 means "the first item is 9 .. 2 times
# as important", 0 "equally important", -1 .. -8 "the second item is 2 .. 9 times".
POSITIONS = list(range(8, -9, -1))


# --- keys and saving -------------------------------------------------------------------


def key(name: str) -> str:
    """A widget key; the revision changes when a whole set of values is replaced
    (new method, preset, scope), so every widget starts again from the saved document."""
    return widget_key(f"weights.r{st.session_state.get(REVISION, 0)}.{name}")


def keys_as_drawn():
    """The key function of this run's widgets, for their callbacks. A callback runs in a later run,
    after other callbacks may have renamed the widgets (refresh()); it must read the widget that
    fired it, not a renamed one that does not exist yet."""
    drawn = key("")
    return lambda name: drawn + name


def refresh() -> None:
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1


def save(change) -> None:
    """Save a change; if it is refused, let the widgets show again what is saved."""
    before = open_document()
    autosave(change)
    if open_document() is before:
        refresh()


def initial(name: str, value) -> str:
    widget = key(name)
    if widget not in st.session_state:
        st.session_state[widget] = value
    return widget


def whole(value: float) -> int:
    return int(round(value))


# Only the proportions between the criteria count, so a range of 0-50 reaches any profile the
# catalogue offers (its largest weight is 26) with room to spare, and spreads the usual values
# (4-26) over half the track rather than the first fifth of a 0-100 one (issue #15 point 11).
SLIDER_TOP = 50


# The two names over an AHP slider share its width equally, whatever their lengths.
PAIR_NAMES_STYLE = "<style>[class*='st-key-ahp-names-'] > [data-testid='stElementContainer']{flex:1 1 0;min-width:0}</style>"


def top(values) -> int:
    """Sliders run 0-50, further only if a saved (imported) value is larger."""
    return max(SLIDER_TOP, math.ceil(max(values, default=0)))


# --- the engine's view of the weights --------------------------------------------------


def engine_result(document: Assessment):
    """(result, error message): the engine's evaluation, or why the weights cannot be used."""
    try:
        return evaluation(document, language, with_acceptability=False), None
    except (WeightError, ContentError) as error:
        return None, weight_error_text(error, language) if isinstance(error, WeightError) else str(error)


def current_weights(document: Assessment) -> tuple[dict[str, float], dict[str, float]]:
    """The engine's normalised criterion and pillar weights; the framework defaults if
    the current settings cannot be used."""
    result, _ = engine_result(document)
    if result is None:
        result, _ = engine_result(document.model_copy(update={"weights": DirectWeights()}))
    return result.weights, result.pillar_weights


def settings_for(method: str, document: Assessment):
    """New settings of another method, starting from the weights in use now."""
    return weight_settings.settings_for(method, *current_weights(document), bundle, document.weights.set_by)


def ahp_settings(scope: str, document: Assessment):
    return weight_settings.ahp_settings(scope, *current_weights(document), bundle, document.weights.set_by)


# --- widgets shared by several methods --------------------------------------------------


def by_pillar(render) -> None:
    """The criteria in a two-by-two grid of boxes, one box per pillar."""
    columns = st.columns(2)
    for index, pillar in enumerate(PILLARS):
        with columns[index % 2].container(border=True):
            st.markdown(f"**{PILLAR_NAMES[pillar]}**")
            for criterion in MEMBERS[pillar]:
                render(criterion)


def criterion_help(criterion: str) -> str:
    return bundle.criteria[criterion].description.get(language)


def within_pillar_weights(document: Assessment) -> AhpWeights | HierarchicalWeights:
    """The document's weights when their method has within-pillar shares; any other method is a bug here."""
    weights = document.weights
    if not isinstance(weights, (AhpWeights, HierarchicalWeights)):
        raise TypeError(f"the {weights.method} weighting method has no within-pillar shares")
    return weights


def ahp_weights(document: Assessment) -> AhpWeights:
    """The document's weights when they are pairwise (AHP) judgements; any other method is a bug here."""
    weights = document.weights
    if not isinstance(weights, AhpWeights):
        raise TypeError(f"the {weights.method} weighting method has no pairwise judgements")
    return weights


def within_pillar_editor(method: str, within: dict[str, float]) -> None:
    """Sliders for each criterion's share of its pillar."""
    values = {c: within.get(c, 0.0) for c in CRITERIA} if within else dict(bundle.default_weights)
    st.caption(t("weights.within.help", language))
    drawn = keys_as_drawn()

    def changed(criterion: str) -> None:
        value = st.session_state[drawn(f"{method}.within.{criterion}")]

        def change(a: Assessment) -> None:
            weights = within_pillar_weights(a)
            current = dict(weights.within_pillar) or dict(bundle.default_weights)
            current[criterion] = value
            weights.within_pillar = current

        save(change)

    def render(criterion: str) -> None:
        st.slider(
            CRITERION_NAMES[criterion],
            0,
            top(values.values()),
            key=initial(f"{method}.within.{criterion}", whole(values[criterion])),
            on_change=changed,
            args=(criterion,),
            help=criterion_help(criterion),
        )

    by_pillar(render)


# --- one section per method -------------------------------------------------------------


def direct_section(settings: DirectWeights) -> None:
    st.header(t("weights.direct.heading", language))
    standing_for_defaults = bundle.default_preset
    presets = {key: preset for key, preset in bundle.presets_by_id.items() if preset is not standing_for_defaults}
    choice = "custom" if settings.values else ("defaults" if settings.preset in (None, getattr(standing_for_defaults, "id", None)) else settings.preset)
    labels = {"defaults": t("weights.direct.defaults", language), "custom": t("weights.direct.custom", language)}
    if standing_for_defaults is not None:
        labels["defaults"] = standing_for_defaults.name.get(language)
    labels.update({p.id: p.name.get(language) for p in presets.values()})
    if settings.values:
        raw = {c: settings.values.get(c, 0.0) for c in CRITERIA}
    elif settings.preset in presets:
        raw = dict(presets[settings.preset].weights)
    else:
        raw = dict(bundle.default_weights)
    preset_key = initial("direct.preset", choice)
    drawn = keys_as_drawn()

    def preset_chosen() -> None:
        picked = st.session_state[preset_key]
        if picked == "custom":
            values = {c: st.session_state.get(drawn(f"direct.{c}"), whole(raw[c])) for c in CRITERIA}
            save(lambda a: setattr(a, "weights", DirectWeights(values=values, set_by=a.weights.set_by)))
        elif picked == "defaults":
            save(lambda a: setattr(a, "weights", DirectWeights(set_by=a.weights.set_by)))
        else:
            save(lambda a: setattr(a, "weights", DirectWeights(preset=picked, set_by=a.weights.set_by)))
        refresh()

    st.selectbox(
        t("weights.direct.preset", language),
        ["defaults", *presets, "custom"],
        key=preset_key,
        format_func=labels.__getitem__,
        on_change=preset_chosen,
        help=t("weights.direct.preset_help", language),
    )
    if choice in presets:
        st.info(presets[choice].rationale.get(language), icon=":material/lightbulb:")
    elif choice == "defaults":
        note = standing_for_defaults.rationale.get(language) if standing_for_defaults is not None else t("weights.direct.defaults_note", language)
        st.info(note, icon=":material/lightbulb:")
    else:
        st.caption(t("weights.direct.custom_note", language))
    st.caption(t("weights.direct.sliders_help", language))

    def moved() -> None:
        values = {c: st.session_state.get(drawn(f"direct.{c}"), raw[c]) for c in CRITERIA}
        st.session_state[preset_key] = "custom"
        save(lambda a: setattr(a, "weights", DirectWeights(values=values, set_by=a.weights.set_by)))

    def render(criterion: str) -> None:
        st.slider(
            CRITERION_NAMES[criterion],
            0,
            top(raw.values()),
            key=initial(f"direct.{criterion}", whole(raw[criterion])),
            on_change=moved,
            help=criterion_help(criterion),
        )

    by_pillar(render)


def points_section(settings: PointsWeights) -> None:
    st.header(t("weights.points.heading", language))
    st.caption(t("weights.points.help", language))
    points = {c: settings.points.get(c, 0.0) for c in CRITERIA}
    left = 100 - sum(points.values())
    if abs(left) < 1e-9:
        st.success(t("weights.points.done", language), icon=":material/check_circle:")
    elif left > 0:
        st.warning(t("weights.points.left", language, count=round(left), points=format_number(left, language, 0)), icon=":material/pie_chart:")
    else:
        st.warning(t("weights.points.over", language, count=round(-left), points=format_number(-left, language, 0)), icon=":material/pie_chart:")

    drawn = keys_as_drawn()

    def changed(criterion: str) -> None:
        value = st.session_state[drawn(f"points.{criterion}")]
        save(lambda a: a.weights.points.__setitem__(criterion, float(value)))

    def render(criterion: str) -> None:
        st.number_input(
            CRITERION_NAMES[criterion],
            min_value=0,
            step=1,
            key=initial(f"points.{criterion}", whole(points[criterion])),
            on_change=changed,
            args=(criterion,),
            help=criterion_help(criterion),
        )

    by_pillar(render)


def ranking_section(settings: RankingWeights) -> None:
    st.header(t("weights.roc.heading", language))
    st.caption(t("weights.roc.help", language))
    rank = weight_settings.ranking_positions(settings.ranking)
    count = len(CRITERIA)
    drawn = keys_as_drawn()

    def changed() -> None:
        numbers = {c: st.session_state.get(drawn(f"roc.{c}"), rank.get(c, count)) for c in CRITERIA}
        groups = weight_settings.ranking_from_positions(numbers, CRITERIA)
        save(lambda a: setattr(a, "weights", RankingWeights(method="roc", ranking=groups, set_by=a.weights.set_by)))

    def render(criterion: str) -> None:
        st.number_input(
            CRITERION_NAMES[criterion],
            min_value=1,
            max_value=count,
            step=1,
            key=initial(f"roc.{criterion}", min(rank.get(criterion, count), count)),
            on_change=changed,
            help=criterion_help(criterion),
        )

    by_pillar(render)
    order = " › ".join(" = ".join(CRITERION_NAMES.get(c, c) for c in group) for group in settings.ranking)
    st.markdown(f"**{t('weights.roc.order', language)}** {order}")


def swing_section(settings: SwingWeights) -> None:
    st.header(t("weights.swing.heading", language))
    st.caption(t("weights.swing.help", language))
    swings = {c: settings.swings.get(c, 0.0) for c in CRITERIA}
    drawn = keys_as_drawn()

    def changed(criterion: str) -> None:
        value = st.session_state[drawn(f"swing.{criterion}")]
        save(lambda a: a.weights.swings.__setitem__(criterion, float(value)))

    def render(criterion: str) -> None:
        st.slider(
            CRITERION_NAMES[criterion],
            0,
            100,
            key=initial(f"swing.{criterion}", min(100, whole(swings[criterion]))),
            on_change=changed,
            args=(criterion,),
            help=criterion_help(criterion),
        )

    by_pillar(render)


def strength(position: int) -> str:
    """The judgement in words, without the names: the arrow points to the more important item."""
    if position == 0:
        return t("weights.ahp.equal", language)
    level = t(f"weights.ahp.level.{abs(position) + 1}", language)
    return t("weights.ahp.left" if position > 0 else "weights.ahp.right", language, level=level, value=abs(position) + 1)


def judgement_text(a: str, b: str, value: float, names: dict[str, str]) -> str:
    """A judgement as a sentence with the names, for messages."""
    position = judgement_position(value)
    if position == 0:
        return t("weights.ahp.said_equal", language, a=names[a], b=names[b])
    first, second = (a, b) if position > 0 else (b, a)
    level = t(f"weights.ahp.level.{abs(position) + 1}", language)
    return t("weights.ahp.said", language, a=names[first], b=names[second], level=level, value=abs(position) + 1)


def set_judgement(a: str, b: str, value: float) -> None:
    def change(document: Assessment) -> None:
        weights = ahp_weights(document)
        kept = [j for j in weights.judgements if {j.a, j.b} != {a, b}]
        weights.judgements = [*kept, PairwiseJudgement(a=a, b=b, value=value)]

    save(change)


def apply_suggestion(a: str, b: str, value: float) -> None:
    set_judgement(a, b, weight_settings.snap(value))
    refresh()


def comparisons(scope: str) -> int:
    count = len(PILLARS if scope == "pillars" else CRITERIA)
    return count * (count - 1) // 2


def ahp_section(settings: AhpWeights, result) -> None:
    st.header(t("weights.ahp.heading", language))
    st.caption(t("weights.ahp.help", language))
    scope_key = initial("ahp.scope", settings.scope)

    def scope_chosen() -> None:
        scope = st.session_state[scope_key]
        save(lambda a: setattr(a, "weights", ahp_settings(scope, a)))
        refresh()

    st.radio(
        t("weights.ahp.scope", language),
        ["pillars", "criteria"],
        key=scope_key,
        horizontal=True,
        format_func=lambda scope: t(f"weights.ahp.scope.{scope}", language, count=comparisons(scope)),
        on_change=scope_chosen,
        help=t("weights.ahp.scope_help", language),
    )
    items = PILLARS if settings.scope == "pillars" else CRITERIA
    names = PILLAR_NAMES if settings.scope == "pillars" else CRITERION_NAMES
    given = {}
    for judgement in settings.judgements:
        given[(judgement.a, judgement.b)] = judgement.value
        given[(judgement.b, judgement.a)] = 1 / judgement.value
    drawn = keys_as_drawn()

    def changed(a: str, b: str) -> None:
        set_judgement(a, b, judgement_value(st.session_state[drawn(f"ahp.{a}.{b}")]))

    def pair(a: str, b: str) -> None:
        # Both names on one line above the slider, each over its own end: columns beside the slider
        # stack on a phone, where the right-hand name then stood above the slider and the left-hand
        # one below it (issue #15 point 12). A row that never wraps gives each name half the width
        # (PAIR_NAMES_STYLE), so a long name wraps between its words within its half.
        with st.container(key=f"ahp-names-{a}-{b}", horizontal=True, horizontal_alignment="distribute", vertical_alignment="bottom", wrap=False):
            st.markdown(f"**{names[a]}**")
            st.markdown(f"**{names[b]}**", text_alignment="right")
        st.select_slider(
            t("weights.ahp.pair", language, a=names[a], b=names[b]),
            POSITIONS,
            key=initial(f"ahp.{a}.{b}", judgement_position(given.get((a, b), 1.0))),
            format_func=strength,
            on_change=changed,
            args=(a, b),
            label_visibility="collapsed",
        )

    st.html(PAIR_NAMES_STYLE)
    pairs = list(itertools.combinations(items, 2))
    st.markdown(f"**{t('weights.ahp.compare', language, count=len(pairs))}**")
    if settings.scope == "pillars":
        with st.container(border=True):
            for a, b in pairs:
                pair(a, b)
    else:
        for a in items[:-1]:
            later = [b for b in items if items.index(b) > items.index(a)]
            with st.expander(t("weights.ahp.group", language, name=names[a], count=len(later))):
                for b in later:
                    pair(a, b)
    consistency(result, names)
    if settings.scope == "pillars":
        st.markdown(f"**{t('weights.ahp.within', language)}**")
        adjust_key = initial("ahp.adjust", bool(settings.within_pillar))

        def adjust_toggled() -> None:
            document = open_document()
            if document is None:  # the access check just failed and said so
                return
            if st.session_state[adjust_key]:
                weights, pillar_weights = current_weights(document)
                within = weight_settings.within_pillar_shares(weights, pillar_weights, bundle)
                save(lambda a: setattr(a.weights, "within_pillar", within))
            else:
                save(lambda a: setattr(a.weights, "within_pillar", {}))
            refresh()

        st.toggle(t("weights.ahp.adjust", language), key=adjust_key, on_change=adjust_toggled, help=t("weights.ahp.adjust_help", language))
        if settings.within_pillar:
            within_pillar_editor("ahp", settings.within_pillar)


def consistency(result, names: dict[str, str]) -> None:
    """The consistency ratio as the engine computed it, and the pair to revise first."""
    ahp = result.weighting.ahp if result is not None else None
    if ahp is None:
        return
    ratio, limit = format_number(ahp.consistency_ratio, language), format_number(CONSISTENCY_THRESHOLD, language)
    metric, message = st.columns([1, 3], vertical_alignment="center")
    metric.metric(t("weights.ahp.ratio", language), ratio, help=t("weights.ahp.ratio_help", language, limit=limit))
    with message:
        if ahp.acceptable:
            st.success(t("weights.ahp.consistent", language, ratio=ratio, limit=limit), icon=":material/check_circle:")
        else:
            worst = ahp.most_inconsistent_pairs[0]
            st.warning(
                "\n".join(
                    [
                        t("weights.ahp.inconsistent", language, ratio=ratio, limit=limit),
                        "",
                        "- " + t("weights.ahp.given", language, judgement=judgement_text(worst.a, worst.b, worst.given, names)),
                        "- " + t("weights.ahp.suggested", language, judgement=judgement_text(worst.a, worst.b, worst.suggested, names)),
                    ]
                ),
                icon=":material/warning:",
            )
            st.button(
                t("weights.ahp.apply", language),
                key=key(f"ahp.apply.{worst.a}.{worst.b}"),
                icon=":material/auto_fix_high:",
                on_click=apply_suggestion,
                args=(worst.a, worst.b, worst.suggested),
                help=t("weights.ahp.apply_help", language),
            )


def hierarchical_section(settings: HierarchicalWeights) -> None:
    st.header(t("weights.hierarchical.heading", language))
    st.caption(t("weights.hierarchical.help", language))
    pillars = {p: settings.pillars.get(p, 0.0) for p in PILLARS}
    drawn = keys_as_drawn()

    def changed(pillar: str) -> None:
        value = st.session_state[drawn(f"hierarchical.pillar.{pillar}")]
        save(lambda a: a.weights.pillars.__setitem__(pillar, float(value)))

    columns = st.columns(len(PILLARS))
    for column, pillar in zip(columns, PILLARS):
        with column:
            st.slider(
                PILLAR_NAMES[pillar],
                0,
                top(pillars.values()),
                key=initial(f"hierarchical.pillar.{pillar}", whole(pillars[pillar])),
                on_change=changed,
                args=(pillar,),
                help=bundle.framework.pillars[PILLARS.index(pillar)].description.get(language),
            )
    st.markdown(f"**{t('weights.hierarchical.within', language)}**")
    within_pillar_editor("hierarchical", settings.within_pillar)


# --- the page ---------------------------------------------------------------------------

st.title(t("weights.title", language))
st.caption(literal(assessment.title))
save_status()
st.write(t("weights.intro", language))

settings = assessment.weights
result, error = engine_result(assessment)

method_column, who_column = st.columns([3, 2], gap="large")
with method_column:
    method_key = initial("method", settings.method)

    def method_chosen() -> None:
        method = st.session_state[method_key]
        save(lambda a: setattr(a, "weights", settings_for(method, a)))
        refresh()

    st.radio(
        t("weights.method", language),
        METHODS,
        key=method_key,
        on_change=method_chosen,
        format_func=lambda method: t(f"weights.method.{method}", language),
        captions=[t(f"weights.method.{method}.help", language) for method in METHODS],
    )
with who_column:
    fields.text(
        "weights.set_by",
        t("weights.set_by", language),
        lambda a: a.weights.set_by,
        lambda a, value: setattr(a.weights, "set_by", value),
        help=t("weights.set_by_help", language),
    )
    st.caption(t("weights.switch_note", language))
    st.caption(t("weights.gates_note", language))

# Dispatch on the method's name rather than on the class: it also holds when the
# development server has reloaded the model classes under a document in the session.
if settings.method == "direct":
    direct_section(settings)
elif settings.method == "points":
    points_section(settings)
elif settings.method == "roc":
    ranking_section(settings)
elif settings.method == "swing":
    swing_section(settings)
elif settings.method == "ahp":
    ahp_section(settings, result)
else:
    hierarchical_section(settings)

st.header(t("weights.result", language))
if error is not None:
    st.error(t("weights.error", language, reason=error), icon=":material/error:")
else:
    source = result.weighting.source
    if source.startswith("preset:"):
        preset = bundle.presets_by_id.get(source.split(":", 1)[1])
        st.caption(t("weights.source.preset", language, name=preset.name.get(language) if preset else source))
    elif source in ("assessment", "framework_defaults"):
        st.caption(t(f"weights.source.{source}", language))

    st.markdown(f"**{t('weights.pillar_totals', language)}**")
    for column, pillar in zip(st.columns(len(PILLARS)), PILLARS):
        column.metric(PILLAR_NAMES[pillar], format_percent(result.pillar_weights[pillar], language))

    figure, table = weights_chart(result, bundle, language)
    st.markdown(f"**{t('weights.chart.title', language)}**")
    show_chart(figure, table, key="weights-chart", table_caption=t("weights.table.caption", language))

next_step_link("weights")
