# syntax=docker/dockerfile:1.7
# ObRail portal: `obrail portal`, the Streamlit portal (French first). It speaks HTTP to the API
# only (OBRAIL_API_URL) and has no database driver settings. Build from the repository root:
#   docker build -f docker/portal.Dockerfile -t obrail-portal .
# The base image is pinned by exact tag (docs/livraison/maintenance.md, « Image de base »).

FROM python:3.12.12-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml requirements.lock README.md ./
RUN python -m venv /opt/obrail \
 && /opt/obrail/bin/pip install --constraint requirements.lock ".[portal]"
COPY obrail/ obrail/
COPY portal/ portal/
RUN /opt/obrail/bin/pip install --no-deps --force-reinstall . \
 && /opt/obrail/bin/python -m compileall -q /opt/obrail/lib

FROM python:3.12.12-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="obrail-portal" \
      org.opencontainers.image.description="ObRail Observatory Streamlit portal (obrail portal)" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.vendor="ObRail Europe"
ENV PATH=/opt/obrail/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OBRAIL_ENVIRONMENT=production
RUN groupadd --system --gid 10001 obrail \
 && useradd --system --uid 10001 --gid obrail --create-home --home-dir /home/obrail \
            --shell /usr/sbin/nologin obrail \
 && install -d -o 10001 -g 10001 -m 0750 /run/obrail/keys
COPY --from=build /opt/obrail /opt/obrail
WORKDIR /home/obrail
USER 10001:10001
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
ENTRYPOINT ["obrail"]
CMD ["portal", "--host", "0.0.0.0", "--port", "8501"]
