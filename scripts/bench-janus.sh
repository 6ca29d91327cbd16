#!/usr/bin/env bash
# The side-by-side benchmark (issue 7): the same load shape against Parley's SFU and Janus's videoroom, one
# after the other, both servers inside one private network namespace so that they see the same network, the
# load generator on the host side of a veth pair. Prints a Markdown table with Parley/Janus ratios.
#
# usage: scripts/bench-janus.sh [--shape a|b|c|all] [--full] [--duration TIME] [--skip-build] [--keep-logs]
#   a  meetings of 5 participants, all publishing video   (default 4 meetings; --full: 10)
#   b  1 video publisher, N subscribers in one meeting     (default 50; --full: 200)
#   c  audio-only publishers in one meeting, all hear all  (default 20; --full: 50, i.e. 2450 streams)
#   --duration  each run's length from the first join, its 5 s ramp-up included (default 20s; --full: 45s)
# Defaults finish in about 2.5 minutes; --full --shape all in about 8 on 2 cores (plus the build).
#
# Needs root (network namespace), iproute2, curl, Java 17, Maven (offline is fine) and the janus package
# (installed with apt-get when missing). Traffic never leaves the host: 10.203.0.1 (host side) and
# 10.203.0.2 (namespace) only. Everything it starts is stopped, and the namespace deleted, on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

SHAPES=all FULL=0 DURATION="" SKIP_BUILD=0 KEEP_LOGS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --shape) SHAPES="$2"; shift 2 ;;
    --full) FULL=1; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --keep-logs) KEEP_LOGS=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ "$SHAPES" = all ] && SHAPES="a b c"
if [ -z "$DURATION" ]; then DURATION=$([ "$FULL" = 1 ] && echo 45s || echo 20s); fi
[ "$(id -u)" = 0 ] || { echo "needs root: it creates a network namespace" >&2; exit 1; }

HOST_ADDR=10.203.0.1 NS_ADDR=10.203.0.2
NS="parley-bench-$$" HOST_LINK="pbh$$" NS_LINK="pbn$$"
HOST_LINK="${HOST_LINK:0:15}" NS_LINK="${NS_LINK:0:15}"
JANUS_HTTP=8088 JANUS_ADMIN=7088 JANUS_SECRET="bench-$RANDOM$RANDOM"
PARLEY_HTTP=18080 PARLEY_MEDIA=10000
WORK="$(mktemp -d /tmp/parley-bench-janus.XXXXXX)"
JANUS_PID="" PARLEY_PID="" SAMPLER_PID=""

