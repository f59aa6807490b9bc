# shellcheck shell=bash
# Functions shared by deploy/deploy.sh and deploy/rollback.sh. They run on the deployment host,
# in the folder holding docker-compose.yml, .env, docker/, monitoring/ and deploy/.
#
# State kept between deployments (folder $OBRAIL_DEPLOY_STATE_DIR, default .deploy/):
#   current, previous      the image tags deployed now and before
#   revisions/<tag>        the warehouse's Alembic revision once <tag> was deployed
#   history                one line per deployment or rollback

STATE_DIR="${OBRAIL_DEPLOY_STATE_DIR:-.deploy}"
SMOKE_TIMEOUT_S="${SMOKE_TIMEOUT_S:-900}"
BACKUP_DIR=/var/backups/obrail   # the `backups` volume, mounted in the migrate service

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${0##*/}" "$*" >&2; }

# docker compose with the images of TAG: compose_at TAG ARGS...
compose_at() {
    local tag="$1"
    shift
    IMAGE_TAG="$tag" docker compose --env-file .env "$@"
}

# A value of .env (without sourcing it: secrets may hold shell characters), else a default.
env_value() {
    local value
    value="$(grep -E "^$1=" .env | tail -n 1 | cut -d= -f2- || true)"
    printf '%s' "${value:-$2}"
}

state() { cat "$STATE_DIR/$1" 2>/dev/null || true; }

save_state() {
    mkdir -p "$STATE_DIR/revisions"
    printf '%s\n' "$2" > "$STATE_DIR/$1.tmp" && mv "$STATE_DIR/$1.tmp" "$STATE_DIR/$1"
}

record_history() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >> "$STATE_DIR/history"; }

# The warehouse's Alembic revision, read with the migrate service of TAG.
db_revision() {
    compose_at "$1" run --rm --no-deps -T migrate db current | tail -n 1 | tr -d '\r'
}

# A pg_dump of the warehouse on the backups volume; prints its path.
db_backup() {
    local tag="$1" label="$2" path
    path="$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)-$label.dump"
    compose_at "$tag" run --rm --no-deps -T migrate db backup "$path" >&2
    printf '%s' "$path"
}

# Bring the schema back to REVISION with the code of TAG (which knows the downgrade scripts).
db_downgrade_to() {
    local tag="$1" revision="$2"
    if [[ "$revision" == "(empty database)" || -z "$revision" ]]; then
        revision=base
    fi
    compose_at "$tag" run --rm --no-deps -T migrate db downgrade "$revision" >&2
}

# Smoke tests against the published ports (deploy/smoke.py; OBRAIL_SMOKE_COMMAND replaces it).
smoke() {
    if [[ -n "${OBRAIL_SMOKE_COMMAND:-}" ]]; then
        bash -c "$OBRAIL_SMOKE_COMMAND"
        return
    fi
    local address
    address="$(env_value HOST_BIND_ADDRESS 127.0.0.1)"
    python3 deploy/smoke.py --timeout "$SMOKE_TIMEOUT_S" \
        --api "http://$address:$(env_value HOST_PORT_API 8000)" \
        --portal "http://$address:$(env_value HOST_PORT_PORTAL 8501)" \
        --prometheus "http://$address:$(env_value HOST_PORT_PROMETHEUS 9090)" \
        --alertmanager "http://$address:$(env_value HOST_PORT_ALERTMANAGER 9093)" \
        --grafana "http://$address:$(env_value HOST_PORT_GRAFANA 3000)"
}

# Start TAG's stack (every service, jobs included) and smoke-test it.
start_and_check() {
    local tag="$1"
    compose_at "$tag" up --detach --remove-orphans && smoke
}
