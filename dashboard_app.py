"""What ``pain-diary run`` serves: streamlit_app.py behind the dashboard's front door.

Streamlit runs this file as an ASGI app (``streamlit run dashboard_app.py``
finds ``app``). ``diary.server.DashboardGuard`` checks the host name, the
origin and, in phone mode, the sign-in of every request before Streamlit sees
it, and adds the no-framing headers to every answer. The settings come from
``.streamlit/config.toml`` and the command line, read once at start.

It also starts the thread that loads the later pages' libraries once the
first page is drawn (``diary.preload``).
"""

from starlette.middleware import Middleware
from streamlit import config
from streamlit.starlette import App

from diary.phone import active_phone
from diary.preload import preload
from diary.server import DashboardGuard, Policy

preload()

policy = Policy.build(
    config.get_option("server.allowedHosts"),
    config.get_option("server.corsAllowedOrigins"),
    phone=active_phone(),
)
app = App("streamlit_app.py", middleware=[Middleware(DashboardGuard, policy=policy)])
