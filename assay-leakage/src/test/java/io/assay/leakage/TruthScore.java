package io.assay.leakage;

import io.assay.core.ingest.Ingest;
import io.assay.core.table.Table;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** How an analysis compares with a generator's truth file, over a set of leak types. */
record TruthScore(long truePositives, long falsePositives, long falseNegatives, double truthMoney, double foundMoney) {

    double precision() {
        return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
    }

    double recall() {
        return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
    }

    double moneyError() {
        return truthMoney == 0 ? foundMoney : Math.abs(foundMoney - truthMoney) / truthMoney;
    }

    static TruthScore of(LeakageResult result, Path truthFile, Set<String> types) {
        Table truth = Ingest.read(truthFile, Ingest.Options.defaults()).table();
        var expected = new HashSet<String>();
        double truthMoney = 0;
        for (int i = 0; i < truth.rowCount(); i++) {
            String type = truth.column("type").text(i);
            if (types.contains(type)) {
                expected.add(((Number) truth.column("row_index").value(i)).longValue() + "|" + type);
            }
            truthMoney += ((Number) truth.column("revenue_impact").value(i)).doubleValue();
        }
        var found = new HashSet<String>();
        for (Finding f : result.findings()) {
            if (types.contains(f.type())) {
                found.add(f.rowIndex() + "|" + f.type());
            }
        }
        long tp = found.stream().filter(expected::contains).count();
        return new TruthScore(
                tp,
                found.size() - tp,
                expected.size() - tp,
                truthMoney,
                result.metrics().revenueImpact().totalRevenueAtRisk());
    }

    /** Misses and false alarms per type, for messages. */
    static Map<String, String> detail(LeakageResult result, Path truthFile, Set<String> types) {
        var out = new LinkedHashMap<String, String>();
        for (String t : types) {
            var s = of(result, truthFile, Set.of(t));
            out.put(t, "tp " + s.truePositives() + " fp " + s.falsePositives() + " fn " + s.falseNegatives());
        }
        return out;
    }
}
