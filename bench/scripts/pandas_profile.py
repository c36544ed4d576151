"""Peer for the ingest + profile benchmark: pandas read_csv + describe(include='all') + nunique, timed in process
(after `import pandas`, like Assay's figure excludes JVM start-up). Prints one line of JSON."""
import json
import sys
import time

import pandas as pd

t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
t1 = time.perf_counter()
described = df.describe(include="all")
unique = df.nunique()
t2 = time.perf_counter()
print(json.dumps({"read_s": round(t1 - t0, 3), "profile_s": round(t2 - t1, 3), "read_profile_s": round(t2 - t0, 3),
                  "rows": len(df), "columns": df.shape[1], "pandas": pd.__version__}))
