"""The peer of `assay analyze --domain retail`: the same pipeline written the straightforward way with pandas,
scikit-learn and xgboost. Column mapping by normalised synonyms, norms learned from the file (money unit, typical
line, tax rate per category with exemptions and the tax base, typical price per product else category), the pack's
rules vectorised, an XGBoost leak model that confirms and adds findings, an isolation forest for unusual rows,
findings merged and ranked by money then confidence, findings CSV (with the source row) and a summary JSON.

  leakage_peer.py train LABELLED.csv TRUTH.csv MODEL.json   # the leak model (done once, not timed)
  leakage_peer.py analyze DATA.csv MODEL.json FINDINGS.csv SUMMARY.json
"""
import json
import re
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import IsolationForest

SYNONYMS = {
    "transaction_id": ["invoice_id", "invoice", "invoice_no", "receipt", "receipt_no", "order_id", "txn_id"],
    "timestamp": ["datetime", "date_time", "sold_at", "sale_time", "transaction_time", "created_at", "date"],
    "store": ["branch", "store_id", "shop", "location", "city"],
    "category": ["product_line", "department", "category_name", "product_category", "section"],
    "product": ["sku", "product_id", "item", "item_id", "article", "barcode"],
    "unit_price": ["price", "list_price", "item_price", "price_each"],
    "quantity": ["qty", "units", "count", "volume"],
    "discount": ["discount_amount", "promo", "promotion", "markdown", "rebate"],
    "tax_amount": ["tax", "vat", "sales_tax", "gst", "tax_5"],
    "total": ["total_price", "line_total", "amount", "amount_charged", "charged", "net_amount", "gross_amount"],
    "payment_method": ["payment", "tender", "payment_type"],
    "cost": ["unit_cost", "cogs_per_unit", "cost_price"],
}
MAX_DISCOUNT_SHARE, PRICE_FLOOR, ROUNDING_UNITS, REL_TOL = 0.5, 0.7, 2, 0.001
FEATURES = ["tax_ratio", "tax_missing", "exempt", "discount_share", "total_gap_share", "price_ratio", "cost_ratio",
            "amount_scale", "has_discount"]
UNUSUAL = ["quantity", "unit_price", "amount_scale", "discount_share", "tax_ratio", "total_gap_share", "price_ratio"]


def norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def mapped(raw):
    by_norm = {norm(c): c for c in raw.columns}
    out = pd.DataFrame(index=raw.index)
    mapping = {}
    for canonical, syns in SYNONYMS.items():
        for cand in [canonical] + syns:
            if norm(cand) in by_norm:
                mapping[canonical] = by_norm[norm(cand)]
                out[canonical] = raw[by_norm[norm(cand)]]
                break
    out["discount"] = out["discount"].fillna(0) if "discount" in out else 0.0
    return out, mapping


def money_unit(df):
    for cols in (["tax_amount", "total", "discount"],):
        v = pd.concat([df[c].dropna() for c in cols if c in df])
        v = v[v != 0].abs().head(100000)
        for d in range(0, 5):
            if np.all(np.abs(v * 10 ** d - np.round(v * 10 ** d)) < 1e-6):
                return 10.0 ** -d
    return 0.01


def learn(df):
    norms = {}
    unit = money_unit(df)
    norms["money_unit"] = unit
    line = df.unit_price * df.quantity
    norms["typical_line_amount"] = float(line[line > 0].median())
    bases = {"net": line - df.discount, "gross": line}
    taxed_share = (df.tax_amount > 0).groupby(df.category).mean()
    exempt = taxed_share < 0.5
    rates = {}
    for name, base in bases.items():
        ratio = (df.tax_amount / base).where((df.tax_amount > 0) & (base > 0))
        med = ratio.groupby(df.category).transform("median")
        keep = (ratio - med).abs() <= 0.1 * med
        rates[name] = df.tax_amount.where(keep).groupby(df.category).sum() / base.where(keep).groupby(df.category).sum()
    differ = (df.discount.abs() > 1e-9) & (df.tax_amount > 0)
    fit = {n: (df.tax_amount[differ] - df.category[differ].map(rates[n]) * bases[n][differ]).abs().div(
        df.tax_amount[differ]).median() for n in bases}
    chosen = min(fit, key=lambda n: fit[n]) if differ.sum() >= 5 else "net"
    rate = rates[chosen].where(~exempt, 0.0)
    norms["tax_base"] = chosen
    norms["tax_rate"] = {k: round(float(v), 6) for k, v in rate.items()}
    pos = df.unit_price.where(df.unit_price > 0)
    by_product = pos.groupby(df["product"])
    med_p = by_product.median()
    mad_p = (pos - df["product"].map(med_p)).abs().groupby(df["product"]).median()
    typical_p = med_p.where(mad_p / med_p <= 0.1)
    by_cat = pos.groupby(df.category)
    med_c = by_cat.median()
    mad_c = (pos - df.category.map(med_c)).abs().groupby(df.category).median()
    typical_c = med_c.where(mad_c / med_c <= 0.1)
    typical = df["product"].map(typical_p).fillna(df.category.map(typical_c))
    return norms, bases[chosen], df.category.map(rate), df.category.map(exempt).fillna(False), typical


