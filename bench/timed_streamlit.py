"""Streamlit's command line, with every script run timed inside the server.

Used by bench/workshop_room.py in place of `python -m streamlit`: each run (a whole page, or a
fragment's run every few seconds) appends one JSON line to $SECU4ALL_BENCH_RUN_LOG with its
session, query string, start (epoch seconds), wall time and the CPU time of its own thread. A
browser on the same 2 cores only sees a run's end when it gets round to drawing it; these
figures are the server's share alone, and wall minus CPU is the time the run waited for the
interpreter lock or the database.

Run: python bench/timed_streamlit.py run app.py ... (as `streamlit run`)
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback

# Not this folder: bench/'s engine.py, storage.py and report.py would shadow modules of those names.
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != os.path.dirname(os.path.abspath(__file__))]

from streamlit.runtime import app_session, runtime  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.web import cli  # noqa: E402

_untimed = script_runner.exec_func_with_error_handling
_log = open(os.environ["SECU4ALL_BENCH_RUN_LOG"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open for the server's life)
_log_lock = threading.Lock()


def _timed(func, ctx):
    started, cpu_started = time.time(), time.thread_time()
    result = _untimed(func, ctx)
    record = {
        "session": ctx.session_id,
        "query": ctx.query_string,
        "fragment": bool(ctx.fragment_ids_this_run),
        "start": started,
        "wall": time.time() - started,
        "cpu": time.thread_time() - cpu_started,
        "rerun": result[2] is not None,  # stopped by st.rerun() or a newer event
    }
    with _log_lock:
        _log.write(json.dumps(record) + "\n")
    return result


script_runner.exec_func_with_error_handling = _timed

_disconnect = runtime.Runtime.disconnect_session


def _logged_disconnect(self, session_id, *args, **kwargs):
    # Who cuts a session off, and when: a client whose websocket is still open stops hearing
    # from the server (bench/workshop_sessions.py); the stack says whether the send queue did it.
    with _log_lock, open(os.environ["SECU4ALL_BENCH_RUN_LOG"] + ".disconnects", "a", encoding="utf-8") as log:
        log.write(json.dumps({"session": session_id, "at": time.time(), "by": traceback.format_stack(limit=4)[:-1]}) + "\n")
    return _disconnect(self, session_id, *args, **kwargs)


runtime.Runtime.disconnect_session = _logged_disconnect

_handle_event = app_session.AppSession._handle_scriptrunner_event_on_event_loop


def _logged_event(self, sender, event, *args, **kwargs):
    # An event of a run that is no longer the session's current one is dropped by the session:
    # a run's last messages lost that way never reach the browser although the run finished.
    if sender is not self._scriptrunner:
        with _log_lock, open(os.environ["SECU4ALL_BENCH_RUN_LOG"] + ".dropped", "a", encoding="utf-8") as log:
            log.write(json.dumps({"session": self.id, "at": time.time(), "event": event.name}) + "\n")
    return _handle_event(self, sender, event, *args, **kwargs)


app_session.AppSession._handle_scriptrunner_event_on_event_loop = _logged_event


def _loop_lag() -> float | None:
    """How long a callback waits before the server's event loop runs it (None: over 10 s)."""
    ran = threading.Event()
    asked = time.monotonic()
    runtime.Runtime.instance()._get_async_objs().eventloop.call_soon_threadsafe(ran.set)
    return round(time.monotonic() - asked, 3) if ran.wait(10) else None


def _sample_send_queues() -> None:
    # Every second, each session's messages waiting to be sent and whether its socket accepts
    # more (uvicorn stops a send while the peer has not read what it was sent).
    with open(os.environ["SECU4ALL_BENCH_RUN_LOG"] + ".queues", "a", buffering=1, encoding="utf-8") as log:
        while True:
            time.sleep(1)
            if not runtime.Runtime.exists():
                continue
            sessions = {}
            for info in list(runtime.Runtime.instance()._session_mgr.list_active_sessions()):
                client = info.client
                queue = getattr(client, "_send_queue", None)
                protocol = getattr(getattr(getattr(client, "_websocket", None), "_send", None), "__self__", None)
                writable = getattr(protocol, "writable", None)
                sessions[info.session.id] = [queue.qsize() if queue else None, writable.is_set() if writable else None]
            log.write(json.dumps({"at": time.time(), "loop_lag": _loop_lag(), "sessions": sessions}) + "\n")


threading.Thread(target=_sample_send_queues, name="bench-send-queues", daemon=True).start()

if __name__ == "__main__":
    sys.exit(cli.main(prog_name="streamlit"))
