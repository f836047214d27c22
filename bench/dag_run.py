"""One real `news_ingest_files` run through Airflow's executor, for the benchmark runner.

    python bench/dag_run.py PATH --batch-size 250

Runs `dag.test(use_executor=True)`: Airflow's own scheduling loop hands the mapped batches to the
configured executor (the runner sets LocalExecutor with `parallelism` = worker processes, a PostgreSQL
metadata database and an api-server for the task execution API). Prints one JSON object: run state, wall
seconds of the run as Airflow records it (DagRun start to end, the UI's duration) and of the whole
`dag.test()` call (which also starts and stops the executor's worker processes), this process's peak RSS,
and every task instance with its duration.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--batch-size", type=int, default=250)
    args = parser.parse_args()
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    if bag.import_errors:
        raise SystemExit(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag("news_ingest_files")
    assert dag is not None
    started = time.monotonic()
    run = dag.test(run_conf={"paths": args.paths, "batch_size": args.batch_size}, use_executor=True)
    wall = time.monotonic() - started
    from airflow.models.dagrun import DagRun

    with create_session() as session:
        recorded = session.query(DagRun).filter(DagRun.dag_id == dag.dag_id, DagRun.run_id == run.run_id).one()
        # The run's duration as Airflow records it (the UI's "Duration"): from the DagRun's start to its end,
        # without dag.test's own set-up and executor shut-down around it.
        run_wall = (recorded.end_date - recorded.start_date).total_seconds()
        tis = session.query(TaskInstance).filter(TaskInstance.dag_id == dag.dag_id,
                                                 TaskInstance.run_id == run.run_id).all()
        from airflow.models.xcom import XComModel

        # the search index merges and the statistics refresh happen in the tasks, outside the batches' own
        # counts: read from the XComs
        returned = {(x.task_id, x.map_index): XComModel.deserialize_value(x) for x in session.query(XComModel).filter(
            XComModel.dag_id == dag.dag_id, XComModel.run_id == run.run_id, XComModel.key == "return_value")}
        maintenance_s = {key: float(value.get("search_merge_s", 0.0)) + float(value.get("analyze_s", 0.0))
                         for key, value in returned.items() if isinstance(value, dict)}
        rows = [{"task_id": ti.task_id, "map_index": ti.map_index, "state": str(ti.state),
                 "duration": float(ti.duration or 0.0),
                 "maintenance_s": maintenance_s.get((ti.task_id, ti.map_index), 0.0)} for ti in tis]
    print("BENCH_RESULT " + json.dumps({"state": str(run.state), "wall": round(run_wall, 3),
                                        "dag_test_wall": round(wall, 3), "task_instances": rows,
                      "driver_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
