#!/usr/bin/env bash
# Signaling room load on one node: N participants join one meeting and stay; prints join latency, join
# rate, memory per participant and chat fan-out. Usage: scripts/bench-room.sh [participants (default 500)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N="${1:-500}"
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl integration-tests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
CP="integration-tests/target/test-classes:$(cat integration-tests/target/bench.classpath)"
exec java -Xmx512m -Dparley.distribution="$PWD/distribution/target/parley" \
  -Dparley.it.output="$PWD/integration-tests/target/it-output" -cp "$CP" org.parley.it.bench.RoomLoad "$N"
