"""docker-compose.yml and the Dockerfile, checked as far as a machine without a Docker engine can: the
official Airflow 3 shape, configuration names Airflow really reads, and files that exist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker")
ENV_OPTION = re.compile(r"^AIRFLOW__([A-Z0-9_]+?)__([A-Z0-9_]+)$")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8")))


def airflow_options() -> set[tuple[str, str]]:
    """(section, option) pairs Airflow 3 reads: core's config.yml plus the Celery provider's config."""
    import airflow
    from airflow.providers.celery.get_provider_info import get_provider_info

    core = yaml.safe_load((Path(airflow.__file__).parent / "config_templates" / "config.yml").read_text())
    sections = {**core, **get_provider_info()["config"]}
    return {(section, option) for section, spec in sections.items() for option in spec["options"]}


def service_env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    return dict(env) if isinstance(env, dict) else dict(item.split("=", 1) for item in env)


def test_the_official_airflow_3_services_are_all_there(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "warehouse", "airflow-init", *AIRFLOW_SERVICES} <= set(services)
    for name in AIRFLOW_SERVICES:
        service = services[name]
        assert service["healthcheck"]["test"], name
        assert service["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully", name
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name
        assert service["depends_on"]["warehouse"]["condition"] == "service_healthy", name
    assert services["airflow-worker"]["command"] == "celery worker"
    assert services["airflow-init"]["environment"]["_AIRFLOW_DB_MIGRATE"] == "true"
    for name in ("postgres", "redis", "warehouse"):
        assert services[name]["healthcheck"]["test"], name


def test_workers_can_be_scaled(compose: dict[str, Any]) -> None:
    """`--scale airflow-worker=N` fails on a fixed container name or a published host port."""
    worker = compose["services"]["airflow-worker"]
    assert "container_name" not in worker and "ports" not in worker


def test_every_airflow_setting_is_one_airflow_3_reads(compose: dict[str, Any]) -> None:
    known = airflow_options()
    names = {key for service in compose["services"].values() for key in service_env(service)}
    settings = {ENV_OPTION.match(n) for n in names} - {None}
    assert len(settings) >= 10
    unknown = sorted(m.group(0) for m in settings if m and (m.group(1).lower(), m.group(2).lower()) not in known)
    assert not unknown, f"not Airflow 3 options: {unknown}"
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in names


def test_celery_redis_jwt_and_execution_api_are_shared_by_every_component(compose: dict[str, Any]) -> None:
    for name in AIRFLOW_SERVICES:
        env = service_env(compose["services"][name])
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://:@redis:6379/")
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"], name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert "8080:8080" in compose["services"]["airflow-apiserver"]["ports"]


def test_the_warehouse_is_a_separate_postgres_wired_as_the_news_db_connection(compose: dict[str, Any]) -> None:
    services = compose["services"]
    warehouse_env = service_env(services["warehouse"])
    conn = service_env(services["airflow-worker"])["AIRFLOW_CONN_NEWS_DB"]
    match = re.match(r"^postgres://([^:]+):[^@]+@warehouse:5432/(\w+)$", conn)
    assert match, conn
    assert match.groups() == (warehouse_env["POSTGRES_USER"], warehouse_env["POSTGRES_DB"])
    volumes = {v.split(":")[0] for v in services["warehouse"]["volumes"]}
    assert volumes and volumes.isdisjoint(v.split(":")[0] for v in services["postgres"]["volumes"])
    assert volumes <= set(compose["volumes"])


def test_the_image_is_built_from_our_dockerfile_with_the_pinned_dependencies(compose: dict[str, Any]) -> None:
    context = ROOT / compose["services"]["airflow-worker"]["build"]
    dockerfile = (context / "Dockerfile").read_text(encoding="utf-8")
    pinned = re.search(r"^apache-airflow==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M)
    assert pinned
    assert re.search(rf"^FROM apache/airflow:{re.escape(pinned.group(1))}-python3\.11$", dockerfile, re.M)
    assert re.search(r"pip install .*-r /opt/airflow/requirements\.lock", dockerfile)
    ignored = (context / ".dockerignore").read_text(encoding="utf-8").split()
    copied = re.findall(r"^COPY (?:--\S+ )*(\S+) ", dockerfile, re.M)
    assert {"requirements.lock", "plugins/", "dags/", "sql/", "seeds/"} <= set(copied)
    for src in copied:
        assert (context / src).exists(), src
        assert src.rstrip("/") not in ignored, f"{src} is copied but .dockerignore drops it"


def test_every_mounted_project_folder_exists(compose: dict[str, Any]) -> None:
    for volume in compose["x-airflow-common"]["volumes"]:
        host = volume.split(":")[0].replace("${AIRFLOW_PROJ_DIR:-.}", str(ROOT))
        if Path(host).name in ("dags", "plugins"):  # logs/ and config/ are created by airflow-init
            assert Path(host).is_dir(), host
