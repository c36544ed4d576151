#!/bin/sh
# Ingest + full profile of a 1,000,000-row x 20-column mixed CSV (~150 MB): Assay beside pandas, same file, same run,
# alternating, ROUNDS rounds (default 3) with the machine's load printed beside each pair.
# Usage: bench/scripts/ingest-profile.sh [ROWS] [ROUNDS]
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-1000000}
rounds=${2:-3}
need_python_peer python3-pandas
build_bench
file="$cache/orders-$rows.csv"
[ -f "$file" ] || $java -cp "$cp" io.assay.bench.OrdersCsv "$rows" "$file" 11
echo "file: $file ($(du -m "$file" | cut -f1) MB), machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB RAM"
echo "columns: result line of the program, peak RSS MB, wall s (the in-process figure is in the result line)"

# warm the page cache for both
cat "$file" >/dev/null
i=1
while [ "$i" -le "$rounds" ]; do
  echo "round $i, load:$(uptime | sed 's/.*load average://')"
  echo "  assay:  $(measure $java -Xmx2g -cp "$cp" io.assay.bench.IngestProfileBench "$file")"
  echo "  pandas: $(measure /usr/bin/python3 "$root/bench/scripts/pandas_profile.py" "$file")"
  i=$((i + 1))
done
echo "assay end to end (./assay profile, JVM start included), load:$(uptime | sed 's/.*load average://'):"
measure "$root/assay" profile "$file" --format json --out /dev/null --data-dir "$cache/home" | cut -f2,3 | awk '{print "  peak RSS " $1 " MB, wall " $2 " s"}'
