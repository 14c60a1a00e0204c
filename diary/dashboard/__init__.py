"""What serves the dashboard: the front door's checks (``server``: origin, host, framing), the modules loaded
ahead (``preload``), Streamlit's browser code in parts (``browser_code``) and ``pain-diary run --phone``
(``phone``). The pages themselves are in ``pages/``; what they show is in ``diary.views``.
"""
