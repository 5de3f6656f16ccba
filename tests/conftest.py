import shutil
from pathlib import Path

import pytest

from secu4all_ethics import load_content

ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = ROOT / "criteria"
EXAMPLES_DIR = CONTENT_DIR / "examples"


@pytest.fixture(scope="session")
def bundle():
    return load_content(CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the shipped content that a test may break."""
    target = tmp_path / "criteria"
    shutil.copytree(CONTENT_DIR, target)
    return target
