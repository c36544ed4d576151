#!/bin/sh
# A file larger than the heap (default 2 GB) profiled with a 1 GB Java heap and a 1 GB DuckDB memory limit:
# ingest streams, DuckDB spills to the data directory, nothing is loaded into the Java heap.
# Usage: bench/scripts/large-file.sh [ROWS]   (12,000,000 rows is about 2 GB)
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-12000000}
build_bench
file="$cache/orders-$rows.csv"
[ -f "$file" ] || $java -cp "$cp" io.assay.bench.OrdersCsv "$rows" "$file" 12
echo "file: $file ($(du -m "$file" | cut -f1) MB)"
export ASSAY_JAVA_OPTS="-Xmx1g" ASSAY_MEMORY_LIMIT=1GB
result=$(measure "$root/assay" profile "$file" --format json --out "$cache/large-profile.json" --data-dir "$cache/home")
echo "assay profile with -Xmx1g, DuckDB memory limit 1GB: peak RSS $(echo "$result" | cut -f2) MB, wall $(echo "$result" | cut -f3) s"
grep -m1 '"rows"' "$cache/large-profile.json"
