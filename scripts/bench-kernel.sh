#!/usr/bin/env bash
# Kernel benchmarks on loopback: cold start to /ready, and hot-deploy latency (install, update, uninstall
# of the example plugin until /api/hello shows it). Prints a Markdown table for docs/benchmarks.md.
# Usage: scripts/bench-kernel.sh [cold-start runs (default 5)] [update rounds (default 10)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
ROUNDS="${2:-10}"
DIST="$PWD/distribution/target/parley"
PLUGIN="$(ls plugins/hello/target/parley-plugin-hello-*.jar | grep -v sources | head -n1)"
WORK="$(mktemp -d)"
trap 'pkill -f "parley.home=$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

now_ms() { date +%s%3N; }

percentile() { # p values...
  local p="$1"; shift
  printf '%s\n' "$@" | sort -n | awk -v p="$p" '{a[NR]=$1} END {i=int((NR*p+99)/100); if(i<1)i=1; print a[i]}'
}

fresh_home() { # name
  local home="$WORK/$1"
  mkdir -p "$home"
  cp -r "$DIST/bin" "$DIST/lib" "$DIST/etc" "$DIST/deploy" "$home/"
  cp -r "$DIST/system" "$home/system"
  echo "$home"
}

start_node() { # home -> sets PID, URL
  local home="$1"
  PARLEY_HTTP_PORT=0 PARLEY_ADMIN_TOKEN=bench PARLEY_DATA="$home/data" "$home/bin/parley" run >"$home/console.log" 2>&1 &
  PID=$!
  URL=""
  for _ in $(seq 1 3000); do
    if [ -f "$home/data/run/http.url" ]; then
      URL="$(head -n1 "$home/data/run/http.url")"
      if curl -fsS -o /dev/null "${URL}ready" 2>/dev/null; then return 0; fi
    fi
    sleep 0.01
  done
  echo "node did not become ready" >&2; return 1
}

stop_node() {
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
}

echo "Cold start: $RUNS runs" >&2
ready=(); kernel=(); stops=(); empty=()
for i in $(seq 1 "$RUNS"); do
  home="$(fresh_home "cold$i")"
  t0=$(now_ms); start_node "$home"; t1=$(now_ms)
  ready+=($((t1 - t0)))
  t2=$(now_ms); stop_node; t3=$(now_ms)
  stops+=($((t3 - t2)))
  # Baseline measured in the same run: the same JVM and kernel booting Felix with an empty system/ folder.
  base="$(fresh_home "empty$i")"; rm -rf "$base/system"; mkdir -p "$base/system"
  t4=$(now_ms)
  ( PARLEY_DATA="$base/data" "$base/bin/parley" run >"$base/console.log" 2>&1 & echo $! >"$base/pid"; wait ) &
  for _ in $(seq 1 3000); do grep -q "Kernel started" "$base/console.log" 2>/dev/null && break; sleep 0.01; done
  t5=$(now_ms); empty+=($((t5 - t4)))
  kill -TERM "$(cat "$base/pid")" 2>/dev/null || true; wait 2>/dev/null || true
done

echo "Hot deploy: $ROUNDS rounds" >&2
home="$(fresh_home hot)"
start_node "$home"
v2dir="$WORK/v2"; mkdir -p "$v2dir"
(cd "$v2dir" && unzip -q "$OLDPWD/$PLUGIN" && sed -i 's/^Bundle-Version: .*/Bundle-Version: 2.0.0\r/' META-INF/MANIFEST.MF \
  && jar cfm "$WORK/hello-v2.jar" META-INF/MANIFEST.MF $(ls | grep -v META-INF))
version_is() { curl -fsS "${URL}api/hello" 2>/dev/null | grep -q "\"version\":\"$1\""; }
gone() { [ "$(curl -s -o /dev/null -w '%{http_code}' "${URL}api/hello")" = 404 ]; }
wait_until() { for _ in $(seq 1 2000); do "$@" && return 0; sleep 0.005; done; echo "timeout: $*" >&2; return 1; }
drop() { cp "$1" "$home/data/drop.part"; mv "$home/data/drop.part" "$home/deploy/hello.jar"; }
install=(); update=(); uninstall=()
for i in $(seq 1 "$ROUNDS"); do
  t0=$(now_ms); drop "$PLUGIN"; wait_until version_is 1.0.0; t1=$(now_ms); install+=($((t1 - t0)))
  t0=$(now_ms); drop "$WORK/hello-v2.jar"; wait_until version_is 2.0.0; t1=$(now_ms); update+=($((t1 - t0)))
  t0=$(now_ms); rm "$home/deploy/hello.jar"; wait_until gone; t1=$(now_ms); uninstall+=($((t1 - t0)))
done
rest=()
for i in $(seq 1 "$ROUNDS"); do
  f="$PLUGIN"; [ $((i % 2)) -eq 0 ] && f="$WORK/hello-v2.jar"
  t0=$(now_ms)
  curl -fsS -o /dev/null -H 'Authorization: Bearer bench' -H 'Content-Type: application/java-archive' \
    --data-binary "@$f" "${URL}api/admin/bundles?filename=hello.jar"
  t1=$(now_ms); rest+=($((t1 - t0)))
done
stop_node

poll="$(sed -n 's/^felix.fileinstall.poll *= *//p' "$DIST/etc/org.apache.felix.fileinstall-deploy.cfg")"
cat <<TABLE
| measurement | p50 ms | max ms | runs |
|---|---|---|---|
| cold start: launch to /ready 200 ($(find "$DIST/system" -name "*.jar" | wc -l) core bundles) | $(percentile 50 "${ready[@]}") | $(percentile 100 "${ready[@]}") | $RUNS |
| baseline: same JVM + kernel, empty system/ (Felix only) | $(percentile 50 "${empty[@]}") | $(percentile 100 "${empty[@]}") | $RUNS |
| SIGTERM to process exit | $(percentile 50 "${stops[@]}") | $(percentile 100 "${stops[@]}") | $RUNS |
| plugin install: jar moved into deploy/ to /api/hello 200 | $(percentile 50 "${install[@]}") | $(percentile 100 "${install[@]}") | $ROUNDS |
| plugin update: jar overwritten to new version answering | $(percentile 50 "${update[@]}") | $(percentile 100 "${update[@]}") | $ROUNDS |
| plugin uninstall: jar deleted to /api/hello 404 | $(percentile 50 "${uninstall[@]}") | $(percentile 100 "${uninstall[@]}") | $ROUNDS |
| POST /api/admin/bundles (install or update, returns when live) | $(percentile 50 "${rest[@]}") | $(percentile 100 "${rest[@]}") | $ROUNDS |

FileInstall poll interval (etc/org.apache.felix.fileinstall-deploy.cfg): ${poll} ms, so a drop waits on
average half of it before anything happens.
TABLE
