#!/usr/bin/env bash
# Roll the stack back to an earlier tag (default: the previous deployment), by hand:
#
#   ./deploy/rollback.sh [IMAGE_TAG]
#
# The schema is first brought back to the revision the target tag ran with (Alembic downgrade
# with the CURRENT code, which knows the downgrade scripts), after a backup; then the target's
# images start and are smoke-tested. To also bring the data back, restore a backup afterwards:
# docs/livraison/maintenance.md, « Restaurer une sauvegarde ».
# Exit codes: 0 rolled back; 1 refused (unknown target); 3 the target failed its smoke tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=deploy/lib.sh
. deploy/lib.sh

current="$(state current)"
target="${1:-$(state previous)}"
if [[ -z "$target" || -z "$current" ]]; then
    log "no deployment to roll back from or to (current: ${current:-none}, target: ${target:-none})"
    exit 1
fi
revision_target="$(state "revisions/$target")"
if [[ -z "$revision_target" ]]; then
    log "no recorded warehouse revision for $target: was it deployed by deploy.sh on this host?"
    exit 1
fi

compose_at "$target" pull --quiet
backup="$(db_backup "$current" "before-rollback-to-$target")"
log "backed up to $backup"
if [[ "$(db_revision "$current")" != "$revision_target" ]]; then
    db_downgrade_to "$current" "$revision_target"
fi
if start_and_check "$target"; then
    save_state previous "$current"
    save_state current "$target"
    record_history "rolled back by hand from $current to $target"
    log "rolled back to $target"
    exit 0
fi
record_history "rollback by hand from $current to $target FAILED"
log "$target failed its smoke tests"
exit 3
