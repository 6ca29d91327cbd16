#!/usr/bin/env bash
# What the test suite needs beyond the build: installed from Debian's packages when missing.
# Services the tests use (PostgreSQL, ...) are started by the tests themselves when they are not running.
set -euo pipefail
packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
need curl curl
need psql postgresql-client
# browser tests (integration-tests/*WebClientIT): headless Chromium and its WebDriver
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
# the Janus peer (media-client JanusTargetEndToEndTest; scripts/bench-janus.sh) and network namespaces for it
[ -x /usr/bin/janus ] || packages+=(janus)
need ip iproute2
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${packages[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}"
fi