cleanup() {
  set +e
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  for pid in $PARLEY_PID $JANUS_PID; do
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  ip link delete "$HOST_LINK" 2>/dev/null
  ip netns delete "$NS" 2>/dev/null
  if [ "$KEEP_LOGS" = 1 ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[bench-janus] $*" >&2; }

# ---- prerequisites ----
if ! command -v janus >/dev/null; then
  log "installing janus"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q janus >/dev/null
fi
JANUS_LIB="$(dirname "$(dpkg -L janus 2>/dev/null | grep -m1 '/janus/plugins/libjanus_videoroom.so$')")/.."
[ -f "$JANUS_LIB/plugins/libjanus_videoroom.so" ] || JANUS_LIB=/usr/lib/x86_64-linux-gnu/janus
if [ "$SKIP_BUILD" = 0 ]; then
  log "building"
  mvn -B -ntp -q -o install -DskipTests
fi
[ -x distribution/target/parley/bin/parley ] || { echo "no distribution/target/parley: build first" >&2; exit 1; }
# The load generator's classpath from this tree's own modules, not from ~/.m2, which other worktrees share and
# may have installed something else into: compiled in the same reactor as the classpath is built, the
# project's modules resolve to their target/classes (each module writes its own file; media-client's is used).
mvn -B -ntp -q -o -pl bundles/media-client -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-janus-classpath.txt >/dev/null
CP="$ROOT/bundles/media-client/target/classes:$(cat bundles/media-client/target/bench-janus-classpath.txt)"
case "$CP" in *"/.m2/repository/org/parley/"*) echo "the classpath names parley jars of ~/.m2: $CP" >&2; exit 1 ;; esac

# ---- the network: one namespace, one veth pair ----
ip netns add "$NS"
ip link add "$HOST_LINK" type veth peer name "$NS_LINK"
ip link set "$NS_LINK" netns "$NS"
ip addr add "$HOST_ADDR/30" dev "$HOST_LINK"
ip link set "$HOST_LINK" up
ip netns exec "$NS" ip addr add "$NS_ADDR/30" dev "$NS_LINK"
ip netns exec "$NS" ip link set "$NS_LINK" up
ip netns exec "$NS" ip link set lo up

# ---- Janus: only the videoroom plugin and the HTTP transport ----
mkdir -p "$WORK/janus/conf" "$WORK/janus/plugins" "$WORK/janus/transports" "$WORK/janus/empty"
ln -s "$JANUS_LIB/plugins/libjanus_videoroom.so" "$WORK/janus/plugins/"
ln -s "$JANUS_LIB/transports/libjanus_http.so" "$WORK/janus/transports/"
for f in scripts/janus/*.jcfg; do
  sed -e "s#@CONFIGS_FOLDER@#$WORK/janus/conf#; s#@PLUGINS_FOLDER@#$WORK/janus/plugins#" \
      -e "s#@TRANSPORTS_FOLDER@#$WORK/janus/transports#; s#@EMPTY_FOLDER@#$WORK/janus/empty#" \
      -e "s#@RTP_PORT_RANGE@#20000-39999#; s#@MEDIA_ADDRESS@#$NS_ADDR#; s#@HTTP_ADDRESS@#$NS_ADDR#" \
      -e "s#@HTTP_PORT@#$JANUS_HTTP#; s#@ADMIN_PORT@#$JANUS_ADMIN#; s#@ADMIN_SECRET@#$JANUS_SECRET#" \
      "$f" > "$WORK/janus/conf/$(basename "$f")"
done
# ip netns exec execs janus itself: $! is Janus's pid, whose /proc figures the target reads.
ip netns exec "$NS" janus -C "$WORK/janus/conf/janus.jcfg" -F "$WORK/janus/conf" > "$WORK/janus.log" 2>&1 &
JANUS_PID=$!

# ---- Parley: the built distribution, fresh data, the namespace address ----
cp -r distribution/target/parley "$WORK/parley"
ip netns exec "$NS" env PARLEY_HTTP_HOST="$NS_ADDR" PARLEY_HTTP_PORT="$PARLEY_HTTP" \
  PARLEY_MEDIA_ADDRESS="$NS_ADDR" PARLEY_MEDIA_PORT="$PARLEY_MEDIA" PARLEY_DATA="$WORK/parley-data" \
  "$WORK/parley/bin/parley" run > "$WORK/parley.log" 2>&1 &
PARLEY_PID=$!   # bin/parley run execs java, and ip netns exec execs bin/parley

wait_for() { # what url-or-command seconds
  local deadline=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 0.3
  done
  echo "$1 not ready in $3 s" >&2; return 1
}
wait_for Janus "curl -fsS -m 2 -d '{\"janus\":\"info\",\"transaction\":\"ready\"}' http://$NS_ADDR:$JANUS_HTTP/janus" 30 \
  || { tail -20 "$WORK/janus.log" >&2; exit 1; }
wait_for Parley "curl -fsS -m 2 http://$NS_ADDR:$PARLEY_HTTP/ready" 90 || { tail -20 "$WORK/parley.log" >&2; exit 1; }
log "Janus (pid $JANUS_PID) and Parley (pid $PARLEY_PID) ready in namespace $NS"

# ---- one run ----
shape_options() {
  case "$1" in
    a) echo "--meetings $([ "$FULL" = 1 ] && echo 10 || echo 4) --publishers 5 --subscribers 0 --video on" ;;
    b) echo "--meetings 1 --publishers 1 --subscribers $([ "$FULL" = 1 ] && echo 200 || echo 50) --video on" ;;
    c) echo "--meetings 1 --publishers $([ "$FULL" = 1 ] && echo 50 || echo 20) --subscribers 0 --video off" ;;
  esac
}
shape_title() {
  set -- $(shape_options "$1")
  echo "$2 meeting(s) x $4 publishers + $6 subscribers, video $8"
}

# Peak resident memory of a process while a run goes on (VmRSS each second), in MiB.
sample_rss() { # pid out
  local max=0 kb
  while kill -0 "$1" 2>/dev/null; do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$max" ] && max=$kb && echo "$max" > "$2"
    sleep 1
  done
}

run_load() { # server shape
  local server="$1" shape="$2" out="$WORK/$1-$2.txt" pid main
  local common=(--bind "$HOST_ADDR" --duration "$DURATION" --bitrate 500k --fps 15 $(shape_options "$shape"))
  if [ "$server" = parley ]; then
    # --server-pid: the URL's address is the namespace's, which the load generator checks through that process.
    pid=$PARLEY_PID main=(org.parley.client.load.LoadTestMain --url "http://$NS_ADDR:$PARLEY_HTTP"
      --server-pid "$PARLEY_PID")
  else
    pid=$JANUS_PID main=(org.parley.client.janus.JanusLoadTestMain --url "http://$NS_ADDR:$JANUS_HTTP/janus"
      --admin-url "http://$NS_ADDR:$JANUS_ADMIN/admin" --admin-secret "$JANUS_SECRET" --server-pid "$JANUS_PID")
  fi
  echo 0 > "$out.rss"
  sample_rss "$pid" "$out.rss" & SAMPLER_PID=$!
  log "$server, shape $shape: $(shape_title "$shape"), $DURATION"
  java -Xmx3g -cp "$CP" "${main[@]}" "${common[@]}" > "$out" 2>"$out.err" || log "$server run exited $? (see $out.err)"
  kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
}

# Figures from LoadReport.table(): "name   value" lines.
field() { { grep -m1 "^$2 " "$1" 2>/dev/null || true; } | sed "s/^$2 *//"; }
figures() { # file -> "fwd_per_s cpu_us p50 p99 loss_pct rss_mib receiving"
  local f="$1" run fwd cpu delay loss rss recv
  run=$(field "$f" run | awk '{print $1}')
  fwd=$(field "$f" "server forwarded" | awk '{print $1}')
  cpu=$(field "$f" "server CPU per forwarded packet" | awk '{print $1}')
  delay=$(field "$f" "delay through the server")
  loss=$(field "$f" loss | awk '{print $1}' | tr -d '%')
  recv=$(field "$f" "participants connected" | sed 's/.*joined, \([0-9]*\) receiving.*/\1/')
  rss=$(awk '{printf "%.0f", $1 / 1024}' "$f.rss")
  awk -v run="${run:-0}" -v fwd="${fwd:-unknown}" -v cpu="${cpu:-unknown}" -v d="$delay" -v loss="${loss:-?}" \
      -v rss="$rss" -v recv="${recv:-?}" 'BEGIN {
    if (d == "") d = "p50 ? ms, p99 ? ms";
    split(d, p, /[ ,]+/); rate = (fwd ~ /^[0-9.]+$/ && run > 0) ? sprintf("%.0f", fwd / run) : "unknown";
    print rate, cpu, p[2], p[5], loss, rss, recv }'
}
# The steady state, from the progress lines of the seconds after the joins (ramp-up + 3 s on): server CPU per
# packet the clients received (mean CPU % / mean received pkt/s; with no loss the same packets the server
# forwarded, and Janus's forwarded count is not read each second) and the median of the per-second delay p99.
steady() { # file ramp_up_seconds -> "cpu_us p99_ms"
  awk -v from="$(( $2 + 3 ))" '
    /^ *[0-9]+s joined / {
      sec = $1 + 0; if (sec < from) next
      cpu = ""; recv = ""; p99 = ""
      for (i = 1; i < NF; i++) {
        if ($i == "received" && recv == "") recv = $(i + 1)
        if ($i == "p99") p99 = $(i + 1)
        if ($i == "cpu") { cpu = $(i + 1); sub(/%/, "", cpu) }
      }
      if (cpu == "?" || recv == "") next
      n++; cpus += cpu; recvs += recv; p99s[n] = p99 + 0
    }
    END {
      if (n == 0 || recvs == 0) { print "unknown", "unknown"; exit }
      # insertion sort: a few dozen seconds at most
      for (i = 2; i <= n; i++) { v = p99s[i]; for (j = i - 1; j >= 1 && p99s[j] > v; j--) p99s[j + 1] = p99s[j]; p99s[j + 1] = v }
      printf "%.1f %.2f\n", (cpus / n / 100) * 1e6 / (recvs / n), p99s[int((n + 1) / 2)]
    }' "$1"
}
ramp_up_seconds() { field "$1" run | sed -n 's/.*(ramp-up \([0-9]*\).*/\1/p'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "-" }'; }

