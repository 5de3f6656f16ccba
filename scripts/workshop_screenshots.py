"""The workshop's screenshots in another language than the French journey test (issue #16 asks
for two): the same session (tests/e2e/test_workshop_journey.run_journey) in German by default,
on a fresh database, into test-artifacts/screenshots/workshop-journey-<lang>-*.png.

    .venv/bin/python scripts/workshop_screenshots.py [--language de|en|it] [--readme]

--readme also writes the README's two pictures (docs/screenshots/workshop-projector.png and
workshop-phone.png), cropped to what they show and made small. Needs Debian's Chromium and
poppler-utils, as the browser tests do."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, RunWatchingBrowser, running_app  # noqa: E402
from tests.e2e.test_workshop_journey import run_journey  # noqa: E402

README_SHOTS = ROOT / "docs" / "screenshots"


def small_copy(source: Path, target: Path, box: tuple[int, int, int, int], width: int) -> None:
    """The part of a screenshot the README needs, scaled to a width a README shows whole."""
    with Image.open(source) as image:
        part = image.crop((box[0], box[1], min(box[2], image.width), min(box[3], image.height)))
        height = round(part.height * width / part.width)
        part.resize((width, height), Image.Resampling.LANCZOS).convert("P", palette=Image.Palette.ADAPTIVE).save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="de", choices=("en", "de", "it", "fr"))
    parser.add_argument("--readme", action="store_true", help="also write the README's pictures from this run")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_app(f"sqlite:///{folder}/screenshots.db") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        # The journey's steps wait for the runs the server reports finished, which the wrapper's pages count.
        made = run_journey(RunWatchingBrowser(browser), url, arguments.language, f"workshop-journey-{arguments.language}")
        browser.close()
    for view, path in made.items():
        print(f"{view}: {path.relative_to(ROOT)}")
    if arguments.readme:
        # The projector while the room joins (title, phase, code, QR code, counts); the phone's round 1 down to its first sliders.
        small_copy(made["projector_before_reveal"], README_SHOTS / "workshop-projector.png", (40, 0, 1400, 1100), 800)
        small_copy(made["participant_round_1"], README_SHOTS / "workshop-phone.png", (0, 0, 390, 900), 300)


if __name__ == "__main__":
    main()
