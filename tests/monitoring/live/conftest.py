"""The live monitoring stack, started once for tests/monitoring/live (about 15 s):

    PostgreSQL (a private copy of the warehouse loaded with the small synthetic mirror)
      ├── API "monitored" (obrail api) ◄── Prometheus scrapes /metrics, blackbox probes /health/ready
      ├── API "portal side" (obrail api, OBRAIL_ALERTMANAGER_URL) ◄── portal (obrail portal)
      ├── postgres_exporter ◄── Prometheus
      └── obrail quality ──push──► Pushgateway ◄── Prometheus; the ETL's real pusher too
    Prometheus (committed config and rules, 1 s intervals, alerts' `for:` shortened to 1 s)
      └──► Alertmanager (committed routes/inhibitions; Slack and e-mail go to local captures)

The synthetic mirror, not the real one: these tests are about the monitoring plumbing (metrics
exposed, rules evaluated, alerts routed), which the size of the data does not change; the model
trains and the quality suites run in seconds on it. The real data's figures are checked through
the API, the portal and Chromium by tests/e2e.

Two API processes on the same database: the end-to-end test stops the monitored one, while the
portal keeps reading alerts through the other one (in production both are the same service,
replicas behind the same name; the portal would then show its own outage as "API unavailable").
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.monitoring.stack import (
    BLACKBOX_CONFIG,
    OBRAIL,
    AlertmanagerApi,
    CaptureServer,
    Process,
    PrometheusApi,
    SmtpCapture,
    binary,
    copy_rules_with_short_for,
    render_alertmanager_config,
    render_prometheus_config,
    stop_all,
    wait_for,
    write_yaml,
)
from tests.support.database import allow_login, loaded_template, temporary_database, url_for
from tests.support.network import free_port

SLACK_CRITICAL, SLACK_WARNING, WATCHDOG = "/slack/critical", "/slack/warning", "/watchdog"
#: Requests the monitored API lets one client send at once (low, to observe 429s).
RATE_LIMIT_BURST = 5
#: The processes of the stack that start while the model trains: all but Prometheus. The APIs
#: serve a version promoted after their start from the next request on (api/predictions/
#: serving.py); Prometheus starts once they all answer (started earlier, it would see them
#: down and fire ObrailApiDown or ObrailPortalDown).
BEFORE_PROMETHEUS = (
    "pushgateway",
    "blackbox",
    "exporter",
    "alertmanager",
    "api",
    "api_portal",
    "portal",
)


@dataclass
class LiveStack:
    prometheus: PrometheusApi
    alertmanager: AlertmanagerApi
    monitored_api: Process
    monitored_api_url: str
    portal_api_url: str
    portal_url: str
    capture: CaptureServer
    workdir: Path
    quality: subprocess.Popen[bytes]
    replay: Future[None] | None = None

    def quality_pushed(self) -> None:
        """Once `obrail quality`, started when the rest of the stack was up, has run and pushed
        its results (it runs while the first test goes on: only the tests that read its metrics
        wait for it). Exit 1 is a run that found failures: pushed too."""
        returncode = self.quality.wait(timeout=120)
        assert returncode in {0, 1}, (self.workdir / "quality.log").read_text()[-3000:]

    def restart_monitored_api(self) -> None:
        """Start it again, and replay the traffic in the background (while the test waits for
        the alert to resolve), so that its counters exist again (429s included): wait for it
        with `replayed` before reading them."""
        self.monitored_api.start()
        self.monitored_api.wait_ready(f"{self.monitored_api_url}/health/ready")
        replaying = ThreadPoolExecutor(1)
        self.replay = replaying.submit(send_api_traffic, self.monitored_api_url, RATE_LIMIT_BURST)
        replaying.shutdown(wait=False)

    def replayed(self) -> None:
        """Once the traffic replayed since the last restart has been sent (raises its error)."""
        if self.replay is not None:
            self.replay.result(timeout=120)


def _api(name: str, port: int, database_url: str, workdir: Path, **env: str) -> Process:
    return Process(
        name,
        [str(OBRAIL), "api", "--host", "127.0.0.1", "--port", str(port)],
        workdir,
        env={
            "OBRAIL_DATABASE_URL": database_url,
            "OBRAIL_ENVIRONMENT": "test",
            "OBRAIL_MODEL_DIR": str(workdir / "models"),
            **env,
        },
    )


def train_model(database_url: str, workdir: Path) -> None:
    """`obrail model train --promote`, as the model job runs it: the APIs serve its version."""
    subprocess.run(
        [str(OBRAIL), "model", "train", "report_modal", "--promote"],
        env={
            **os.environ,
            "OBRAIL_DATABASE_URL": database_url,
            "OBRAIL_MODEL_DIR": str(workdir / "models"),
        },
        check=True,
        capture_output=True,
    )


def push_etl_metrics(database_url: str, gateway: str) -> None:
    """The ETL's own pusher (warehouse.metrics), fed with the loaded warehouse's recorded run."""
    from warehouse import metrics
    from warehouse.pipeline import SourceReport

    with psycopg.connect(database_url) as connection:
        run_id, duration = connection.execute(
            "SELECT run_id, extract(epoch FROM finished_at - started_at) FROM api.etl_runs "
            "WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1"
        ).fetchone() or (None, None)
        rows = connection.execute(
            "SELECT source_id, rows_read, rows_loaded, rows_rejected FROM api.etl_run_sources WHERE run_id = %s",
            (run_id,),
        ).fetchall()
    reports = [
        SourceReport(source, read, loaded, rejected) for source, read, loaded, rejected in rows
    ]
    assert reports, "the loaded warehouse has no recorded ETL run"
    registry = metrics.build_registry(
        success=True,
        duration_s=float(duration),
        reports=reports,
        last_success=metrics.last_success_timestamp(database_url),
        trajets=metrics.published_trajets(database_url),
    )
    metrics.push(gateway, registry)


def send_api_traffic(base_url: str, burst: int) -> None:
    """Requests on several routes, a 404, and more than the burst allowed: some 429s."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        page = client.get("/trajets", params={"page_size": 5})
        assert page.status_code == 200, page.text
        client.get(f"/trajets/{page.json()['items'][0]['id']}").raise_for_status()
        client.get("/stats/summary").raise_for_status()
        client.get("/stations", params={"q": "paris"}).raise_for_status()
        assert client.get("/trajets/no-such-trajet").status_code == 404
        statuses = [client.get("/operators").status_code for _ in range(burst + 5)]
        assert 429 in statuses, statuses
        # The model's metrics (a prediction and a page of pairs), once the quota refills.
        for path, params in (
            ("/predictions/report-modal", {"origin": "Paris", "destination": "Lyon"}),
            ("/predictions/report-modal/pairs", {"limit": 50}),
        ):
            answer = wait_for(
                partial(_unless_rate_limited, client, path, params),
                20,
                f"{path} past the rate limit",
                0.1,
            )
            assert answer.status_code == 200, answer.text


