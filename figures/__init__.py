"""Pure figure builders: ``result -> plotly Figure``, no streamlit, tested on their data."""
