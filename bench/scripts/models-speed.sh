#!/bin/sh
# Random forest (100 trees) and XGBoost training on 100,000 x 20: Assay beside scikit-learn (n_jobs=2) and Python
# xgboost, same files, same hyperparameters, same run; then the JMH single-row prediction latency of a loaded model.
# Usage: bench/scripts/models-speed.sh [ROWS]
. "$(dirname "$(readlink -f "$0")")/common.sh"
rows=${1:-100000}
need_python_peer python3-pandas python3-sklearn python3-xgboost
build_bench
train="$cache/classification-$rows-train.csv"
test="$cache/classification-$rows-test.csv"
[ -f "$train" ] || /usr/bin/python3 "$root/bench/scripts/models_speed_peer.py" make "$train" "$test" "$rows"
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo "== Assay (in process, fit only)"
$java -Xmx4g -cp "$cp" io.assay.bench.models.ModelsSpeedBench "$train" "$test"
echo "== peers (fit only)"
/usr/bin/python3 "$root/bench/scripts/models_speed_peer.py" fit "$train" "$test"
echo "== single-row prediction from a loaded model (JMH, sample time)"
$java -Xmx1g -cp "$cp" org.openjdk.jmh.Main PredictRowBench -f 1 -wi 3 -w 2s -i 5 -r 4s -bm sample -tu us \
  -p train="$train" 2>/dev/null | grep -E "predictOneRow(:p0.50|:p0.99|:p0.999)? |^Benchmark" | sed "s| $train||"