def _unless_rate_limited(
    client: httpx.Client, path: str, params: dict[str, Any]
) -> httpx.Response | None:
    answer = client.get(path, params=params)
    return None if answer.status_code == 429 else answer


@pytest.fixture(scope="package")
def live_stack(synthetic_dir, tmp_path_factory) -> Iterator[LiveStack]:
    workdir = tmp_path_factory.mktemp("live-monitoring")
    with (
        temporary_database(
            "obrail_monitoring", template=loaded_template(synthetic_dir)
        ) as owner_url,
        CaptureServer() as capture,
        SmtpCapture() as smtp,
    ):
        # After the template's migrations: on a brand-new server, they create the role.
        allow_login("obrail_api")
        database = owner_url.rsplit("/", 1)[-1]
        api_url = url_for(database, "obrail_api")
        ports = {
            name: free_port()
            for name in (
                "api",
                "api_portal",
                "portal",
                "prometheus",
                "alertmanager",
                "pushgateway",
                "blackbox",
                "exporter",
            )
        }
        local = {name: f"127.0.0.1:{port}" for name, port in ports.items()}
        addresses = {
            "api:8000": local["api"],
            "portal:8501": local["portal"],
            "pushgateway:9091": local["pushgateway"],
            "blackbox:9115": local["blackbox"],
            "postgres-exporter:9187": local["exporter"],
            "localhost:9090": local["prometheus"],
            "alertmanager:9093": local["alertmanager"],
        }
        rules = copy_rules_with_short_for(workdir / "rules")
        prometheus_yml = write_yaml(
            workdir / "prometheus.yml", render_prometheus_config(addresses, rules)
        )
        alertmanager_yml = write_yaml(
            workdir / "alertmanager.yml",
            render_alertmanager_config(
                {
                    "alertmanager_slack_critical_url": capture.url(SLACK_CRITICAL),
                    "alertmanager_slack_warning_url": capture.url(SLACK_WARNING),
                    "alertmanager_smtp_password": "smtp-password",
                    "alertmanager_watchdog_token": "watchdog-token",
                },
                workdir / "secrets",
                smtp=smtp.address,
                webhook_url=capture.url(WATCHDOG),
            ),
        )
        gateway = f"http://{local['pushgateway']}"
        quality: subprocess.Popen[bytes] | None = None
        processes = {
            "pushgateway": Process(
                "pushgateway",
                [binary("prometheus-pushgateway"), f"--web.listen-address={local['pushgateway']}"],
                workdir,
            ),
            "blackbox": Process(
                "blackbox",
                [
                    binary("prometheus-blackbox-exporter"),
                    f"--config.file={BLACKBOX_CONFIG}",
                    f"--web.listen-address={local['blackbox']}",
                ],
                workdir,
            ),
            "exporter": Process(
                "postgres-exporter",
                [
                    binary("prometheus-postgres-exporter"),
                    f"--web.listen-address={local['exporter']}",
                ],
                workdir,
                env={"DATA_SOURCE_NAME": f"{owner_url}?sslmode=disable"},
            ),
            "alertmanager": Process(
                "alertmanager",
                [
                    binary("prometheus-alertmanager"),
                    f"--config.file={alertmanager_yml}",
                    f"--storage.path={workdir / 'alertmanager-data'}",
                    f"--web.listen-address={local['alertmanager']}",
                    "--cluster.listen-address=",
                ],
                workdir,
            ),
            "api": _api(
                "api-monitored",
                ports["api"],
                api_url,
                workdir,
                OBRAIL_RATE_LIMIT_BURST=str(RATE_LIMIT_BURST),
                OBRAIL_RATE_LIMIT_PER_MINUTE="60",
            ),
            "api_portal": _api(
                "api-portal-side",
                ports["api_portal"],
                api_url,
                workdir,
                OBRAIL_ALERTMANAGER_URL=f"http://{local['alertmanager']}",
            ),
            "portal": Process(
                "portal",
                [str(OBRAIL), "portal", "--host", "127.0.0.1", "--port", str(ports["portal"])],
                workdir,
                env={
                    "OBRAIL_API_URL": f"http://{local['api_portal']}",
                    "OBRAIL_ENVIRONMENT": "test",
                },
            ),
            "prometheus": Process(
                "prometheus",
                [
                    binary("prometheus"),
                    f"--config.file={prometheus_yml}",
                    f"--storage.tsdb.path={workdir / 'prometheus-data'}",
                    f"--web.listen-address={local['prometheus']}",
                    "--storage.tsdb.retention.time=1h",
                    # Re-send firing alerts every second (default 1 min): an alert that fired
                    # before Alertmanager was discovered reaches it at once.
                    "--rules.alert.resend-delay=1s",
                ],
                workdir,
            ),
        }
        ready = {
            "pushgateway": f"http://{local['pushgateway']}/-/ready",
            "blackbox": f"http://{local['blackbox']}/-/healthy",
            "exporter": f"http://{local['exporter']}/",
            "alertmanager": f"http://{local['alertmanager']}/-/ready",
            "api": f"http://{local['api']}/health/ready",
            "api_portal": f"http://{local['api_portal']}/health/ready",
            "portal": f"http://{local['portal']}/_stcore/health",
            "prometheus": f"http://{local['prometheus']}/-/ready",
        }
        try:
            for name in BEFORE_PROMETHEUS:
                processes[name].start()
            train_model(owner_url, workdir)
            for name in BEFORE_PROMETHEUS:
                processes[name].wait_ready(ready[name], timeout_s=60)
            processes["prometheus"].start().wait_ready(ready["prometheus"], timeout_s=60)
            push_etl_metrics(owner_url, gateway)
            send_api_traffic(f"http://{local['api']}", RATE_LIMIT_BURST)
            # Once the rest is up (it would only slow their boot down): the first test needs
            # none of its metrics, the ones that do wait for it (`quality_pushed`).
            quality = subprocess.Popen(
                [str(OBRAIL), "quality"],
                env={
                    **os.environ,
                    "OBRAIL_DATABASE_URL": owner_url,
                    "OBRAIL_PUSHGATEWAY_URL": gateway,
                },
                stdout=subprocess.DEVNULL,
                stderr=(workdir / "quality.log").open("wb"),
            )
            stack = LiveStack(
                prometheus=PrometheusApi(f"http://{local['prometheus']}"),
                alertmanager=AlertmanagerApi(f"http://{local['alertmanager']}"),
                monitored_api=processes["api"],
                monitored_api_url=f"http://{local['api']}",
                portal_api_url=f"http://{local['api_portal']}",
                portal_url=f"http://{local['portal']}",
                capture=capture,
                workdir=workdir,
                quality=quality,
            )
            wait_for(
                lambda: all(stack.prometheus.targets_up().values()), 30, "every scrape target up"
            )
            yield stack
        finally:
            if quality is not None and quality.poll() is None:
                quality.kill()
                quality.wait()
            stop_all(processes.values())