def features(df):
    norms, base, rate, exempt, typical = learn(df)
    unit = norms["money_unit"]
    f = pd.DataFrame(index=df.index)
    f["subtotal"] = df.unit_price * df.quantity
    f["net"] = f.subtotal - df.discount
    f["exempt"] = exempt.astype(bool)
    f["charged_tax"] = df.tax_amount.fillna(0)
    f["line_amount"] = f.net.abs() + f.charged_tax.abs()
    f["money_tolerance"] = ROUNDING_UNITS * unit + REL_TOL * f.line_amount
    f["expected_tax"] = np.where(f.exempt, 0, np.round(base * rate / unit) * unit)
    f["expected_total"] = f.net + f.charged_tax
    f["discount_share"] = np.where(f.subtotal > 0, df.discount / f.subtotal.where(f.subtotal > 0, 1), 0)
    f["tax_ratio"] = np.where(f.expected_tax > f.money_tolerance, f.charged_tax / f.expected_tax.where(f.expected_tax != 0, 1), 1)
    f["tax_missing"] = f.charged_tax.abs() <= f.money_tolerance
    f["total_gap_share"] = np.where(df.total.isna() | (f.expected_total == 0), 0,
                                    (f.expected_total - df.total) / f.expected_total.abs().where(f.expected_total != 0, 1))
    f["typical_price"] = typical
    f["price_ratio"] = df.unit_price / typical.where(typical != 0)
    f["cost_ratio"] = df.unit_price / df.cost.where(df.cost != 0)
    f["amount_scale"] = f.line_amount / norms["typical_line_amount"]
    f["has_discount"] = df.discount > f.money_tolerance
    f["tax_rate"] = rate
    f["tax_base_amount"] = base
    return norms, f


