#!/bin/sh
# Detector quality on the 37 labelled ODDS / ADBench sets (shared/data/odds) with the anchors' protocol "adbench":
# for seeds 1, 2, 3 the very test rows of scikit-learn's stratified 70/30 train_test_split, fit on the unlabelled 70%,
# ROC AUC and average precision on the 30%; printed beside the stored scikit-learn runs and ADBench's Table D4.
# Usage: bench/scripts/anomaly-quality.sh [METHODS] [DATASETS]   (defaults: all six methods, all 37 sets)
# Each run adds a CSV to $cache/anomaly-quality/ and the table is made from all of them (the latest run of a dataset,
# method and seed wins), so the sets can be run in parts; remove that folder to start afresh.
. "$(dirname "$(readlink -f "$0")")/common.sh"
need_python_peer python3-pandas python3-sklearn
methods=${1:-iforest,autoencoder,ocsvm,lof,robust,ensemble}
datasets=${2:-all}
odds="$root/../shared/data/odds"
build_bench
py="/usr/bin/python3 $root/bench/scripts/anomaly_quality.py"
$py splits "$odds" "$cache/odds-splits"
mkdir -p "$cache/anomaly-quality"
out="$cache/anomaly-quality/$(date +%Y%m%d-%H%M%S).csv"
echo "uptime: $(uptime | sed 's/.*load/load/')"
LD_LIBRARY_PATH="$root/target/native" $java -Xmx4g -Dodds.splits="$cache/odds-splits" -cp "$cp" \
  io.assay.bench.anomaly.OddsQuality "$odds" "$methods" "$datasets" 1,2,3 2>/dev/null >"$out"
echo "uptime: $(uptime | sed 's/.*load/load/')"
echo "per dataset × method × seed: $out"
$py table "$odds" "$cache/anomaly-quality"
