"""A run's last messages must reach the browser even when a fragment's poll arrives as it ends.

Streamlit 1.67 (`AppSession.request_rerun`): a rerun that the session's ScriptRunner refuses,
because its run has just ended, starts a new ScriptRunner at once. The ended run's messages are
still waiting on the event loop at that moment, and the session then drops them as coming from a
runner that is no longer its current one. A participant's page polls every few seconds
(`st.fragment(run_every=...)`): with 40 phones, a poll landing in that window is frequent, and the
run it wipes out is the one that draws "your answer is in". The answer is stored; the phone keeps
showing the Submit button (bench/workshop_sessions.py: 4 of 40 participants in one run).

Every message of the ended run is already queued on the event loop when the runner refuses (it
queues them before it stops accepting reruns), so the new runner is started one loop turn later,
after them.
"""

from __future__ import annotations

import asyncio

from streamlit.runtime.app_session import AppSession, AppSessionState

_APPLIED = "_secu4all_runs_keep_their_last_messages"


def apply() -> None:
    """Patch AppSession once per process (app.py calls this on every run)."""
    if getattr(AppSession, _APPLIED, False):
        return
    start_now = AppSession._create_scriptrunner

    def create_scriptrunner(self: AppSession, rerun_data) -> None:
        ended = self._scriptrunner
        if ended is None or not _on_loop_of(self):
            start_now(self, rerun_data)  # no runner left, or a full rerun that replaced it on purpose
            return

        def start_after_the_ended_runs_messages() -> None:
            if self._state == AppSessionState.SHUTDOWN_REQUESTED:
                return
            current = self._scriptrunner
            if current is None or current is ended:
                start_now(self, rerun_data)
            elif not current.request_rerun(rerun_data):
                create_scriptrunner(self, rerun_data)  # a newer runner has ended meanwhile too

        self._event_loop.call_soon(start_after_the_ended_runs_messages)

    AppSession._create_scriptrunner = create_scriptrunner  # type: ignore[method-assign,assignment]
    setattr(AppSession, _APPLIED, True)


def _on_loop_of(session: AppSession) -> bool:
    try:
        return asyncio.get_running_loop() is session._event_loop
    except RuntimeError:
        return False
