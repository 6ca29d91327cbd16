#!/usr/bin/env bash
# JMH benchmark of the SFU's per-packet forwarding path (bundles/sfu ForwardingBenchmark): one incoming SRTP
# packet decrypted, routed, rewritten, cached and encrypted for N receivers, written through Netty (an
# EmbeddedChannel, so no syscalls), against a crypto-only baseline of the same run. Prints JMH's output, then a
# Markdown table for docs/benchmarks.md (also saved to bundles/sfu/target/bench-sfu.md).
# Usage: scripts/bench-sfu.sh [JMH options]   default: -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -prof CPU (about 10 minutes;
#   CPU = org.parley.sfu.internal.BenchmarkCpuProfiler, CPU time per packet)
#   e.g. scripts/bench-sfu.sh -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -p receivers=10 -p kind=video   two rows, no CPU column
#        scripts/bench-sfu.sh -f 1 -wi 1 -w 1s -i 1 -r 1s -prof gc   a quick smoke run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODULES=.,bundles,bundles/api,bundles/webrtc,bundles/sfu
# Offline first; online only when something (JMH on first use) is not in the local repository yet.
build() { mvn -q -B "$@" install -DskipTests -pl "$MODULES"; }
echo "Building api, webrtc and sfu (with test classes)..." >&2
build -o 2>/dev/null || build -ntp
CP_FILE=bundles/sfu/target/bench-classpath.txt
mvn -q -B -o -pl bundles/sfu dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
CP="bundles/sfu/target/test-classes:bundles/sfu/target/classes:$(cat "$CP_FILE")"
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -prof org.parley.sfu.internal.BenchmarkCpuProfiler
fi
OUT=bundles/sfu/target/bench-sfu.md
echo "Running ForwardingBenchmark on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -cp "$CP" org.parley.sfu.internal.ForwardingBenchmarkReport "$@" | tee bundles/sfu/target/bench-sfu.log
sed -n '/^Markdown/,$p' bundles/sfu/target/bench-sfu.log >"$OUT"
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); table saved to $OUT" >&2
