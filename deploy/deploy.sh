#!/usr/bin/env bash
# Deploy a tag of the ObRail images with docker compose; roll back automatically when the smoke
# tests fail. Run on the deployment host, from the folder holding docker-compose.yml and .env:
#
#   ./deploy/deploy.sh IMAGE_TAG          (e.g. sha-<40 hex> or 1.4.2)
#
# 1. pull every image (nothing changes if one is missing), start PostgreSQL;
# 2. note the warehouse revision and back it up (pg_dump, on the `backups` volume); when the
#    tag was deployed here before (redeploying an older release), downgrade the schema to the
#    revision it ran with, using the running code;
# 3. start the whole stack at IMAGE_TAG (the migrate job upgrades the schema) and smoke-test it;
# 4. on failure, with a previous deployment: bring the schema back to the previous tag's
#    revision (Alembic downgrade with the new code, else restore the backup), start the previous
#    tag and smoke-test it again.
# Exit codes: 0 deployed; 1 failed before anything changed, or first deployment failed;
# 2 failed and rolled back (the previous tag serves); 3 the rollback failed too (act now).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=deploy/lib.sh
. deploy/lib.sh

tag="${1:?usage: deploy/deploy.sh IMAGE_TAG}"
previous="$(state current)"
mkdir -p "$STATE_DIR/revisions"

if [[ "$tag" == "$previous" ]]; then
    log "$tag is already deployed: starting it again"
fi

log "pulling the images of $tag"
if ! compose_at "$tag" pull --quiet; then
    log "cannot pull $tag: nothing changed"
    exit 1
fi
compose_at "$tag" up --detach --wait postgres

revision_before="$(db_revision "$tag")"
backup=""
if [[ "$revision_before" != "(empty database)" ]]; then
    backup="$(db_backup "$tag" "before-$tag")"
    log "warehouse at revision $revision_before, backed up to $backup"
fi

# A tag deployed here before (a redeployment of an older release) ran with a known revision:
# bring the schema back to it with the running code, which knows the downgrade scripts.
known_revision="$(state "revisions/$tag")"
if [[ -n "$previous" && -n "$known_revision" && "$known_revision" != "$revision_before" ]]; then
    log "$tag ran with revision $known_revision: downgrading with the code of $previous"
    db_downgrade_to "$previous" "$known_revision" || log "no downgrade (newer revision?): the migrate job decides"
fi

log "starting $tag"
if start_and_check "$tag"; then
    save_state previous "$previous"
    save_state current "$tag"
    save_state "revisions/$tag" "$(db_revision "$tag")"
    record_history "deployed $tag (previous: ${previous:-none})"
    log "$tag deployed"
    exit 0
fi

log "$tag failed its smoke tests"
compose_at "$tag" ps --all >&2 || true
compose_at "$tag" logs --tail 100 migrate etl api portal >&2 || true
if [[ -z "$previous" ]]; then
    record_history "FAILED $tag (first deployment: nothing to roll back to)"
    log "first deployment: nothing to roll back to"
    exit 1
fi

log "rolling back to $previous"
revision_target="$(state "revisions/$previous")"
revision_target="${revision_target:-$revision_before}"
if [[ "$(db_revision "$tag")" != "$revision_target" ]] && ! db_downgrade_to "$tag" "$revision_target"; then
    log "the downgrade failed: restoring the backup taken before the deployment"
    if [[ -z "$backup" ]] || ! compose_at "$previous" run --rm --no-deps -T migrate db restore "$backup" >&2; then
        record_history "FAILED $tag, schema rollback to $revision_target FAILED"
        log "cannot bring the warehouse back (backup: ${backup:-none}): see docs/livraison/maintenance.md"
        exit 3
    fi
fi
if start_and_check "$previous"; then
    record_history "FAILED $tag, rolled back to $previous"
    log "rolled back to $previous"
    exit 2
fi
record_history "FAILED $tag, rollback to $previous FAILED"
log "the rollback to $previous failed its smoke tests too"
exit 3
