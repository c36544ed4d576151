#!/bin/sh
# Implicit ALS: Assay beside Spark MLlib (same run, same splits, same parameters: confidence 1 + alpha*r and ALS-WR
# regularisation mean the same in both) and beside the implicit library's stored figures (shared/data/movielens/
# reference, measured on this machine kind). Then next basket and planted partners on the synthetic Instacart data.
# Usage: bench/scripts/commerce-als.sh [--no-spark]
. "$(dirname "$(readlink -f "$0")")/common.sh"
build_bench
data=$root/../shared/data
[ -d "$data" ] || data=${ASSAY_SHARED_DATA:?set ASSAY_SHARED_DATA to the shared data folder}
splits=$data/movielens/reference/splits
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB RAM; factors 64, 15 iterations"
echo "implicit 0.7.2 stored (movielens/reference): ml-100k P@10 0.2946 NDCG 0.3530, 0.0194 s/it (als_timing), 0.0167 s/it (fit_s/15);"
echo "  lastfm-2k P@10 0.1876 NDCG 0.2206, 0.0853 s/it (als_timing), 0.0843 (fit_s/15); instacart-synth counts 0.341-0.352 s/it"
run_assay() { $java -Xmx4g -cp "$cp" io.assay.bench.commerce.AlsBench "$@"; }
echo "assay ml-100k:   $(run_assay split ml-100k "$splits/ml100k_random80_seed42_train.csv" "$splits/ml100k_random80_seed42_test.csv" 64 0 0.1)"
echo "assay ml-100k:   $(run_assay split ml-100k "$splits/ml100k_random80_seed42_train.csv" "$splits/ml100k_random80_seed42_test.csv" 64 0 validate)"
echo "assay lastfm-2k: $(run_assay split lastfm-2k "$splits/lastfm2k_random80_seed42_train.csv" "$splits/lastfm2k_random80_seed42_test.csv" 64 9 0.1)"
echo "assay lastfm-2k: $(run_assay split lastfm-2k "$splits/lastfm2k_random80_seed42_train.csv" "$splits/lastfm2k_random80_seed42_test.csv" 64 9 validate)"
if [ "${1:-}" != "--no-spark" ]; then
  peer="$(dirname "$(readlink -f "$0")")/commerce-spark-peer.sh"
  echo "spark ml-100k:   $("$peer" ml-100k "$splits/ml100k_random80_seed42_train.csv" "$splits/ml100k_random80_seed42_test.csv" 64 0 0.1 15 2)"
  echo "spark lastfm-2k: $("$peer" lastfm-2k "$splits/lastfm2k_random80_seed42_train.csv" "$splits/lastfm2k_random80_seed42_test.csv" 64 9 0.1 15 2)"
fi
echo "assay instacart-synth (prior counts -> train orders): $(run_assay synth "$data/instacart-synth" 64 9 0.1)"
