"""The portal's pages: each file is run by Streamlit's navigation (see `portal/app.py`)."""
