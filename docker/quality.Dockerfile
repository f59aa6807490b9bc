# syntax=docker/dockerfile:1.7
# ObRail data quality: `obrail quality` (Great Expectations suites on the published warehouse,
# results stored in core.quality_* and pushed to the Pushgateway). `--every N` keeps it running
# as the regular schedule. Build from the repository root:
#   docker build -f docker/quality.Dockerfile -t obrail-quality .
# The base image is pinned by exact tag (docs/livraison/maintenance.md, « Image de base »).

FROM python:3.12.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
RUN python -m venv /opt/obrail \
 && /opt/obrail/bin/pip install --constraint requirements.lock ".[quality]"
COPY obrail/ obrail/
COPY warehouse/ warehouse/
COPY quality/ quality/
RUN /opt/obrail/bin/pip install --no-deps --force-reinstall . \
 && /opt/obrail/bin/python -m compileall -q /opt/obrail/lib

FROM python:3.12.12-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="obrail-quality" \
      org.opencontainers.image.description="ObRail Observatory data-quality suites (obrail quality)" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="ObRail Europe"
ENV PATH=/opt/obrail/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GX_ANALYTICS_ENABLED=false \
    OBRAIL_ENVIRONMENT=production
RUN groupadd --system --gid 10001 obrail \
 && useradd --system --uid 10001 --gid obrail --create-home --home-dir /home/obrail \
            --shell /usr/sbin/nologin obrail
COPY --from=build /opt/obrail /opt/obrail
WORKDIR /home/obrail
USER 10001:10001
# Healthy = the warehouse the suites validate answers (the scheduler then runs them every N s).
HEALTHCHECK --interval=60s --timeout=10s --start-period=20s --retries=3 \
  CMD ["obrail", "db", "current"]
ENTRYPOINT ["obrail"]
CMD ["quality"]
