# The Airflow image for docker-compose.yml: the official Airflow 3.3.2 image plus our pinned dependencies
# (requirements.lock, the same pins `make` installs) and the project's DAGs, package, SQL and seeds.
# Dependencies are baked in at build time, never installed at container start (_PIP_ADDITIONAL_REQUIREMENTS).
FROM apache/airflow:3.3.2-python3.11

# requirements.lock pins apache-airflow==3.3.2 too, so pip keeps the image's Airflow and only adds ours.
COPY --chown=airflow:0 requirements.lock /opt/airflow/requirements.lock
RUN pip install --no-cache-dir -r /opt/airflow/requirements.lock

# The package is imported from plugins/ (as in the repository); config.PROJECT_ROOT resolves to /opt/airflow,
# where sql/ and seeds/ are.
COPY --chown=airflow:0 plugins/ /opt/airflow/plugins/
COPY --chown=airflow:0 dags/ /opt/airflow/dags/
COPY --chown=airflow:0 sql/ /opt/airflow/sql/
COPY --chown=airflow:0 seeds/ /opt/airflow/seeds/
ENV PYTHONPATH=/opt/airflow/plugins
