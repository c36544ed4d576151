"""Writes sklearn_metrics.json: fixed predictions and the metrics scikit-learn computes on them.

Run with Debian's python3-sklearn (/usr/bin/python3 make_fixture.py); the output is checked in and read by
MetricsAgreeWithScikitLearnTest. Predictions are generated with a fixed seed, so the file is reproducible.
"""
import json

import numpy as np
from sklearn import __version__ as sklearn_version
from sklearn import metrics as m

rng = np.random.default_rng(7)
out = {"sklearn": sklearn_version}

# binary classification with some ties in the scores
n = 300
y = rng.integers(0, 2, n)
score = np.clip(0.35 * y + rng.normal(0.35, 0.25, n), 0.01, 0.99).round(2)
pred = (score >= 0.5).astype(int)
proba = np.column_stack([1 - score, score])
out["binary"] = {
    "truth": y.tolist(), "predicted": pred.tolist(), "probabilities": proba.tolist(),
    "accuracy": m.accuracy_score(y, pred),
    "precision_macro": m.precision_score(y, pred, average="macro", zero_division=0),
    "recall_macro": m.recall_score(y, pred, average="macro", zero_division=0),
    "f1_macro": m.f1_score(y, pred, average="macro", zero_division=0),
    "precision_weighted": m.precision_score(y, pred, average="weighted", zero_division=0),
    "recall_weighted": m.recall_score(y, pred, average="weighted", zero_division=0),
    "f1_weighted": m.f1_score(y, pred, average="weighted", zero_division=0),
    "roc_auc": m.roc_auc_score(y, score),
    "average_precision": m.average_precision_score(y, score),
    "log_loss": m.log_loss(y, proba),
    "confusion": m.confusion_matrix(y, pred).tolist(),
}

# three classes
k = 3
y3 = rng.integers(0, k, n)
logits = rng.normal(0, 1, (n, k))
logits[np.arange(n), y3] += 1.2
p3 = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
pred3 = p3.argmax(axis=1)
out["multiclass"] = {
    "truth": y3.tolist(), "predicted": pred3.tolist(), "probabilities": p3.tolist(),
    "accuracy": m.accuracy_score(y3, pred3),
    "precision_macro": m.precision_score(y3, pred3, average="macro", zero_division=0),
    "recall_macro": m.recall_score(y3, pred3, average="macro", zero_division=0),
    "f1_macro": m.f1_score(y3, pred3, average="macro", zero_division=0),
    "precision_weighted": m.precision_score(y3, pred3, average="weighted", zero_division=0),
    "recall_weighted": m.recall_score(y3, pred3, average="weighted", zero_division=0),
    "f1_weighted": m.f1_score(y3, pred3, average="weighted", zero_division=0),
    "roc_auc_ovr": m.roc_auc_score(y3, p3, multi_class="ovr", average="macro"),
    "average_precision_macro": m.average_precision_score(np.eye(k)[y3], p3, average="macro"),
    "log_loss": m.log_loss(y3, p3),
    "confusion": m.confusion_matrix(y3, pred3).tolist(),
}

# regression (no true zeros, so MAPE is defined as in scikit-learn)
yr = rng.normal(50, 15, n)
pr = yr + rng.normal(0, 5, n)
out["regression"] = {
    "truth": yr.tolist(), "predicted": pr.tolist(),
    "r2": m.r2_score(yr, pr), "mse": m.mean_squared_error(yr, pr),
    "rmse": float(np.sqrt(m.mean_squared_error(yr, pr))), "mae": m.mean_absolute_error(yr, pr),
    "mape": m.mean_absolute_percentage_error(yr, pr),
}

# clustering: three blobs, labels as given
centres = np.array([[0, 0], [5, 5], [0, 6]])
lab = rng.integers(0, 3, 400)
xc = centres[lab] + rng.normal(0, 1.2, (400, 2))
out["clustering"] = {
    "x": xc.tolist(), "labels": lab.tolist(),
    "silhouette": m.silhouette_score(xc, lab),
    "davies_bouldin": m.davies_bouldin_score(xc, lab),
    "calinski_harabasz": m.calinski_harabasz_score(xc, lab),
}

with open("sklearn_metrics.json", "w") as f:
    json.dump(out, f)
print("scikit-learn", sklearn_version)
