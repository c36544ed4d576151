#!/bin/sh
# Test metrics of every model type beside scikit-learn / Python xgboost with the same hyperparameters, on the same
# train/test files of three real tables (telco churn, telco total charges, card billing clusters) and an anomaly set.
# Usage: bench/scripts/models-quality.sh
. "$(dirname "$(readlink -f "$0")")/common.sh"
need_python_peer python3-pandas python3-sklearn python3-xgboost
work="$cache/models-quality"
home="$work/home"
rm -rf "$work" && mkdir -p "$work"
py="/usr/bin/python3 $root/bench/scripts/models_quality.py"
data="$root/../shared/data"
$py prepare "$work" "$data"
echo "== Python peers"
$py peer "$work" "$data"
echo "== Assay (./assay train --test, then ./assay predict)"
$py cases x "$data" | while read -r name split seeds args; do
  start=$(date +%s.%N)
  for seed in $(seq 1 "$seeds"); do
    # shellcheck disable=SC2086
    "$root/assay" train "$work/$split-train.csv" $args --name "$name-$seed" --seed "$seed" \
      $( [ "$split" = cards ] || echo "--test $work/$split-test.csv" ) --data-dir "$home" --out "$work/$name-$seed.txt" </dev/null
    "$root/assay" predict "$name-$seed" "$work/$split-test.csv" -o "$work/assay-$name-$seed.csv" --data-dir "$home" \
      >/dev/null </dev/null
  done
  echo "assay $name: $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $start}") s (${seeds} seed(s), two JVM starts each)" >&2
done
echo "== Same scoring of both sides' test predictions (uptime: $(uptime | sed 's/.*load/load/'))"
$py compare "$work" "$data"
