"""Every chart, as kaleido draws it for the reports (and the screen-only charts at a screen's width),
shows each option's and criterion's full name inside the image, with no label drawn over another.

The drawn SVG is read as it is: each text's lines, its font size, its anchor and the transforms
of it and its groups place it; DejaVu Sans (the charts' font, in kaleido's Chromium too) measures
its lines. kaleido draws without Streamlit's theme, so margins too small for the names cut them
off at the left edge of the image, where no screen showed it (issue #15)."""

from __future__ import annotations

import dataclasses
import html
import json
import math
import re
from functools import cache
from pathlib import Path

import plotly.io as pio
import pytest
from lxml import etree
from PIL import ImageFont

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.charts import results as charts
from secu4all_ethics.charts.style import SCREEN_WIDTH, styled
from secu4all_ethics.charts.weights import weights_chart
from secu4all_ethics.report import Provenance, build_report, chart_images
from secu4all_ethics.report.build import CHART_WIDTH
from secu4all_ethics.report.formats import charts_of
from secu4all_ethics.wording import word_result
from secu4all_ethics.wording.names import ResultNames
from tests.conftest import EXAMPLES_DIR

SVG = "{http://www.w3.org/2000/svg}"
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
EXAMPLES = ("station_car_park", "park_drug_dealing", "christmas_market")
LANGUAGES = ("en", "fr", "de", "it")
# Font metrics here and in Chromium differ by rounding and hinting.
TOLERANCE_PX = 1.0


@dataclasses.dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right - TOLERANCE_PX
            and other.left < self.right - TOLERANCE_PX
            and self.top < other.bottom - TOLERANCE_PX
            and other.top < self.bottom - TOLERANCE_PX
        )


@dataclasses.dataclass(frozen=True)
class DrawnText:
    text: str  # its lines joined by spaces
    role: str  # the class of the text or of its group: ytick, xtick, xtitle, legendtext...
    box: Box


# --- reading the SVG ----------------------------------------------------------------------------------


def _matrix(transform: str | None) -> tuple[float, ...]:
    """An SVG transform attribute as the affine matrix (a, b, c, d, e, f)."""
    result = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, arguments in re.findall(r"(\w+)\s*\(([^)]*)\)", transform or ""):
        values = [float(v) for v in re.split(r"[\s,]+", arguments.strip()) if v]
        if name == "translate":
            step = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        elif name == "scale":
            step = (values[0], 0.0, 0.0, values[-1], 0.0, 0.0)
        elif name == "rotate":
            angle = math.radians(values[0])
            cx, cy = (values[1], values[2]) if len(values) == 3 else (0.0, 0.0)
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        elif name == "matrix":
            step = tuple(values)
        else:
            raise AssertionError(f"transform {name} not understood")
        result = _compose(result, step)
    return result


def _compose(outer: tuple[float, ...], inner: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _apply(matrix: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


@cache
def _font(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILE), size)


def _style(element, name: str) -> str | None:
    match = re.search(rf"(?:^|;)\s*{name}\s*:\s*([^;]+)", element.get("style", ""))
    return match.group(1).strip() if match else None


def _role(element) -> str:
    for node in [element, *element.iterancestors()]:
        for name in (node.get("class") or "").split():
            if name in ("xtick", "ytick", "xtitle", "ytitle", "legendtext", "annotation-text", "heatmap-label", "gtitle") or name.endswith(("tick", "title")):
                return name
    return "text"


def drawn_texts(svg: bytes) -> tuple[list[DrawnText], float, float]:
    """The texts of a drawing with their boxes in image pixels, and the image's width and height."""
    root = etree.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    texts = []
    for text in root.iter(f"{SVG}text"):
        if _style(text, "opacity") == "0" or not "".join(text.itertext()).strip():
            continue
        size = float((_style(text, "font-size") or "12px").removesuffix("px"))
        matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        for node in reversed([text, *text.iterancestors()]):
            matrix = _compose(matrix, _matrix(node.get("transform")))
        anchor = text.get("text-anchor", "start")
        lines = text.findall(f"{SVG}tspan[@class='line']") or [text]
        corners = []
        for line in lines:
            content = "".join(line.itertext()) if line is not text else text.text or ""
            x = float(line.get("x", text.get("x", 0)))
            y = float(line.get("y", text.get("y", 0))) + float((line.get("dy") or "0em").removesuffix("em")) * size
            advance = _font(size).getlength(content)
            x -= {"start": 0.0, "middle": advance / 2, "end": advance}[anchor]
            left, top, right, bottom = _font(size).getbbox(content, anchor="ls")
            for corner in ((x + left, y + top), (x + right, y + top), (x + left, y + bottom), (x + right, y + bottom)):
                corners.append(_apply(matrix, *corner))
        whole = " ".join(("".join(line.itertext()) if line is not text else text.text or "") for line in lines)
        box = Box(min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners), max(c[1] for c in corners))
        texts.append(DrawnText(" ".join(whole.split()), _role(text), box))
    return texts, width, height


