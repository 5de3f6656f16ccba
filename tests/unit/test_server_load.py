"""What each run costs the server when a workshop room polls: 40 phones every 4 s are 10 runs a second.

bench/workshop_sessions.py (40 sessions over Streamlit's protocol) measured the effect of both:
with a full garbage collection after every run, 6 of 40 participants got their confirmation and
the event loop fell 5-6 s behind; without it, 40 of 40, the loop at most 12 ms behind.
"""

import tomllib
from pathlib import Path

from secu4all_ethics.ui import context

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_does_not_collect_all_garbage_after_every_run():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


class CountedSecrets:
    """st.secrets without a secrets.toml: every access searches for one and raises."""

    def __init__(self):
        self.searches = 0

    def __iter__(self):
        self.searches += 1
        raise FileNotFoundError("No secrets found")


def test_the_secrets_are_looked_for_once_in_a_while_not_at_every_run(monkeypatch):
    secrets = CountedSecrets()
    monkeypatch.setattr(context.st, "secrets", secrets)
    monkeypatch.setattr(context, "_secrets_read", None)
    now = [1000.0]
    for _ in range(50):  # 50 runs within a few seconds
        assert context._secrets(lambda: now[0]) == {}
        now[0] += 0.1
    assert secrets.searches == 1
    now[0] += context.SECRETS_READ_EVERY_SECONDS
    context._secrets(lambda: now[0])
    assert secrets.searches == 2  # a secrets.toml added meanwhile would be read now
