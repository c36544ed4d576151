#!/usr/bin/env python3
"""The seed system's approach (create_product_affinity_simple): pandas groups the lines into baskets and a
collections.Counter counts itertools.combinations of each basket's products. Peer for commerce-affinity.sh.
Usage: commerce_affinity_counter.py DIR TOP OUT.csv [MAX_ORDERS]  -> prints {"total_s": ...}
MAX_ORDERS limits the run to the first orders of the file (the full run can need more memory than the machine)."""
import json
import os
import sys
import time
from collections import Counter
from itertools import combinations

import pandas as pd

t0 = time.perf_counter()
d, top, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
f = os.path.join(d, "order_products__prior.csv.gz")
if not os.path.exists(f):
    f = os.path.join(d, "order_products__prior.csv")
df = pd.read_csv(f, usecols=["order_id", "product_id"])
if limit:
    keep = df.order_id.drop_duplicates().head(limit)
    df = df[df.order_id.isin(keep)]
baskets = df.groupby("order_id").product_id.apply(lambda s: sorted(set(s)))
pair_counts = Counter()
for items in baskets:
    pair_counts.update(combinations(items, 2))
rows = sorted(pair_counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))[:top]
pd.DataFrame([(a, b, n) for (a, b), n in rows], columns=["product_a", "product_b", "n_ab"]).to_csv(out, index=False)
print(json.dumps({"total_s": round(time.perf_counter() - t0, 2), "baskets": int(len(baskets)), "orders_limit": limit}))