# --- what a readable chart is ------------------------------------------------------------------------


def assert_readable(svg: bytes, names: list[str], chart: str) -> None:
    texts, width, height = drawn_texts(svg)
    drawn = {text.text for text in texts}
    missing = [name for name in names if " ".join(name.split()) not in drawn]
    assert not missing, f"{chart}: names not drawn whole: {missing}"
    outside = [
        text
        for text in texts
        if text.box.left < -TOLERANCE_PX or text.box.top < -TOLERANCE_PX or text.box.right > width + TOLERANCE_PX or text.box.bottom > height + TOLERANCE_PX
    ]
    assert not outside, f"{chart} ({width:.0f} x {height:.0f}): labels outside the image: {outside}"
    ticks = [text for text in texts if text.role.endswith("tick")]
    titles = [text for text in texts if text.role in ("xtitle", "ytitle")]
    crossing = [
        (one.text, other.text) for index, one in enumerate(ticks) for other in ticks[index + 1 :] if one.role == other.role and one.box.overlaps(other.box)
    ]
    assert not crossing, f"{chart}: axis labels drawn over each other: {crossing}"
    covered = [(title.text, tick.text) for title in titles for tick in ticks if title.box.overlaps(tick.box)]
    assert not covered, f"{chart}: axis titles drawn over tick labels: {covered}"
    notes = [text for text in texts if text.role in ("legendtext", "annotation-text")]
    crowded = [(note.text, other.text) for note in notes for other in texts if other is not note and note.box.overlaps(other.box)]
    assert not crowded, f"{chart}: legend or note drawn over another text: {crowded}"


def names_in(chart_id: str, result, names: ResultNames) -> list[str]:
    """The option and criterion names a chart must show."""
    options = [names.options[key] for key in result.ranking]
    criteria = [names.criteria[c] for c in names.criterion_order]
    return {
        "contributions": options + [names.pillars[p] for p in names.pillar_order],
        "heatmap": options + criteria,
        "stability": criteria,
        "acceptability": options,
        "tornado": criteria,
        "radar": options[: charts.RADAR_OPTIONS] + criteria,
    }[chart_id]


@pytest.fixture(scope="module")
def fonts():
    if not FONT_FILE.exists():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) measures the labels; it is not installed")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_report_chart_shows_its_full_labels_inside_the_image(example, language, bundle, chart_server, fonts, monkeypatch):
    monkeypatch.setattr(pio.templates, "default", "plotly")  # as in the command line's process
    _assert_report_charts_readable(example, language, bundle)


@pytest.fixture
def apps_template(monkeypatch):
    """Plotly's default template as in the app's process: importing Streamlit makes its own the default,
    and it leaves the margins as set (no automargin), which cut the names at the image's left edge."""
    from streamlit.elements.lib import streamlit_plotly_theme

    monkeypatch.setattr(pio.templates, "default", pio.templates.default)
    streamlit_plotly_theme.configure_streamlit_plotly_theme()
    assert pio.templates.default == "streamlit"


@pytest.mark.parametrize("language", ("fr", "de"))
@pytest.mark.parametrize("example", EXAMPLES)
def test_report_charts_built_in_the_apps_process_are_as_readable(example, language, bundle, chart_server, fonts, apps_template):
    _assert_report_charts_readable(example, language, bundle)


