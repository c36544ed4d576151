#!/bin/sh
# Scoring a saved detector over a file larger than the heap: an isolation forest is fitted on 100,000 order lines
# and saved, then applied with a 1 GB Java heap and a 1 GB DuckDB memory limit to the ~2 GB orders CSV of
# large-file.sh (12,000,000 rows), writing every row's score and the flagged rows with their explanations.
# Usage: bench/scripts/anomaly-large-file.sh [ROWS] [METHOD]   (defaults: 12000000 iforest)
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-12000000}
method=${2:-iforest}
build_bench
file="$cache/orders-$rows.csv"
[ -f "$file" ] || $java -cp "$cp" io.assay.bench.OrdersCsv "$rows" "$file" 12
sample="$cache/orders-sample-100000.csv"
[ -f "$sample" ] || $java -cp "$cp" io.assay.bench.OrdersCsv 100000 "$sample" 13
home="$cache/anomaly-home"
rm -rf "$home" "$cache/anomaly-large-scores.csv" "$cache/anomaly-large-flagged.csv"
"$root/assay" detect "$sample" --method "$method" --save orders --data-dir "$home" >/dev/null
echo "file: $file ($(du -m "$file" | cut -f1) MB), $(uptime | sed 's/.*load/load/')"
export ASSAY_JAVA_OPTS="-Xmx1g" ASSAY_MEMORY_LIMIT=1GB
result=$(measure "$root/assay" detect --model orders "$file" --scores "$cache/anomaly-large-scores.csv" \
  -o "$cache/anomaly-large-flagged.csv" --data-dir "$home" --format json --out "$cache/anomaly-large-summary.json")
echo "assay detect --model (-Xmx1g, DuckDB 1GB): peak RSS $(echo "$result" | cut -f2) MB, wall $(echo "$result" | cut -f3) s"
echo "scores: $(($(wc -l <"$cache/anomaly-large-scores.csv") - 1)) rows; $(grep -m1 -o '"flagged" : [0-9]*' "$cache/anomaly-large-summary.json")"
echo "done: $(uptime | sed 's/.*load/load/')"
