"""The peers of ModelsSpeedBench: scikit-learn's random forest (n_jobs=2) and Python xgboost on the same files.

  models_speed_peer.py make TRAIN.csv TEST.csv ROWS     writes a numeric classification table (20 columns, y)
  models_speed_peer.py fit TRAIN.csv TEST.csv           fits both peers, best of three, prints time and accuracy
"""

import sys
import time

import pandas as pd
import xgboost
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score


def make(train, test, rows):
    x, y = make_classification(n_samples=rows + rows // 4, n_features=20, n_informative=10, n_redundant=4,
                               flip_y=0.02, random_state=7)
    frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(20)])
    frame["y"] = y
    frame.iloc[:rows].to_csv(train, index=False, float_format="%.6f")
    frame.iloc[rows:].to_csv(test, index=False, float_format="%.6f")


def fit(train, test):
    train, test = pd.read_csv(train), pd.read_csv(test)
    x, y = train.drop(columns="y").to_numpy(), train["y"].to_numpy()
    tx, ty = test.drop(columns="y").to_numpy(), test["y"].to_numpy()
    peers = {
        "sklearn RandomForestClassifier(100, n_jobs=2)":
            lambda: RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=42),
        "python xgboost (200 rounds, depth 6)":
            lambda: xgboost.XGBClassifier(n_estimators=200, max_depth=6, learning_rate=0.3, tree_method="hist",
                                          n_jobs=2, random_state=42),
    }
    for label, factory in peers.items():
        times = []
        for _ in range(3):
            model = factory()
            started = time.perf_counter()
            model.fit(x, y)
            times.append(time.perf_counter() - started)
        accuracy = accuracy_score(ty, model.predict(tx))
        print(f"{label:<46} fit {min(times):.2f} s (best of {[round(t, 2) for t in times]}), "
              f"test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        fit(sys.argv[2], sys.argv[3])
