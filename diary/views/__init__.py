"""What the dashboard's pages, the doctor report and the command line's text show, made from the entries and the
analysis.

Each module returns plain data, sentences, Vega-Lite charts or a PDF for one view
(the Log form, the overview, history, trends, charts, the summary numbers, the
report); the pages in ``pages/`` only put them on screen. Nothing here imports
Streamlit.
"""
