#!/bin/sh
# The HTTP service under load, on loopback: (1) POST /api/v1/models/{name}/predict with one row at a fixed
# 1,000 requests/s for 60 s from an open-model client (requests due every 1 ms whatever the latency, each latency
# counted from the instant it was due: io.assay.bench.server.ConstantRateLoad), percentiles and errors; for comparison
# the same rate from `hey -c 50 -q 20`, whose 50 workers fire together (bursts of 50 every 50 ms); (2) 50 concurrent
# uploads of a 20 MB retail CSV, each followed by a revenue-leakage analysis, all awaited: errors, wall time, the
# server's peak RSS. The server runs as `assay serve` with rate limits off and a known admin key.
# Usage: bench/scripts/server-load.sh [RATE] [SECONDS] [UPLOADS]   (UPLOADS=0 skips the upload part)
. "$(dirname "$(readlink -f "$0")")/common.sh"
rate=${1:-1000}
seconds=${2:-60}
uploads=${3:-50}
dpkg -s hey >/dev/null 2>&1 || { echo "installing hey (load client)" >&2; apt-get install -y -qq hey >/dev/null; }
build_bench
home=$(mktemp -d "$cache/server-home-XXXX")
port=18765
key=bench-admin-key-0123456789abcdef
base="http://127.0.0.1:$port"
ASSAY_AUTH_ADMIN_KEY=$key ASSAY_RATE_LIMIT_ENABLED=false ASSAY_LOG_FORMAT=plain ASSAY_UPLOAD_MAX_SIZE=64MB \
  "$root/assay" serve --port "$port" --data-dir "$home" >"$home/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$home"' EXIT
until curl -fs "$base/health" >/dev/null 2>&1; do sleep 1; kill -0 $server || { cat "$home/server.log"; exit 1; }; done
pid=$(pgrep -P $server java || echo $server)
auth="Authorization: Bearer $key"
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
await() { # job id; polls every 2 s without starting a Python per poll (50 of these run at once)
  while :; do
    s=$(curl -fs -H "$auth" "$base/api/v1/jobs/$1" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4)
    case $s in succeeded|failed|cancelled) echo "$s"; return;; esac
    sleep 2
  done
}
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"

echo "== single-row predict at $rate req/s for $seconds s"
ds=$(curl -fs -H "$auth" -F file=@"$root/../shared/data/domains/telco_customer_churn_ibm.csv" "$base/api/v1/datasets")
await "$(echo "$ds" | json "d['job']['id']")" >/dev/null
train=$(curl -fs -H "$auth" -H 'Content-Type: application/json' -d "{\"dataset_id\":\"$(echo "$ds" | json "d['dataset']['id']")\",
  \"target\":\"Churn\",\"model\":\"xgboost\",\"params\":{\"n_estimators\":100},\"name\":\"churn\"}" "$base/api/v1/models")
echo "training: $(await "$(echo "$train" | json "d['job']['id']")")"
curl -fs -X POST -H "$auth" "$base/api/v1/models/churn/versions/1/promote" >/dev/null
row='{"rows":[{"gender":"Female","SeniorCitizen":0,"Partner":"Yes","Dependents":"No","tenure":1,"PhoneService":"No","MultipleLines":"No phone service","InternetService":"DSL","OnlineSecurity":"No","OnlineBackup":"Yes","DeviceProtection":"No","TechSupport":"No","StreamingTV":"No","StreamingMovies":"No","Contract":"Month-to-month","PaperlessBilling":"Yes","PaymentMethod":"Electronic check","MonthlyCharges":29.85,"TotalCharges":29.85}]}'
hey -z 10s -c 20 -q 20 -m POST -H "$auth" -T application/json -d "$row" "$base/api/v1/models/churn/predict" >/dev/null
body="$home/row.json"
echo "$row" >"$body"
$java -Xmx256m -cp "$cp" io.assay.bench.server.ConstantRateLoad "$base/api/v1/models/churn/predict" "$rate" "$seconds" 10 \
  "$body" "$auth"
echo "load after: $(uptime | sed 's/.*load/load/')"
echo "== the same rate as bursts: hey, 50 workers x $((rate / 50)) req/s each, $seconds s"
hey -z "${seconds}s" -c 50 -q $((rate / 50)) -m POST -H "$auth" -T application/json -d "$row" \
  "$base/api/v1/models/churn/predict" | grep -E "Requests/sec|50%|90%|99%|\[[0-9]+\]|Error"
echo "load after: $(uptime | sed 's/.*load/load/')"

[ "$uploads" -gt 0 ] || exit 0
echo "== $uploads concurrent uploads of a 20 MB CSV, each followed by a leakage analysis"
data="$cache/server-retail-230k.csv"
[ -f "$data" ] || "$root/assay" generate retail --rows 230000 --leak-rate 0.05 --seed 7 --out "$data" >&2
echo "file: $(du -h "$data" | cut -f1)"
# the default retail leak model is trained on the first analysis: once, before the clock starts
warm=$(curl -fs -H "$auth" -F file=@"$root/../shared/data/domains/supermarket_sales.csv" "$base/api/v1/datasets")
await "$(echo "$warm" | json "d['job']['id']")" >/dev/null
w=$(curl -fs -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"dataset_id\":\"$(echo "$warm" | json "d['dataset']['id']")\",\"domain\":\"retail\"}" "$base/api/v1/analyses")
echo "warm-up analysis: $(await "$(echo "$w" | json "d['job']['id']")")"
start=$(date +%s.%N)
peak=0
( while kill -0 $server 2>/dev/null; do
    r=$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null || echo 0); echo "$r"; sleep 1; done ) >"$home/rss.txt" &
sampler=$!
i=0
pids=""
while [ $i -lt "$uploads" ]; do
  ( up=$(curl -fs -H "$auth" -F file=@"$data" "$base/api/v1/datasets") || { echo "upload failed"; exit 0; }
    id=$(echo "$up" | json "d['dataset']['id']")
    [ "$(await "$(echo "$up" | json "d['job']['id']")")" = succeeded ] || { echo "reading the upload failed"; exit 0; }
    a=$(curl -fs -H "$auth" -H 'Content-Type: application/json' -d "{\"dataset_id\":\"$id\",\"domain\":\"retail\"}" \
      "$base/api/v1/analyses") || { echo "analysis refused"; exit 0; }
    await "$(echo "$a" | json "d['job']['id']")" ) >"$home/upload-$i.txt" &
  pids="$pids $!"
  i=$((i + 1))
done
for p in $pids; do wait "$p" || true; done
end=$(date +%s.%N)
kill $sampler 2>/dev/null || true
ok=$(cat "$home"/upload-*.txt | grep -c '^succeeded$' || true)
peak=$(sort -n "$home/rss.txt" | tail -1)
echo "succeeded: $ok of $uploads; wall: $(echo "$end - $start" | bc) s; server peak RSS: $((peak / 1024)) MB"
echo "load after: $(uptime | sed 's/.*load/load/')"
