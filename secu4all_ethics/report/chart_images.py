"""Chart images for the report, drawn by one kaleido server per process.

kaleido 1.x drives a headless Chromium. Starting it costs about 2 s, so it
is started once, on first use, and kept for the life of the process; each
image then takes about 0.05 s.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import logging
import os
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Literal

from lxml import etree

from .model import Chart

ImageFormat = Literal["svg", "png"]

_logger = logging.getLogger(__name__)
_lock = threading.Lock()
_server: _ChartServer | None = None

SVG_NS = "http://www.w3.org/2000/svg"

# kaleido reloads its browser tab after every drawing, which parses plotly.js again: about 0.16 s
# of a drawing's 0.2 s. The page keeps nothing between drawings (plotly draws each figure in a
# fresh element and purges it), so the tab is reloaded only this often, and after any failure.
RELOAD_EVERY = 25
DRAWING_TIMEOUT_SECONDS = 90


class ChartImageError(RuntimeError):
    """The chart server could not start or draw (no Chromium, for instance)."""


def _browser_path() -> str | None:
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def _kaleido_reloading_less():
    import kaleido

    class KaleidoReloadingLess(kaleido.Kaleido):
        drawings_since_reload = 0
        reloads = 0
        reloaded_again = 0

        broken = False

        async def _return_kaleido_tab(self, tab) -> None:
            # Called from the drawing's `finally`: sys.exc_info() is the drawing's failure, if any.
            self.drawings_since_reload += 1
            if sys.exc_info()[0] is not None or self.drawings_since_reload >= RELOAD_EVERY:
                self.drawings_since_reload = 0
                self.reloads += 1
                try:
                    await asyncio.wait_for(self._reload_ready(tab), TAB_LOAD_SECONDS)
                except Exception as error:  # noqa: BLE001 - whatever stopped the load, the tab is lost
                    # The tab is not put back, so no later drawing may wait for it: ensure_server()
                    # replaces this server before the next drawing. The drawing just made is kept: on the
                    # loaded CI machine the page after it sometimes took over 30 s to load, and failing
                    # a finished image for that failed the PDF it belonged to.
                    self.broken = True
                    self.broken_because = f"the drawing tab did not load again within {TAB_LOAD_SECONDS} s (at: {self.loading_step}): {error!r}"
                    _logger.warning("chart server replaced: %s", self.broken_because)
                    return
            await self.tabs_ready.put(tab)

        broken_because = ""

        loading_step = ""

        async def _reload_ready(self, tab) -> None:
            self.loading_step = "reload"
            await tab.reload()
            await self.make_ready(tab)

        async def make_ready(self, tab) -> None:
            """Load the page again until the context kaleido will draw in has its scripts.

            Under load, kaleido kept the id of a JavaScript context without them after opening
            or reloading the tab (seen as "ReferenceError: kaleido_scopes is not defined" on
            the next drawing, which failed a PDF download)."""
            for attempt in range(1, TAB_LOAD_ATTEMPTS + 1):
                self.loading_step = f"looking for the drawing scripts, attempt {attempt}"
                if await _has_drawing_scripts(tab):
                    return
                self.reloaded_again += 1
                self.loading_step = f"loading the page again, attempt {attempt}"
                await tab.navigate(self._index)

    return KaleidoReloadingLess


TAB_LOAD_ATTEMPTS = 3
# The page and its scripts are local files: loading them takes well under a second, even under load.
TAB_LOAD_SECONDS = 30


async def _has_drawing_scripts(tab) -> bool:
    answer = await tab.tab.send_command(
        "Runtime.evaluate",
        params={"expression": "typeof kaleido_scopes", "contextId": tab._current_js_id, "returnByValue": True},
    )
    return answer.get("result", {}).get("result", {}).get("value") == "object"


class _ChartServer:
    """One headless Chromium driven by kaleido, on an event loop of its own thread.

    Every drawing is a coroutine with its own future, so each caller gets its
    own image back. (kaleido's sync server shares one answer queue between
    threads: concurrent drawings came back swapped.)
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chart-server", daemon=True)
        self._thread.start()
        try:
            self.kaleido = self._run(self._open(), timeout=60)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    async def _open(self):
        # No MathJax: kaleido's default page loads it from a CDN, so every load of the tab waited on a
        # request to the internet; with no network that wait was usually short, sometimes 5 s (the
        # resolver's timeout) and, on a CI machine, longer than a drawing may take. Labels are plain text.
        browser = _kaleido_reloading_less()(n=1, timeout=DRAWING_TIMEOUT_SECONDS, mathjax=False)
        await browser.open()
        tab = await browser.tabs_ready.get()
        await browser.make_ready(tab)
        await browser.tabs_ready.put(tab)
        return browser

    def _run(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def draw(self, figure: dict, image_format: str, width: int, height: int, scale: float) -> bytes:
        options = {"format": image_format, "width": width, "height": height, "scale": scale}
        return self._run(self.kaleido.calc_fig(figure, opts=options), timeout=DRAWING_TIMEOUT_SECONDS + 30)

    def close(self) -> None:
        try:
            self._run(self.kaleido.close(), timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)


def ensure_server() -> _ChartServer:
    """Start the chart server once per process (idempotent and thread-safe)."""
    global _server
    with _lock:
        if _server is not None and not _server.kaleido.broken:
            return _server
        if _server is not None:  # it lost its tab after its last drawing
            _close_in_background(_server)
            _server = None
        browser = _browser_path()
        if browser is None:
            raise ChartImageError("no Chromium found for chart images (install chromium or set BROWSER_PATH)")
        os.environ.setdefault("BROWSER_PATH", browser)
        try:
            _server = _ChartServer()
        except Exception as error:  # noqa: BLE001 - kaleido raises several kinds; report one
            raise ChartImageError(f"the chart server did not start: {error}") from error
        atexit.register(_stop)
        return _server


def _stop() -> None:
    global _server
    server, _server = _server, None
    if server is not None:
        _close_quietly(server)


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


# The PDF's charts, in document order.
_drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-images")


def draw_in_background(charts: Iterable[Chart], image_format: ImageFormat, scale: float = 1.0) -> dict[str, Future[bytes]]:
    """Each chart's image by chart id, drawn in document order on a worker thread.

    The drawing happens in the chart server's browser, another process, so the
    caller goes on meanwhile (WeasyPrint parses and styles the PDF's document)
    and waits for an image only when it needs it.
    """
    return {chart.chart_id: _drawer.submit(_image, chart, image_format, scale) for chart in charts}


def _image(chart: Chart, image_format: ImageFormat, scale: float) -> bytes:
    """One chart's image, through the cache."""
    return render_images([chart], image_format, scale)[chart.chart_id]


def _draw(chart: Chart, image_format: ImageFormat, scale: float) -> bytes:
    server = ensure_server()
    try:
        image = server.draw(chart.figure, image_format, chart.width, chart.height, scale)
    except Exception as error:  # noqa: BLE001 - surface which chart failed
        if isinstance(error, TimeoutError) or server.kaleido.broken:
            _replace(server)
            error = error if str(error) else TimeoutError(f"no answer from the chart server within {DRAWING_TIMEOUT_SECONDS + 30} s")
        raise ChartImageError(f"chart {chart.chart_id!r} could not be drawn: {error}") from error
    return sanitise_svg(image) if image_format == "svg" else image


def _replace(server: _ChartServer) -> None:
    """Drop a server that lost its tab or stopped answering: the next drawing starts a new one.

    Closing cancels the drawings still waiting on it, so they fail at once instead of each
    waiting its full time for a tab that will not come back."""
    global _server
    with _lock:
        if _server is server:
            _server = None
    _close_in_background(server)


def _close_in_background(server: _ChartServer) -> None:
    threading.Thread(target=_close_quietly, args=(server,), name="chart-server-close", daemon=True).start()


def _close_quietly(server: _ChartServer) -> None:
    try:
        server.close()
    except Exception:  # noqa: BLE001 - a server being dropped has nobody left to tell
        pass
