"""The dashboard's pages, one Streamlit script each; ``_``-prefixed modules hold what they share."""
