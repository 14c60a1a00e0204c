"""What ``pain-diary run`` serves: streamlit_app.py behind the dashboard's front door.

Streamlit runs this file as an ASGI app (``streamlit run dashboard_app.py``
finds ``app``). ``diary.server.DashboardGuard`` checks the host name, the
origin and, in phone mode, the sign-in of every request before Streamlit sees
it, and adds the no-framing headers to every answer. The settings come from
``.streamlit/config.toml`` and the command line, read once at start.

It also starts the thread that loads the first page's modules while the browser
loads Streamlit's scripts, and the later pages' libraries once the first page
is drawn (``diary.preload``).
"""

from starlette.middleware import Middleware
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.starlette import App

from diary.phone import active_phone
from diary.preload import preload
from diary.sample import sample_entries
from diary.server import DashboardGuard, Policy
from pages._caching import pages_running

FIRST_PAGE_MODULES = (
    "PIL.Image",  # Streamlit checks the tab's icon with it on every page
    "PIL.PngImagePlugin",  # ... a PNG, read by the plug-in PIL loads on the first image it opens
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


WARM = (sample_entries, streamlits_first_element_check)
"""The once-per-process work of the first page's run, done before it: the sample diary (generated once,
what every page's sample check compares with) and Streamlit's own check."""

preload(first=FIRST_PAGE_MODULES, warm=WARM, ready=Runtime.exists, wait_while=pages_running)

policy = Policy.build(
    config.get_option("server.allowedHosts"),
    config.get_option("server.corsAllowedOrigins"),
    phone=active_phone(),
)
app = App("streamlit_app.py", middleware=[Middleware(DashboardGuard, policy=policy)])
