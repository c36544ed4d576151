#!/bin/sh
# Revenue leakage end to end on a generated retail file (default 1,000,000 rows): `assay analyze` (ingest, mapping,
# norms, rules, leak model, unusual patterns, ranked findings, findings CSV + summary JSON, JVM start included) beside
# the same pipeline in pandas + scikit-learn + xgboost (bench/scripts/leakage_peer.py), same file, same run; both
# scored against the generator's truth file. Leak models are trained beforehand on the same 60,000 generated rows.
# Usage: bench/scripts/leakage.sh [ROWS]
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-1000000}
need_python_peer python3-pandas python3-sklearn python3-xgboost
data="$cache/leakage-retail-$rows.csv"
train="$cache/leakage-retail-train.csv"
home="$cache/leakage-home"
out="$cache/leakage-out"
mkdir -p "$out"
export ASSAY_HOME="$home"
[ -f "$data" ] || "$root/assay" generate retail --rows "$rows" --leak-rate 0.05 --seed 2026 --out "$data" >&2
# the default leak model (60,000 rows of seed 20251124) is trained on first use: once here, not timed
[ -f "$train" ] || "$root/assay" generate retail --rows 60000 --leak-rate 0.12 --seed 20251124 --out "$train" >&2
"$root/assay" analyze "$train" --domain retail >/dev/null
[ -f "$out/peer-model.json" ] || /usr/bin/python3 "$root/bench/scripts/leakage_peer.py" train "$train" \
  "${train%.csv}.truth.csv" "$out/peer-model.json"
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo "rows: $rows ($(du -h "$data" | cut -f1))"
# three rounds, the two sides alternating, so that other work on the machine weighs on both alike; best of three
rounds=${ROUNDS:-3}
printf 'round\tside\trows_flagged\tmoney_at_risk\tin_process_s\tpeak_rss_mb\twall_s\tload\n'
for i in $(seq "$rounds"); do
  ours=$(measure "$root/assay" analyze "$data" --domain retail --anomalies "$out/assay-findings.csv" \
    --summary "$out/assay-summary.json")
  inproc=$(/usr/bin/python3 -c "import json;m=json.load(open('$out/assay-summary.json'))['metrics'];print(m['anomalies_detected'],m['revenue_impact']['total_revenue_at_risk'],m['processing_time_s'],sep='\t')")
  printf '%s\tassay\t%s\t%s\t%s\n' "$i" "$inproc" "$(echo "$ours" | cut -f2-3)" "$(cut -d' ' -f1 /proc/loadavg)"
  peer=$(measure /usr/bin/python3 "$root/bench/scripts/leakage_peer.py" analyze "$data" "$out/peer-model.json" \
    "$out/peer-findings.csv" "$out/peer-summary.json")
  printf '%s\tpeer\t%s\t%s\t%s\n' "$i" "$(echo "$peer" | cut -f3-5)" "$(echo "$peer" | cut -f6-7)" "$(cut -d' ' -f1 /proc/loadavg)"
done | tee "$out/rounds.tsv"
awk -F'\t' '{ if (!($2 in w) || $7 < w[$2]) { w[$2] = $7; p[$2] = $5 } }
  END { printf "best of %d: assay %.2f s wall (%.2f s in process), peer %.2f s wall (%.2f s in process): %.2fx wall\n", \
        NR / 2, w["assay"], p["assay"], w["peer"], p["peer"], w["peer"] / w["assay"] }' "$out/rounds.tsv"
echo "== quality against the truth file (rule-covered types)"
/usr/bin/python3 "$root/bench/scripts/leakage_peer.py" score "${data%.csv}.truth.csv" "$out/assay-findings.csv" assay
/usr/bin/python3 "$root/bench/scripts/leakage_peer.py" score "${data%.csv}.truth.csv" "$out/peer-findings.csv" peer
