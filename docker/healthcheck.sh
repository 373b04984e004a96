#!/usr/bin/env bash
# Container health check without curl or wget (the eclipse-temurin JRE image does not promise either): an
# HTTP/1.0 GET over bash's /dev/tcp, healthy when the status line says 200. A JVM started for each check would
# cost more than the check. Usage: healthcheck.sh [port] [path]   (defaults 8080 /health)
set -euo pipefail
port="${1:-8080}"
path="${2:-/health}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || exit 1
exec 3<&-
case "$status" in
    "HTTP/1."[01]" 200"*) exit 0 ;;
    *) echo "unhealthy: ${status:-no answer}" >&2; exit 1 ;;
esac
