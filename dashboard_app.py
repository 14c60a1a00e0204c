"""What ``pain-diary run`` serves: streamlit_app.py behind the dashboard's front door.

Streamlit runs this file as an ASGI app (``streamlit run dashboard_app.py``
finds ``app``). ``diary.dashboard.server.DashboardGuard`` checks the host name, the
origin and, in phone mode, the sign-in of every request before Streamlit sees
it, and adds the no-framing headers to every answer. The settings come from
``.streamlit/config.toml`` and the command line, read once at start.

It also starts the thread that loads the first page's modules once a browser
has the page (while it loads Streamlit's scripts), and the later pages'
libraries once the first page is drawn (``diary.dashboard.preload``), and mends how
Streamlit treats an answer with a page switch sent right after it
(``keep_answers_sent_just_before_a_page_switch``,
``let_answers_reach_their_callbacks``), and stops without tracebacks when a
tab closes as it stops (``stop_quietly_beside_a_closing_tab``).
"""

import threading
from collections.abc import Callable
from typing import Any

from starlette.middleware import Middleware
from streamlit import config
from streamlit.starlette import App

from diary.dashboard.browser_code import FirstPageCode
from diary.dashboard.launch import mend
from diary.dashboard.phone import active_phone
from diary.dashboard.preload import lean_heap, preload
from diary.dashboard.server import DashboardGuard, Policy
from diary.sample import sample_entries
from pages._browser import later_code
from pages._caching import pages_running

FIRST_PAGE_MODULES = (
    "streamlit.material_icon_names",  # the pages' icons are checked against its list of names
    "pages._shared",
    "pages._log_state",
    "pages._log_style",
    "pages._log_widgets",
    "pages._parts",
    "diary.sample",
    "diary.sources.kept",
    "diary.trials.follow",
    "diary.trials.store",
    "diary.views.log_day",
    "diary.views.overview",
)
"""What the first page (the Log page) imports beyond what serving it needs."""


def streamlits_first_element_check() -> None:
    """Streamlit's own once-per-process check, made before the first page instead of during its run.

    The first element any page sends makes Streamlit ask whether it runs in a
    Python prompt: it reads every frame on the stack and, for each, looks up
    the file of every loaded module (some thousand by then): 0.08 s on a quiet
    machine, 0.2 s on a busy one, in the first page's run. Asked here (never
    true under ``pain-diary run``: nothing is printed), it is not asked again.
    A Streamlit without that check needs nothing.
    """
    from streamlit import delta_generator

    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    if check is not None:
        check()