def rules(df, f, typical_line):
    sev_scale = typical_line
    out = []

    def add(rule, typ, mask, impact, text, evidence, critical=None):
        idx = np.flatnonzero(mask.to_numpy())
        if len(idx) == 0:
            return
        imp = np.maximum(np.asarray(impact)[idx], 0)
        tol = f.money_tolerance.to_numpy()[idx]
        conf = np.minimum(0.99, 0.6 + 0.39 * (1 - tol / np.maximum(imp, tol)))
        sev = np.select([imp >= 2 * sev_scale, imp >= 0.5 * sev_scale, imp >= 0.1 * sev_scale],
                        ["critical", "high", "medium"], "low")
        if critical is not None:
            sev = np.where(np.asarray(critical)[idx], "critical", sev)
        ev = pd.DataFrame({k: np.asarray(v)[idx] for k, v in evidence.items()})
        out.append(pd.DataFrame({"row": idx, "type": typ, "severity": sev, "confidence": np.round(conf, 4),
                                 "revenue_impact": np.round(imp, 4), "rule_id": rule,
                                 "description": np.asarray(text(idx)),
                                 "evidence": [json.dumps(r) for r in ev.to_dict("records")]}))

    def m(v):
        return lambda idx: v.iloc[idx].map("{:.2f}".format).to_numpy()

    def s(v):
        return lambda idx: v.iloc[idx].astype(str).to_numpy()

    def cat(*parts):  # the description of the flagged rows only
        return lambda idx: ["".join(p) for p in zip(*[(x(idx) if callable(x) else [x] * len(idx)) for x in parts])]
    add("TAX_001", "missing_tax", ~f.exempt & (f.expected_tax > f.money_tolerance) & f.tax_missing, f.expected_tax,
        cat("Taxable ", s(df.category), " line charged no tax: ", m(f.expected_tax), " not collected."),
        {"tax_amount": df.tax_amount, "expected_tax": f.expected_tax, "tax_rate": f.tax_rate, "category": df.category})
    add("TAX_002", "wrong_tax_rate", ~f.exempt & ~f.tax_missing & (f.charged_tax < f.expected_tax - f.money_tolerance),
        f.expected_tax - f.charged_tax,
        cat(s(df.category), " line taxed ", m(f.charged_tax), " instead of ", m(f.expected_tax), "."),
        {"tax_amount": df.tax_amount, "expected_tax": f.expected_tax, "tax_ratio": f.tax_ratio, "category": df.category})
    add("DISC_001", "excessive_discount", df.discount > MAX_DISCOUNT_SHARE * f.subtotal + f.money_tolerance,
        df.discount - MAX_DISCOUNT_SHARE * f.subtotal,
        cat("Discount of ", m(df.discount), " on a ", m(f.subtotal), " line."),
        {"discount": df.discount, "subtotal": f.subtotal, "discount_share": f.discount_share},
        critical=df.discount > f.subtotal)
    add("TOT_001", "total_mismatch", df.total < f.expected_total - f.money_tolerance, f.expected_total - df.total,
        cat("Charged ", m(df.total), ", but net plus tax is ", m(f.expected_total), "."),
        {"total": df.total, "expected_total": f.expected_total})
    add("PRICE_001", "price_below_cost", df.unit_price < df.cost - f.money_tolerance / np.maximum(df.quantity, 1),
        (f.typical_price.fillna(df.cost) - df.unit_price) * df.quantity,
        cat(s(df["product"]), " sold at ", m(df.unit_price), ", below its cost of ", m(df.cost), "."),
        {"unit_price": df.unit_price, "cost": df.cost, "quantity": df.quantity})
    add("PRICE_002", "price_below_cost",
        f.typical_price.notna() & ~f.has_discount & (df.unit_price < PRICE_FLOOR * f.typical_price),
        (f.typical_price - df.unit_price) * df.quantity,
        cat(s(df["product"]), " sold at ", m(df.unit_price), " against a typical ", m(f.typical_price), "."),
        {"unit_price": df.unit_price, "typical_price": f.typical_price, "quantity": df.quantity})
    return out


def matrix(f, cols):
    return f[cols].astype(float).to_numpy()


def train(data, truth, model_file):
    raw = pd.read_csv(data)
    df, _ = mapped(raw)
    _, f = features(df)
    t = pd.read_csv(truth)
    y = pd.Series("none", index=df.index)
    y[t.row_index.to_numpy()] = t.type.to_numpy()
    classes = sorted(y.unique())
    clf = xgb.XGBClassifier(n_estimators=20, max_depth=5, learning_rate=0.3, tree_method="hist", n_jobs=2)
    clf.fit(matrix(f, FEATURES), y.map({c: i for i, c in enumerate(classes)}))
    clf.save_model(model_file)
    json.dump(classes, open(model_file + ".classes", "w"))


