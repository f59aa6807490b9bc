"""Metabase provisioning: `obrail metabase` sets up Metabase through its REST API, idempotently.

The saved questions are the SQL files in questions/ (read-only BI role, `api` views only).
"""