def keep_answers_sent_just_before_a_page_switch() -> None:
    """A page link tapped while the page still runs no longer drops the answer sent just before it.

    Leaving a text box for a page link sends two requests: the box's new
    answer, for the page shown, then the switch, which carries only the
    sidebar's widgets. When the first is still waiting (the page is busy with
    the tap before), Streamlit merges the two and keeps only the switch's
    widgets: the box's answer never reaches the page, and the Log page's draft
    loses it. Merged here, an earlier request's widgets that the newer one does
    not name are kept (the newer one's values win where both name a widget), as
    if the first request had been run before the switch. A Streamlit without
    that merge step needs nothing.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetStates
    from streamlit.runtime.scriptrunner_utils import script_requests

    def keeping_earlier_answers(
        merge: Callable[..., WidgetStates | None],
    ) -> Callable[..., WidgetStates | None]:
        def merging(old_states: WidgetStates | None, new_states: WidgetStates | None) -> WidgetStates | None:
            merged = merge(old_states, new_states)
            if old_states is None or merged is None or merged is old_states:
                return merged
            named = {state.id for state in merged.widgets}
            merged.widgets.extend(state for state in old_states.widgets if state.id not in named)
            return merged

        return merging

    mend(script_requests, "_coalesce_widget_states", keeping_earlier_answers)


def let_answers_reach_their_callbacks() -> None:
    """An answer the browser sent always reaches its widget's callback, even when a page link follows at once.

    Streamlit checks for a newer request as it starts applying a run's widget
    answers, and at every use of session state inside their callbacks. A page
    switch arriving in that moment (the page link tapped straight from a text
    box) then takes over before the box's callback has run, or halfway
    through it, and the Log page's draft never gets the answer. Here the
    answers and their callbacks are applied whole; the newer request takes over
    just after, at the next check. A callback's own ``st.rerun()`` raises as
    before. A Streamlit without that step needs nothing.
    """
    from streamlit.runtime.state.safe_session_state import SafeSessionState

    def applying_answers_whole(apply: Callable[..., None]) -> Callable[..., None]:
        def applying(self: SafeSessionState, *args: Any, **kwargs: Any) -> None:
            check = self._yield_callback
            object.__setattr__(self, "_yield_callback", _no_check)
            try:
                apply(self, *args, **kwargs)
            finally:
                object.__setattr__(self, "_yield_callback", check)

        return applying

    mend(SafeSessionState, "on_script_will_rerun", applying_answers_whole)


def _no_check() -> None:
    """No newer request is looked for (while a run's answers are applied)."""


def tab_icon_as_given() -> None:
    """A tab icon given as a ``data:`` address (``pages._browser.tab_icon``) is sent as it is.

    Streamlit hands every icon that is neither an emoji nor a Material name to
    its image code, which imports numpy and Pillow before it looks at what it
    was given, and then gives a ``data:`` address back unchanged: 0.07 s on a
    quiet machine, in the first page's run, before anything is drawn. A
    Streamlit without that step needs nothing.
    """
    from streamlit.commands import page_config

    def as_given(favicon: Callable[[Any], str]) -> Callable[[Any], str]:
        def given(page_icon: Any) -> str:
            if isinstance(page_icon, str) and page_icon.startswith("data:"):
                return page_icon
            return favicon(page_icon)

        return given

    mend(page_config, "_get_favicon_string", as_given)


def stop_quietly_beside_a_closing_tab() -> None:
    """Stopping the dashboard as a browser tab closes prints no tracebacks.

    On stop, the web server sends every open connection a closing message. A
    tab that has just closed its own connection has had its answer to that
    already (the connection is closing), the second one is refused
    (``InvalidState``), and the stop ended in two tracebacks in the terminal.
    Such a connection needs nothing more sent: it is closed as it is. A
    server without that connection type needs nothing.
    """
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
        from websockets.exceptions import InvalidState
    except ImportError:  # pragma: no cover - another web server or WebSocket library
        return

    def closing_quietly(shutdown: Callable[..., None]) -> Callable[..., None]:
        def shutting_down(self: WebSocketsSansIOProtocol) -> None:
            try:
                shutdown(self)
            except InvalidState:
                self.transport.close()

        return shutting_down

    mend(WebSocketsSansIOProtocol, "shutdown", closing_quietly)


WARM = (sample_entries, streamlits_first_element_check, later_code)
"""The once-per-process work of the first page's run, done before it: the sample diary (generated once,
what every page's sample check compares with), Streamlit's own check, and the list of the browser code
the later pages need (read from Streamlit's files: about 0.1 s)."""

PAGE_SENT = threading.Event()
"""Set once a browser has been given the dashboard's page (``FirstPageCode``): the first page's own work starts
then, while the browser loads Streamlit's scripts. Begun as soon as the server existed, it overlapped the
server's start and its answer to the page, which the browser waits for before anything else (the first page
was drawn 0.02–0.07 s later, in 14 starts each way)."""

lean_heap()
keep_answers_sent_just_before_a_page_switch()
let_answers_reach_their_callbacks()
stop_quietly_beside_a_closing_tab()
tab_icon_as_given()
preload(first=FIRST_PAGE_MODULES, warm=WARM, ready=PAGE_SENT.is_set, wait_while=pages_running)

policy = Policy.build(
    config.get_option("server.allowedHosts"),
    config.get_option("server.corsAllowedOrigins"),
    phone=active_phone(),
    tls=bool(config.get_option("server.sslCertFile")),
)
app = App(
    "streamlit_app.py",
    middleware=[Middleware(DashboardGuard, policy=policy), Middleware(FirstPageCode, on_page=PAGE_SENT.set)],
)
