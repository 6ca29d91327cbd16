#!/usr/bin/env bash
# Records the bandwidth-estimation traces that BandwidthEstimatorTraceTest replays: headless Chromium through the
# real SFU, Ben's browser in a network namespace, its downlink
# shaped with tc (BandwidthTraceRecordingIT), one trace per scenario (unshaped;
# 300 kbit/s; 1 Mbit/s; 2 Mbit/s -> 300 kbit/s -> lifted), written gzipped to
# bundles/sfu/src/test/resources/bwe-traces/ (or the folder given), replacing the traces there.
#
# usage: scripts/record-bwe-traces.sh [--skip-build] [DIR]
#
# Needs root (a network namespace and tc), Chromium and chromedriver (scripts/install-test-deps.sh). Takes about 5 minutes plus the
# build; runs under /tmp/parley-heavy.lock so that no other heavy run disturbs the timing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

SKIP_BUILD=0
OUT="$ROOT/bundles/sfu/src/test/resources/bwe-traces"
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) SKIP_BUILD=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
    *) OUT="$(mkdir -p "$1" && cd "$1" && pwd)"; shift ;;
  esac
done

if [ "$SKIP_BUILD" = 0 ]; then
  mvn -q -B -o clean install -DskipTests
fi
flock /tmp/parley-heavy.lock mvn -B -o verify -pl integration-tests -Dit.test=BandwidthTraceRecordingIT \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false "-Dbwe.traces.record=$OUT"
ls -l "$OUT"/*.bwe.gz
du -ch "$OUT"/*.bwe.gz | tail -1
