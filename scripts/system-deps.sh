#!/usr/bin/env bash
# Installs the system packages the tests drive for real (Debian): Prometheus and promtool,
# Alertmanager and amtool, Pushgateway, blackbox and PostgreSQL exporters, Chromium (the browser,
# and its headless shell that the browser tests and the docs build drive), wrk; and
# what `make docs` needs: pandoc, poppler-utils (pdfinfo, pdftotext, pdftoppm), the DejaVu fonts,
# Node.js and npm (Debian's, only when the machine has no `node`/`npm` of its own).
# Starts the machine's PostgreSQL when it is installed but stopped.
set -euo pipefail

packages=(prometheus prometheus-alertmanager prometheus-pushgateway prometheus-blackbox-exporter
          prometheus-postgres-exporter chromium chromium-headless-shell wrk pandoc poppler-utils
          fonts-dejavu-core)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
daemons=(prometheus prometheus-alertmanager prometheus-pushgateway prometheus-blackbox-exporter
         prometheus-postgres-exporter)
running_daemons() {
    local pattern
    pattern="^(/usr/s?bin/)?($(IFS="|"; echo "${daemons[*]}"))( |$)"
    pgrep -f "$pattern" 2>/dev/null | sort || true
}
if ((${#missing[@]})); then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    before=$(running_daemons)
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # apt may start the daemons it installs (the tests start their own on free ports): stop
    # only those this install started, never a daemon that was already running.
    started=$(comm -13 <(echo "$before") <(running_daemons))
    for pid in $started; do kill "$pid" 2>/dev/null || true; done
fi

if command -v pg_lsclusters >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
