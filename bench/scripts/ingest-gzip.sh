#!/bin/sh
# What reading gzip costs: ./assay profile of the same 1,000,000-row CSV plain and gzip-compressed (the gzip file is
# expanded once as a counted stream, the decompression-bomb guard, then DuckDB expands it again as it reads), beside
# pandas reading both; alternating, ROUNDS rounds (default 3), the machine's load printed beside each round.
# Usage: bench/scripts/ingest-gzip.sh [ROWS] [ROUNDS]
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-1000000}
rounds=${2:-3}
need_python_peer python3-pandas
build_bench
file="$cache/orders-$rows.csv"
[ -f "$file" ] || $java -cp "$cp" io.assay.bench.OrdersCsv "$rows" "$file" 11
[ -f "$file.gz" ] || gzip -k -6 "$file"
echo "file: $file ($(du -m "$file" | cut -f1) MB; gzip $(du -m "$file.gz" | cut -f1) MB), machine: $(nproc) cores"
echo "columns: (pandas: its in-process read/profile seconds) peak RSS MB, wall s"
cat "$file" "$file.gz" >/dev/null
"$root/assay" --version >/dev/null 2>&1 || true # builds the launcher's jar first if sources changed
i=1
while [ "$i" -le "$rounds" ]; do
  echo "round $i, load:$(uptime | sed 's/.*load average://')"
  for f in "$file" "$file.gz"; do
    echo "  assay  $(basename "$f"): $(measure "$root/assay" profile "$f" --format json --out /dev/null \
      --data-dir "$cache/home" | cut -f2,3)"
    echo "  pandas $(basename "$f"): $(measure /usr/bin/python3 "$root/bench/scripts/pandas_profile.py" "$f")"
  done
  i=$((i + 1))
done
