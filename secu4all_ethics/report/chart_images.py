"""Chart images for the report, drawn by one kaleido server per process.

kaleido 1.x drives a headless Chromium. Starting it costs about 2.5 s, so it
is started once, on first use, and kept for the life of the process; each
image then takes a fraction of a second.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import threading
import warnings
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterable, Literal

from lxml import etree

from .model import Chart

ImageFormat = Literal["svg", "png"]

_lock = threading.Lock()
_started = False
# kaleido's sync server answers calls from several threads in any order: two charts drawn at
# once can come back swapped (seen in a test). One drawing at a time, whoever asks.
_drawing = threading.Lock()

SVG_NS = "http://www.w3.org/2000/svg"


class ChartImageError(RuntimeError):
    """The chart server could not start or draw (no Chromium, for instance)."""


def _browser_path() -> str | None:
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def ensure_server() -> None:
    """Start the kaleido server once per process (idempotent and thread-safe)."""
    global _started
    with _lock:
        if _started:
            return
        browser = _browser_path()
        if browser is None:
            raise ChartImageError("no Chromium found for chart images (install chromium or set BROWSER_PATH)")
        os.environ.setdefault("BROWSER_PATH", browser)
        import kaleido

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "kopts argument is ignored if using a server"
            try:
                kaleido.start_sync_server(silence_warnings=True)
            except Exception as error:  # noqa: BLE001 - kaleido raises several kinds; report one
                raise ChartImageError(f"the chart server did not start: {error}") from error
        # Set once, not around each drawing: catch_warnings() swaps a process-wide list, which is unsafe
        # while other threads (other sessions, the drawing worker) use warnings too.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        atexit.register(_stop)
        _started = True


def _stop() -> None:
    import kaleido

    try:
        kaleido.stop_sync_server(silence_warnings=True)
    except Exception:  # noqa: BLE001 - at exit there is nobody left to tell
        pass


def _allowed_reference(element: str, value: str) -> bool:
    """Links inside the drawing, and the raster picture plotly draws a heat map with."""
    return value.startswith("#") or element == "image" and value.startswith(("data:image/png;base64,", "data:image/jpeg;base64,"))


def sanitise_svg(svg: bytes) -> bytes:
    """Keep only drawing in a chart's SVG: no scripts, links, event handlers or foreign content.

    Labels are escaped before they reach plotly; this is the second line of
    defence, because plotly itself turns some markup in labels into links.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)
    root = etree.fromstring(svg, parser)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in ("script", "foreignObject", "iframe", "object", "embed"):
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            name = etree.QName(attribute).localname.lower()
            value = element.attrib[attribute].strip().lower()
            if name.startswith("on") or "javascript:" in value:
                del element.attrib[attribute]
            elif name == "href" and not _allowed_reference(local, value):
                del element.attrib[attribute]
            elif name == "href" and attribute != "href":
                # SVG 2's plain href: WeasyPrint draws inline SVG images only with it, not with xlink:href.
                element.attrib["href"] = element.attrib.pop(attribute)
        if local == "a":
            # Unwrap links: keep the text, drop the anchor.
            parent = element.getparent()
            index = parent.index(element)
            for child in reversed(list(element)):
                parent.insert(index, child)
            parent.remove(element)
    return etree.tostring(root)


CACHE_SIZE = 64
_cache: OrderedDict[tuple, bytes] = OrderedDict()


def _cache_key(chart: Chart, image_format: str, scale: float) -> tuple:
    figure = hashlib.sha256(json.dumps(chart.figure, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return figure, image_format, chart.width, chart.height, scale


def render_images(charts: Iterable[Chart], image_format: ImageFormat, scale: float = 1.0) -> dict[str, bytes]:
    """Each chart's image by chart id.

    Images are kept for the last CACHE_SIZE figures: a version's report is often
    downloaded in several formats one after the other, and its charts do not change.
    """
    charts = list(charts)
    images: dict[str, bytes] = {}
    for chart in charts:
        key = _cache_key(chart, image_format, scale)
        with _lock:
            cached = _cache.get(key)
            if cached is not None:
                _cache.move_to_end(key)
        images[chart.chart_id] = cached if cached is not None else _draw(chart, image_format, scale)
        if cached is None:
            with _lock:
                _cache[key] = images[chart.chart_id]
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    return images


# The PDF's charts, in document order (_drawing keeps them apart from other threads' drawings).
_drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-images")


def draw_in_background(charts: Iterable[Chart], image_format: ImageFormat, scale: float = 1.0) -> dict[str, Future[bytes]]:
    """Each chart's image by chart id, drawn in document order on a worker thread.

    The drawing happens in the chart server's browser, another process, so the
    caller goes on meanwhile (WeasyPrint parses and styles the PDF's document)
    and waits for an image only when it needs it.
    """
    return {
        chart.chart_id: _drawer.submit(lambda chart=chart: render_images([chart], image_format, scale)[chart.chart_id])
        for chart in charts
    }


def _draw(chart: Chart, image_format: ImageFormat, scale: float) -> bytes:
    import plotly.io as pio

    ensure_server()
    try:
        with _drawing:
            image = pio.to_image(chart.figure, format=image_format, width=chart.width, height=chart.height, scale=scale)
    except Exception as error:  # noqa: BLE001 - surface which chart failed
        raise ChartImageError(f"chart {chart.chart_id!r} could not be drawn: {error}") from error
    return sanitise_svg(image) if image_format == "svg" else image
