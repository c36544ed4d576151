#!/bin/sh
# Start-up of ./assay with and without the ahead-of-time cache the build writes (assay-cli target/run/assay.aot),
# alternating, ROUNDS rounds (default 3): `--version`, a 1,000-row profile, the service until /health answers, and a
# 1,000,000-row leakage analysis when the leakage benchmark's file exists (bench/scripts/leakage.sh makes it).
# Usage: bench/scripts/startup.sh [ROUNDS]
. "$(dirname "$(readlink -f "$0")")/common.sh"
rounds=${1:-3}
"$root/assay" --version >/dev/null # builds the jar and the cache when sources changed
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
small="$home/small.csv"
head -n 1001 "$root/../shared/data/domains/supermarket_sales.csv" >"$small"
big="$cache/leakage-retail-1000000.csv"
port=18766

wall() { # seconds a command takes, its output discarded
  /usr/bin/time -f "%e" -o "$home/t" "$@" >/dev/null 2>&1
  cat "$home/t"
}

serve() { # seconds until the service answers /health, then stops it
  start=$(date +%s.%N)
  "$root/assay" serve --port "$port" --data-dir "$home/serve" >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.05; done
  end=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$end - $start" | bc | awk '{printf "%.2f\n", $1}'
}

echo "machine: $(nproc) cores; columns: round, cache, --version, profile 1,000 rows, serve ready, analyze 1M rows (s)"
for i in $(seq "$rounds"); do
  for mode in on off; do
    if [ "$mode" = off ]; then export ASSAY_JAVA_OPTS=-XX:AOTMode=off; else unset ASSAY_JAVA_OPTS; fi
    v=$(wall "$root/assay" --version)
    p=$(wall "$root/assay" profile "$small" --data-dir "$home/cli")
    s=$(serve)
    a=-
    if [ -f "$big" ]; then
      a=$(ASSAY_HOME="$cache/leakage-home" wall "$root/assay" analyze "$big" --domain retail --anomalies "$home/f.csv")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\tload %s\n' "$i" "$mode" "$v" "$p" "$s" "$a" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
