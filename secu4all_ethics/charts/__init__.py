"""Plotly figures built from the engine's results, shared by the screens and the report. No streamlit here."""
