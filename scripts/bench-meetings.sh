#!/usr/bin/env bash
# Throughput and latency of the Meetings API against a running node, from a second process (wrk) on loopback:
# create-meeting (POST /api/meetings) and the join check (POST /api/meetings/{id}/join).
#   scripts/bench-meetings.sh [BASE_URL] [DURATION] [CONNECTIONS]
# BASE_URL defaults to the URL in data/run/http.url or http://127.0.0.1:8080/. Needs wrk and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BASE="${1:-$( [ -f data/run/http.url ] && cat data/run/http.url || echo http://127.0.0.1:8080/ )}"
BASE="${BASE%/}"
DURATION="${2:-20s}"
CONNECTIONS="${3:-16}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
EMAIL="bench-$(date +%s)-$RANDOM@example.com"
curl -fsS -X POST "$BASE/api/users" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"displayName\":\"Bench\",\"password\":\"bench password 1\"}" >/dev/null
export PARLEY_TOKEN=$(curl -fsS -X POST "$BASE/api/sessions" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"bench password 1\"}" | json '["token"]')
export PARLEY_START=$(date -u -d '+2 days' +%Y-%m-%dT09:00:00Z)
MEETING=$(curl -fsS -X POST "$BASE/api/meetings" -H 'Content-Type: application/json' -H "Authorization: Bearer $PARLEY_TOKEN" \
  -d '{"title":"Join target"}')
ID=$(echo "$MEETING" | json '["id"]')
export PARLEY_PASSCODE=$(echo "$MEETING" | json '["passcode"]')

echo "== create meeting: POST $BASE/api/meetings ($CONNECTIONS connections, $DURATION)"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/create-meeting.lua "$BASE/api/meetings"
echo
echo "== join check: POST $BASE/api/meetings/$ID/join ($CONNECTIONS connections, $DURATION)"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/join-check.lua "$BASE/api/meetings/$ID/join"
