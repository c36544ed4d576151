#!/usr/bin/env python3
"""Peer for bench/scripts/commerce-affinity.sh: top pairs of Instacart prior lines with pandas + scipy, the method of
shared/data/instacart/reference/compute_reference.py (co-occurrence = X^T X of the basket x product matrix; ties by
product_a, product_b). Usage: commerce_affinity_pandas.py DIR TOP OUT.csv  -> prints {"total_s": ...}"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

t0 = time.perf_counter()
d, top, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
f = os.path.join(d, "order_products__prior.csv.gz")
if not os.path.exists(f):
    f = os.path.join(d, "order_products__prior.csv")
lines = pd.read_csv(f, usecols=["order_id", "product_id"]).drop_duplicates(["order_id", "product_id"])
oid, o_idx = np.unique(lines.order_id.to_numpy(), return_inverse=True)
pid, p_idx = np.unique(lines.product_id.to_numpy(), return_inverse=True)
X = sp.csr_matrix((np.ones(len(lines), dtype=np.float32), (o_idx, p_idx)), shape=(len(oid), len(pid)))
C = sp.triu(X.T @ X, k=1).tocoo()
pairs = pd.DataFrame({"product_a": pid[C.row], "product_b": pid[C.col], "n_ab": C.data.astype(np.int64)})
pairs = pairs.sort_values(["n_ab", "product_a", "product_b"], ascending=[False, True, True]).head(top)
pairs.to_csv(out, index=False)
print(json.dumps({"total_s": round(time.perf_counter() - t0, 2), "baskets": int(len(oid))}))
