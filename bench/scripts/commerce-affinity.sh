#!/bin/sh
# Top-100 product pairs on full-scale Instacart-shaped data (206,209 users, ~30 M prior lines, generated once into the
# bench cache): Assay beside pandas + scipy (the reference method) and beside the seed system's Counter approach, same
# files, same run. Checks that the three top-100 lists are identical and prints time and peak RSS of each.
# Usage: bench/scripts/commerce-affinity.sh [COUNTER_MAX_ORDERS]   (0 = the Counter peer on all orders)
. "$(dirname "$(readlink -f "$0")")/common.sh"
limit=${1:-0}
need_python_peer python3-pandas python3-scipy
build_bench
data=$root/../shared/data
[ -d "$data" ] || data=${ASSAY_SHARED_DATA:?set ASSAY_SHARED_DATA to the shared data folder}
full="$cache/instacart-full"
if [ ! -f "$full/order_products__prior.csv.gz" ]; then
  echo "generating full-scale data into $full (about 6 minutes, once)" >&2
  mkdir -p "$full"
  /usr/bin/python3 "$data/instacart-synth/generate_instacart_synth.py" --users 206209 --seed 42 --out "$full" >&2
fi
echo "data: $full ($(du -sm "$full" | cut -f1) MB gzip), machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB RAM"
out=$(mktemp -d)
zcat "$full/order_products__prior.csv.gz" >/dev/null # warm the page cache
echo "assay:   $(measure $java -Xmx1g -cp "$cp" io.assay.bench.commerce.AffinityBench "$full" 100 "$out/assay.csv" 2500MB)"
echo "pandas:  $(measure /usr/bin/python3 "$root/bench/scripts/commerce_affinity_pandas.py" "$full" 100 "$out/pandas.csv")"
if cmp -s "$out/assay.csv" "$out/pandas.csv"; then echo "top-100 pairs: assay = pandas (identical)"; else echo "top-100 pairs DIFFER:"; diff "$out/assay.csv" "$out/pandas.csv" | head; fi
echo "counter: $(measure /usr/bin/python3 "$root/bench/scripts/commerce_affinity_counter.py" "$full" 100 "$out/counter.csv" "$limit")"
if [ "$limit" = 0 ]; then
  if cmp -s "$out/assay.csv" "$out/counter.csv"; then echo "top-100 pairs: assay = counter (identical)"; else echo "top-100 pairs differ from counter"; fi
fi
rm -rf "$out"
