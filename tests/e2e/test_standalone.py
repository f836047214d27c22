"""What a user does with `make airflow`: trigger news_ingest_files from its form in a real browser (headless
Debian Chromium driven by Playwright), and through the REST API v2; the rows land in PostgreSQL exactly as
the local path loads them."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import requests
from e2e_helpers import (
    DAG_ID,
    SEEDS,
    RunningAirflow,
    copy_inputs,
    e2e,
    expected_batches,
    ingest_run_row,
    local_run_checksums,
    standalone_fixture,  # noqa: F401  (the `standalone` fixture)
    warehouse_checksums,
)

pytestmark = [pytest.mark.e2e, e2e]

CHROMIUM = "/usr/bin/chromium"
# Headless and quiet: no GPU, no QUIC, no background calls home (this machine has no internet).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RUN_TIMEOUT_MS = 240_000
SCREENSHOT = os.environ.get("NEWS_E2E_SCREENSHOT")  # where to keep the UI screenshot (docs/ for the README)


def check_loaded(conn: Any, dsn: str, airflow: RunningAirflow, run_id: str, inputs: list[Path],
                 batch_size: int, tasks: int) -> None:
    """The run succeeded with `tasks` mapped tasks sharing its batches (never more than the batches), and the
    warehouse holds exactly what the local (CLI) path loads from the same inputs."""
    batches = expected_batches(len(inputs), batch_size)
    mapped = [ti for ti in airflow.api.task_instances(DAG_ID, run_id) if ti["task_id"] == "ingest_batches"]
    assert sorted(ti["map_index"] for ti in mapped) == list(range(min(tasks, batches)))
    assert {ti["state"] for ti in mapped} == {"success"}
    run = ingest_run_row(conn, run_id)
    assert run["status"] == "succeeded"
    assert run["params"]["batch_size"] == batch_size
    assert (run["counts"]["inputs"], run["batches"]) == (len(inputs), batches)
    loaded = warehouse_checksums(conn)
    assert loaded["articles"][0] > 0
    assert loaded == local_run_checksums(dsn, [str(inputs[0].parent)], batch_size)


def test_trigger_from_the_ui_form_in_a_browser(standalone: RunningAirflow, conn: Any, dsn: str,
                                               tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make e2e-deps` installs Debian's chromium")
    inputs = copy_inputs(tmp_path / "inputs", [SEEDS / "html", SEEDS / "text"])
    batch_size = 2  # the form's defaults are 250 and 0 (auto): other values prove the form reached the run
    tasks = 3
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(60_000)
            page.goto(standalone.base_url)
            page.get_by_label("Username").fill(standalone.credentials.username)
            page.get_by_label("Password").fill(standalone.credentials.password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{standalone.base_url}/")

            page.goto(f"{standalone.base_url}/dags/{DAG_ID}")
            toggle = page.locator("input[id^='switch:'][type=checkbox]").first
            if not toggle.is_checked():  # new DAGs start paused: unpause it like a user, with its switch
                page.locator("label[id^='switch:']").first.click()
                expect(toggle).to_be_checked()

            page.get_by_role("button", name="Trigger").first.click()
            form = page.get_by_role("dialog")
            expect(form.get_by_text("Batch size")).to_be_visible()
            form.locator("#element_paths").fill(str(inputs[0].parent))
            # the number fields, in the order of the DAG's params: Batch size, then Parallel tasks
            numbers = form.get_by_role("spinbutton")
            expect(numbers).to_have_count(2)
            numbers.nth(0).fill(str(batch_size))
            numbers.nth(1).fill(str(tasks))
            form.get_by_test_id("trigger-dag-submit").click()

            page.wait_for_url(f"{standalone.base_url}/dags/{DAG_ID}/runs/**")
            run_id = urllib.parse.unquote(page.url.rsplit("/runs/", 1)[1])
            # the run's own state, shown next to its id in the run header
            header = page.get_by_text(run_id, exact=True).last.locator("..")
            expect(header.get_by_text("Success", exact=True)).to_be_visible(timeout=RUN_TIMEOUT_MS)
            page.screenshot(path=str(tmp_path / "news_ingest_files_run.png"))
            if SCREENSHOT:
                page.screenshot(path=SCREENSHOT)
        finally:
            browser.close()
    check_loaded(conn, dsn, standalone, run_id, inputs, batch_size, tasks)


def test_trigger_through_the_rest_api(standalone: RunningAirflow, conn: Any, dsn: str, tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "inputs", [SEEDS / "records", SEEDS / "text", SEEDS / "html"])
    batch_size = 3
    api = standalone.api
    # the API requires a login: no token, or a wrong password, gets nothing
    assert requests.get(f"{standalone.base_url}/api/v2/dags", timeout=30).status_code in (401, 403)
    bad = requests.post(f"{standalone.base_url}/auth/token", timeout=30,
                        json={"username": standalone.credentials.username, "password": "wrong-password"})
    assert bad.status_code in (401, 403) and "access_token" not in bad.text
    api.unpause(DAG_ID)
    run_id = api.trigger(DAG_ID, {"paths": [str(inputs[0].parent)], "batch_size": batch_size, "tasks": 2})
    assert api.wait_for_run(DAG_ID, run_id, timeout=RUN_TIMEOUT_MS / 1000) == "success"
    check_loaded(conn, dsn, standalone, run_id, inputs, batch_size, 2)
