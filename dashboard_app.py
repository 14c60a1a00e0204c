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

FIRST_PAGE_MODULES = (
    "PIL.Image",  # Streamlit checks the tab's icon with it on every page
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

# The sample diary (generated once per process) is what every page's sample check compares with.
preload(first=FIRST_PAGE_MODULES, warm=(sample_entries,), ready=Runtime.exists)

policy = Policy.build(
    config.get_option("server.allowedHosts"),
    config.get_option("server.corsAllowedOrigins"),
    phone=active_phone(),
)
app = App("streamlit_app.py", middleware=[Middleware(DashboardGuard, policy=policy)])