def analyze(data, model_file, findings_file, summary_file):
    t0 = time.perf_counter()
    raw = pd.read_csv(data)
    df, mapping = mapped(raw)
    norms, f = features(df)
    parts = rules(df, f, norms["typical_line_amount"])
    found = pd.concat(parts, ignore_index=True)
    # leak model: confirm rule findings, add rows it is sure of
    clf = xgb.XGBClassifier()
    clf.load_model(model_file)
    classes = json.load(open(model_file + ".classes"))
    p = clf.predict_proba(matrix(f, FEATURES))
    col = found.type.map({c: i for i, c in enumerate(classes)}).to_numpy()
    prob = p[found.row.to_numpy(), col]
    found["confidence"] = np.round(found.confidence + (1 - found.confidence) * prob, 4)
    best = p.argmax(axis=1)
    sure = (p.max(axis=1) >= 0.9) & (np.array(classes)[best] != "none")
    flagged = set(zip(found.row, found.type))
    extra = [(r, classes[best[r]]) for r in np.flatnonzero(sure) if (r, classes[best[r]]) not in flagged]
    if extra:
        rows = np.array([r for r, _ in extra])
        impact = f.expected_tax.to_numpy()[rows]
        keep = impact > f.money_tolerance.to_numpy()[rows]
        found = pd.concat([found, pd.DataFrame({
            "row": rows[keep], "type": [t for (_, t), k in zip(extra, keep) if k], "severity": "medium",
            "confidence": p.max(axis=1)[rows[keep]], "revenue_impact": impact[keep], "rule_id": "model",
            "description": "The leak model rates this row likely leaking.", "evidence": "{}"})], ignore_index=True)
    # unusual patterns on rows nothing flagged
    unflagged = np.setdiff1d(np.arange(len(df)), found.row.unique())
    x = np.nan_to_num(matrix(pd.concat([df[["quantity", "unit_price"]], f], axis=1), UNUSUAL)[unflagged])
    sample = unflagged[np.linspace(0, len(unflagged) - 1, min(20000, len(unflagged))).astype(int)]
    forest = IsolationForest(n_estimators=100, max_samples=256, random_state=42, n_jobs=2)
    forest.fit(np.nan_to_num(matrix(pd.concat([df[["quantity", "unit_price"]], f], axis=1), UNUSUAL)[sample]))
    score = -forest.score_samples(x)
    order = np.argsort(-score)[: int(0.002 * len(df))]
    order = order[score[order] >= 0.66]
    found = pd.concat([found, pd.DataFrame({
        "row": unflagged[order], "type": "unusual_pattern", "severity": "low",
        "confidence": np.round(np.clip((score[order] - 0.5) * 2, 0, 0.99), 4), "revenue_impact": 0.0,
        "rule_id": "iforest", "description": "Unusual row that no rule explains.",
        "evidence": [json.dumps({"anomaly_score": round(float(s), 4)}) for s in score[order]]})], ignore_index=True)
    # merge per row and type, rank rows by their largest impact then confidence
    found = found.sort_values(["revenue_impact", "confidence"], ascending=False).drop_duplicates(["row", "type"])
    row_max = found.groupby("row").revenue_impact.transform("max")
    row_conf = found.groupby("row").confidence.transform("max")
    found = found.assign(_m=row_max, _c=row_conf).sort_values(
        ["_m", "_c", "row", "revenue_impact", "confidence"], ascending=[False, False, True, False, False])
    out = found.drop(columns=["_m", "_c"]).rename(columns={"row": "row_index"})
    out = out.join(raw, on="row_index", rsuffix="_source")
    out.to_csv(findings_file, index=False)
    per_row = found.groupby("row").revenue_impact.max()
    by_type = found.groupby("type").agg(count=("row", "size"), revenue_impact=("revenue_impact", "sum"))
    summary = {"domain": "retail", "column_mapping": mapping, "norms": norms,
               "metrics": {"total_rows": len(df), "anomalies_detected": int(per_row.size),
                           "anomaly_rate": per_row.size / len(df),
                           "confidence_avg": float(found.groupby("row").confidence.max().mean()),
                           "severity_breakdown": found.severity.value_counts().to_dict(),
                           "revenue_impact": {"total_revenue_at_risk": round(float(per_row.sum()), 2),
                                              "by_type": by_type.to_dict("index")}}}
    json.dump(summary, open(summary_file, "w"), indent=2, default=float)
    print(f"peer\t{len(df)}\t{per_row.size}\t{per_row.sum():.2f}\t{time.perf_counter() - t0:.2f}")


def score(truth_file, findings_file, side):
    truth = pd.read_csv(truth_file)
    found = pd.read_csv(findings_file, usecols=["row_index", "type", "revenue_impact"])
    types = set(truth.type)
    expected = set(zip(truth.row_index, truth.type))
    got = set((r, t) for r, t in zip(found.row_index, found.type) if t in types)
    tp = len(expected & got)
    money = found.groupby("row_index").revenue_impact.max().sum()
    print(f"{side}\trecall {tp / len(expected):.4f}\tprecision {tp / max(1, len(got)):.4f}\t"
          f"money {money:.2f} vs truth {truth.revenue_impact.sum():.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(*sys.argv[2:5])
    elif sys.argv[1] == "score":
        score(*sys.argv[2:5])
    else:
        analyze(*sys.argv[2:6])
