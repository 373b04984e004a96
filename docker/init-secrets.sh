#!/usr/bin/env bash
# Creates the secrets of the compose topology on first start, in the directory given (the `secrets` volume):
#   pg-password      the PostgreSQL password of every shard node (user smart402)
#   api-keys.yaml    the server's auth.keys: one admin key (client ops) and one client key (client demo)
# Existing files are kept, so the keys survive `docker compose down` / `up` (not `down -v`). Keys are random,
# never committed. Arguments after the folder are run afterwards, so (from docker/) you read the keys with:
#   docker compose run --rm init-secrets cat /secrets/api-keys.yaml
# Usage: init-secrets.sh [folder] [command...]
set -euo pipefail
dir="${1:-/secrets}"
shift || true
mkdir -p "$dir"
random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 022
if [ ! -s "$dir/pg-password" ]; then
    random_hex 24 > "$dir/pg-password.tmp"
    mv "$dir/pg-password.tmp" "$dir/pg-password"
    echo "init-secrets: created $dir/pg-password"
fi
if [ ! -s "$dir/api-keys.yaml" ]; then
    {
        echo "# auth.keys of every serve instance (SMART402_AUTH_KEYS_FILE); keys are kept as SHA-256 hashes in memory"
        echo "- {key: \"$(random_hex 24)\", client: ops, role: admin}"
        echo "- {key: \"$(random_hex 24)\", client: demo, role: client}"
    } > "$dir/api-keys.yaml.tmp"
    mv "$dir/api-keys.yaml.tmp" "$dir/api-keys.yaml"
    echo "init-secrets: created $dir/api-keys.yaml"
fi
# Readable by the PostgreSQL image's user (uid 999) and the server's (uid 10001); the volume is mounted only into
# this topology's own containers.
chmod 0444 "$dir/pg-password" "$dir/api-keys.yaml"
if [ "$#" -gt 0 ]; then
    exec "$@"
fi
