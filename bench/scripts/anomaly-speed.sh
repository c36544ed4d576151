#!/bin/sh
# Isolation forest fit + score beside scikit-learn IsolationForest(n_jobs=2) on http (567k x 3) and a generated
# 1,000,000 x 20 table; autoencoder training (100,000 x 30, EPOCHS passes) beside PyTorch CPU with the same
# architecture, batch size and optimiser. Both sides are timed in process after reading the file, back to back.
# Usage: bench/scripts/anomaly-speed.sh [forest|autoencoder|all] [EPOCHS] [BATCH] [ROUNDS]   (defaults: all 20 32 1)
# ROUNDS > 1 alternates peer and Assay that many times per table (three runs each time), for a machine whose load moves.
. "$(dirname "$(readlink -f "$0")")/common.sh"
need_python_peer python3-pandas python3-sklearn python3-torch
what=${1:-all}
epochs=${2:-20}
batch=${3:-32}
rounds=${4:-1}
build_bench
py="/usr/bin/python3 $root/bench/scripts/anomaly_speed_peer.py"
assay="env LD_LIBRARY_PATH=$root/target/native $java -Xmx6g -cp $cp io.assay.bench.anomaly.AnomalySpeed"
wide="$cache/anomaly-1000000x20.csv"
ae="$cache/anomaly-100000x30.csv"
[ -f "$wide" ] || $py gen "$wide" 1000000 20 5
[ -f "$ae" ] || $py gen "$ae" 100000 30 8
echo "who,what,run,seconds,score_again_s,roc_auc,loss"
if [ "$what" != autoencoder ]; then
  for file in "$root/../shared/data/odds/http.csv" "$wide"; do
    for round in $(seq "$rounds"); do
      echo "# $(basename "$file"), round $round: $(uptime | sed 's/.*load/load/')"
      $py forest "$file"
      $assay forest "$file" 2>/dev/null
    done
  done
fi
if [ "$what" != forest ]; then
  echo "# $(basename "$ae"), $epochs epochs, batch $batch: $(uptime | sed 's/.*load/load/')"
  $py autoencoder "$ae" "$epochs" "$batch"
  $assay autoencoder "$ae" "$epochs" "$batch" 2>/dev/null
fi
echo "# done: $(uptime | sed 's/.*load/load/')"
