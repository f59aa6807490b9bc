"""ObRail monitoring as code: Grafana dashboards generated from Python, Metabase provisioning.

The configuration files (Prometheus, Alertmanager, blackbox, Loki, Promtail, Grafana provisioning)
live next to this package as plain files; `tests/monitoring` runs them against the real tools.
"""