for shape in $SHAPES; do
  run_load parley "$shape"
  run_load janus "$shape"
done

# ---- the table ----
echo
echo "Side by side, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end,"
echo "each run $DURATION from the first join (5 s ramp-up included), video 500 kb/s at 15 fps"
echo
echo "| shape | server | forwarded packets/s | server CPU µs per forwarded packet | steady CPU µs per packet | added delay p50 ms | p99 ms | steady p99 ms | loss % | server RSS MiB | receiving |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for shape in $SHAPES; do
  read -r pf pc p50 p99 pl pr pn < <(figures "$WORK/parley-$shape.txt") || true
  read -r jf jc j50 j99 jl jr jn < <(figures "$WORK/janus-$shape.txt") || true
  read -r ps ps99 < <(steady "$WORK/parley-$shape.txt" "$(ramp_up_seconds "$WORK/parley-$shape.txt")") || true
  read -r js js99 < <(steady "$WORK/janus-$shape.txt" "$(ramp_up_seconds "$WORK/janus-$shape.txt")") || true
  title="($shape) $(shape_title "$shape")"
  echo "| $title | Parley | $pf | $pc | $ps | $p50 | $p99 | $ps99 | $pl | $pr | $pn |"
  echo "| $title | Janus 1.1.2 | $jf | $jc | $js | $j50 | $j99 | $js99 | $jl | $jr | $jn |"
  echo "| $title | Parley/Janus | $(ratio "$pf" "$jf") | $(ratio "$pc" "$jc") | $(ratio "$ps" "$js") | $(ratio "$p50" "$j50") | $(ratio "$p99" "$j99") | $(ratio "$ps99" "$js99") | - | $(ratio "$pr" "$jr") | - |"
done
echo
[ "$KEEP_LOGS" = 1 ] && echo "Raw reports: $WORK" >&2 || true