def _assert_report_charts_readable(example: str, language: str, bundle) -> None:
    assessment = load_assessment(EXAMPLES_DIR / f"{example}.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, language)
    report = build_report(assessment, result, bundle, language, Provenance(document_hash="0" * 64))
    images = chart_images.render_images(charts_of(report), "svg")
    # One risk map per option whose obligations include a DPIA (engine.dpia), with the examples' ratings.
    maps = {f"risk_map_{option.key}": option for option in assessment.options if option.feared_events}
    assert maps and set(images) == {"contributions", "heatmap", "stability", "acceptability", "tornado", *maps}
    names = ResultNames.of(result.options, bundle, language)
    for chart_id, svg in images.items():
        if chart_id in maps:
            assert_risk_map_readable(svg, maps[chart_id], bundle, language, f"{example} {language} {chart_id}")
        else:
            assert_readable(svg, names_in(chart_id, result, names), f"{example} {language} {chart_id}")


def assert_risk_map_readable(svg: bytes, option, bundle, language: str, chart: str) -> None:
    """The levels on both axes, each rated event's short label once per phase, and no label over another."""
    dpia = bundle.dpia
    levels = [level.label.get(language) for scale in (dpia.likelihood, dpia.severity) for level in scale.levels]
    assert_readable(svg, levels, chart)
    texts, _, _ = drawn_texts(svg)
    labels = [text for text in texts if text.role == "text"]
    expected = sorted(event.short_label.get(language) for event in dpia.feared_events if event.id in option.feared_events for _ in ("before", "after"))
    assert sorted(text.text for text in labels) == expected, chart
    crossing = [(one.text, other.text) for index, one in enumerate(labels) for other in labels[index + 1 :] if one.box.overlaps(other.box)]
    assert not crossing, f"{chart}: event labels drawn over each other: {crossing}"


def _drawn(figure, width: int) -> bytes:
    styled(figure)
    figure.update_layout(width=width, paper_bgcolor="white", plot_bgcolor="white")
    return chart_images.ensure_server().draw(json.loads(figure.to_json()), "svg", width, figure.layout.height, 1.0)


LONG_NAMES = [
    "Installation of <b>intelligent</b> video analytics with automatic detection of abandoned luggage and loitering at night",
    "Stewards",
    "Verkehrsüberwachungsanlagenbetreiberverantwortlichkeit in the municipal car park, north and south levels included",
    "Do nothing & keep the present arrangements unchanged",
    "Ausgeschlossene Alternative mit sehr langem Namen",
    "Community policing foot patrols in pairs",
    "Zeitlich begrenzte Videoüberwachung mit Aufzeichnung, ohne ständige Beobachtung, mit Löschung nach 72 Stunden",
]


def test_long_names_and_markup_wrap_between_words_and_stay_inside(bundle, chart_server, fonts):
    """Names as assessors type them: long, with markup characters and compounds longer than a column."""
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    result = word_result(evaluate(assessment, bundle), bundle, "de")
    worded = ResultNames.of(result.options, bundle, "de")
    long_names = {key: LONG_NAMES[index % len(LONG_NAMES)] for index, key in enumerate(worded.options)}
    names = dataclasses.replace(worded, options=long_names)
    for chart_id, builder in (
        ("contributions", charts.contributions_chart),
        ("heatmap", charts.heatmap_chart),
        ("acceptability", charts.acceptability_chart),
    ):
        figure, _ = builder(result, names)
        option_labels = [
            label
            for axis in ("x", "y")
            for label in figure.data[0][axis]
            if isinstance(label, str) and html.unescape(label.replace("<br>", " ")) in long_names.values()
        ]
        assert len(option_labels) == len(result.ranking), f"{chart_id}: an option's name is not whole"
        for label in option_labels:
            name = html.unescape(label.replace("<br>", " "))
            assert all(f" {html.unescape(line)} " in f" {name} " for line in label.split("<br>")), f"{chart_id}: {label!r} is not cut between words"
        assert_readable(_drawn(figure, CHART_WIDTH), names_in(chart_id, result, names), f"long names {chart_id}")


@pytest.mark.parametrize("language", ("fr", "de"))
def test_the_screen_only_charts_show_their_full_labels(language, bundle, chart_server, fonts, apps_template):
    """Every chart at a page's width, drawn by kaleido too: the radar and the weights chart are drawn only on
    screen, and the heat map's column heads stand upright when the page's column is too narrow for them."""
    result = word_result(evaluate(load_assessment(EXAMPLES_DIR / "station_car_park.yaml"), bundle), bundle, language)
    names = ResultNames.of(result.options, bundle, language)
    figure, _ = charts.radar_chart(result, names)
    assert_readable(_drawn(figure, SCREEN_WIDTH), names_in("radar", result, names), f"{language} radar")
    for chart_id in ("contributions", "heatmap", "stability", "acceptability", "tornado"):
        figure, _ = getattr(charts, f"{chart_id}_chart")(result, names)
        assert_readable(_drawn(figure, SCREEN_WIDTH), names_in(chart_id, result, names), f"{language} {chart_id} on screen")
    figure, _ = weights_chart(result, bundle, language)
    criteria = [c.name.get(language) for c in bundle.framework.criteria]
    assert_readable(_drawn(figure, SCREEN_WIDTH), criteria, f"{language} weights")
