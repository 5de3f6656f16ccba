"""A run's output reaches the browser even when a fragment's poll arrives just as the run ends.

Reproduces, without a browser or a server, what bench/workshop_sessions.py showed with 40
participants (4 of 40 stored answers never confirmed): the Submit's full run ends, its messages
wait on the event loop, the participant page's phase poll (a fragment auto-rerun) is handled
first, and Streamlit 1.67 started a new runner at once and dropped the ended run's messages.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.runtime import Runtime, RuntimeConfig
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

from secu4all_ethics.ui import streamlit_session_fix

PAGE = """
import streamlit as st

st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
st.write(f"full run {st.session_state.runs}")


@st.fragment
def phase_poll():
    st.write("phase poll")


phase_poll()
"""


@pytest.fixture
def session(tmp_path, monkeypatch):
    script = tmp_path / "page.py"
    script.write_text(PAGE)
    monkeypatch.setattr(Runtime, "_instance", None)
    Runtime(
        RuntimeConfig(script_path=str(script), media_file_storage=MemoryMediaFileStorage("/media"), uploaded_file_manager=MemoryUploadedFileManager("/upload"))
    )
    streamlit_session_fix.apply()
    return lambda: AppSession(ScriptData(str(script), is_hello=False), MemoryUploadedFileManager("/upload"), ScriptCache(), None, {})


def _texts(messages) -> list[str]:
    elements = [
        message.delta.new_element for message in messages if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element"
    ]
    return [element.markdown.body for element in elements if element.WhichOneof("type") == "markdown"]


async def _settled(session: AppSession) -> None:
    for _ in range(1000):
        await asyncio.sleep(0.01)
        if session._scriptrunner is None:
            return
    raise AssertionError("the session's runs did not end")


def test_a_poll_landing_as_a_run_ends_does_not_wipe_out_that_runs_output(session):
    async def scenario() -> list[str]:
        app = session()
        app.request_rerun(None)
        await _settled(app)
        poll = next(iter(app._fragment_storage._fragments))
        app.flush_browser_queue()

        app.request_rerun(ClientState())  # the Submit: a full run
        runner = app._scriptrunner
        # Hold the event loop until that run has ended: its messages now wait on the loop, and
        # the poll below is handled before them, as under load.
        while runner._requests._state != ScriptRequestType.STOP:
            time.sleep(0.005)
        app.request_rerun(ClientState(fragment_id=poll, is_auto_rerun=True))
        await _settled(app)
        sent = _texts(app.flush_browser_queue())
        app.shutdown()
        return sent

    # On a thread of its own: a test before this one in the same process may have left an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, scenario()).result(timeout=60) == ["full run 2", "phase poll"]


def test_the_fix_is_applied_once_however_often_the_page_runs():
    streamlit_session_fix.apply()
    patched = AppSession._create_scriptrunner
    streamlit_session_fix.apply()
    assert AppSession._create_scriptrunner is patched
