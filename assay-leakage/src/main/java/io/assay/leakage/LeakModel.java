package io.assay.leakage;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.Features;
import io.assay.core.sql.Sql;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's supervised leak model: a classifier (XGBoost) over the pack's engineered features that predicts each
 * row's leak type, {@code none} for a clean row. In an analysis it confirms rule findings (a finding's confidence
 * rises with the model's probability of its type: {@code c + (1 − c)·p}) and adds a finding where it is sure of a
 * leak type that no rule of that type flagged (probability at least the pack's {@code min_probability}), with the
 * type's impact and the features that drove the prediction. Train one with {@link LeakModels}.
 *
 * @param name how findings name it ({@code rule_id} is {@code model:<name>})
 * @param model the trained classifier; its classes are leak types and {@code none}
 */
public record LeakModel(String name, TrainedModel model) {

    /** The class of a row without a leak. */
    public static final String NONE = "none";

    /** The pack feature holding each row's rounding tolerance in money, where the pack defines one. */
    static final String MONEY_TOLERANCE = "money_tolerance";

    public LeakModel {
        if (model.spec().task() != Task.CLASSIFICATION
                || !model.spec().classes().contains(NONE)) {
            throw new InvalidOptionException(
                    "leak model", name, "must be a classifier with a '" + NONE + "' class among its leak types");
        }
    }

    /** The features the model reads. */
    public List<String> features() {
        return model.spec().inputColumns();
    }

    /** The model's class probabilities of every row ({@code p[row][class]}) and the features they came from. */
    record Prediction(Features x, double[][] p, int[] sure, int[] sureClass) {}

    /**
     * The prediction of {@code leakModel} for every row, or null when it is not used ({@link #apply} says why). It
     * reads the features alone, not the findings, so it runs beside the rules.
     */
    static Prediction predict(LeakModel leakModel, Preparation prep) {
        if (unused(leakModel, prep) != null) {
            return null;
        }
        FeatureColumns columns = prep.featureColumns(prep.pack.model().features());
        Features x = leakModel.model.pipeline().apply(columns.table(null));
        double[][] p = leakModel.model.estimator().probabilities(x);
        // the rows whose most likely class is a leak type at the pack's minimum probability or more
        double minProbability =
                prep.settings.knob("model min_probability", prep.pack.model().minProbability());
        int none = leakModel.model.spec().classes().indexOf(NONE);
        var sure = new ArrayList<int[]>();
        for (int r = 0; r < p.length; r++) {
            int best = 0;
            for (int c = 1; c < p[r].length; c++) {
                if (p[r][c] > p[r][best]) {
                    best = c;
                }
            }
            if (best != none && p[r][best] >= minProbability) {
                sure.add(new int[] {r, best});
            }
        }
        return new Prediction(
                x,
                p,
                sure.stream().mapToInt(rc -> rc[0]).toArray(),
                sure.stream().mapToInt(rc -> rc[1]).toArray());
    }

    /** Confirms the findings the model agrees with and adds those it is sure of; {@code prediction} from {@link #predict}. */
    static LeakageResult.DetectorStatus apply(
            LeakModel leakModel, Preparation prep, Prediction prediction, List<Finding> findings) {
        LeakageResult.DetectorStatus unused = unused(leakModel, prep);
        return unused != null ? unused : leakModel.run(prep, prediction, findings);
    }

    /** Why the model cannot be used on this analysis, or null when it can. */
    private static LeakageResult.DetectorStatus unused(LeakModel leakModel, Preparation prep) {
        String label = "leak model";
        if (prep.pack.model() == null) {
            return new LeakageResult.DetectorStatus(label, "not used", "the pack defines no leak model", 0);
        }
        if (leakModel == null) {
            return new LeakageResult.DetectorStatus(
                    label, "not used", "no trained leak model for " + prep.pack.name(), 0);
        }
        List<String> wanted = prep.pack.model().features();
        if (!new HashSet<>(wanted).containsAll(leakModel.features())) {
            return new LeakageResult.DetectorStatus(
                    label,
                    "not used",
                    "model " + leakModel.name() + " was trained on other features than the pack's; retrain it",
                    0);
        }
        return null;
    }

    private LeakageResult.DetectorStatus run(Preparation prep, Prediction prediction, List<Finding> findings) {
        Features x = prediction.x();
        double[][] p = prediction.p();
        List<String> classes = model.spec().classes();
        // confirm: a rule finding's confidence rises with the model's probability of its type
        var flagged = new BitSet[classes.size()]; // the rows a finding of each class's type is on
        for (int c = 0; c < flagged.length; c++) {
            flagged[c] = new BitSet();
        }
        int confirmed = 0;
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            int c = classes.indexOf(f.type());
            if (c < 0) {
                continue;
            }
            flagged[c].set(Math.toIntExact(f.datasetRow()));
            double prob = p[(int) f.datasetRow()][c];
            if (prob >= 0.5) {
                confirmed++;
            }
            double conf = f.confidence() + (1 - f.confidence()) * prob;
            findings.set(
                    i,
                    f.withConfidence(
                            Math.round(conf * 10_000) / 10_000.0,
                            "model_probability",
                            Math.round(prob * 10_000) / 10_000.0));
        }
        // add: rows the model is sure leak, with a type no rule of that type flagged
        double minProbability =
                prep.settings.knob("model min_probability", prep.pack.model().minProbability());
        var byType = new LinkedHashMap<String, List<Integer>>();
        var probability = new HashMap<Integer, Double>();
        for (int s = 0; s < prediction.sure().length; s++) {
            int r = prediction.sure()[s];
            int best = prediction.sureClass()[s];
            if (flagged[best].get(r)) {
                continue;
            }
            String type = classes.get(best);
            byType.computeIfAbsent(type, k -> new ArrayList<>()).add(r);
            probability.put(r, p[r][best]);
        }
        int added = 0;
        var runner = new RuleRunner(prep);
        for (var e : byType.entrySet()) {
            DomainPack.RuleSpec rule = prep.pack.rules().stream()
                    .filter(r -> r.type().equals(e.getKey()))
                    .filter(r -> r.requires().stream().allMatch(prep.mapping::has))
                    .findFirst()
                    .orElse(null);
            if (rule == null) {
                continue;
            }
            List<Integer> rows = e.getValue();
            Map<Integer, List<Map.Entry<String, Double>>> reasons = reasons(x, rows);
            for (Finding f : modelFindings(prep, runner, rule, rows, probability, reasons)) {
                findings.add(f);
                added++;
            }
        }
        return new LeakageResult.DetectorStatus(
                "leak model",
                "ran",
                "model " + name + " (" + model.spec().type() + ", classes " + classes + "): " + confirmed
                        + " rule finding(s) confirmed at probability 0.5 or more; " + added
                        + " finding(s) added at probability " + minProbability + " or more",
                added);
    }

    /** The three features that pushed each row's prediction most (TreeSHAP contributions of the predicted class). */
    private Map<Integer, List<Map.Entry<String, Double>>> reasons(Features x, List<Integer> rows) {
        var out = new HashMap<Integer, List<Map.Entry<String, Double>>>();
        int[] index = rows.stream().mapToInt(Integer::intValue).toArray();
        Features sub = x.rows(index);
        double[][] contributions = model.estimator().contributions(sub);
        if (contributions == null) {
            return out;
        }
        for (int i = 0; i < index.length; i++) {
            var bySource = new LinkedHashMap<String, Double>();
            for (int f = 0; f < sub.width(); f++) {
                bySource.merge(sub.source(f), contributions[i][f], Double::sum);
            }
            out.put(
                    index[i],
                    bySource.entrySet().stream()
                            .sorted(Comparator.comparingDouble(
                                            (Map.Entry<String, Double> en) -> Math.abs(en.getValue()))
                                    .reversed())
                            .limit(3)
                            .toList());
        }
        return out;
    }

    private List<Finding> modelFindings(
            Preparation prep,
            RuleRunner runner,
            DomainPack.RuleSpec rule,
            List<Integer> rows,
            Map<Integer, Double> probability,
            Map<Integer, List<Map.Entry<String, Double>>> reasons) {
        RuleRunner.Compiled c = runner.compile(rule);
        var names = new ArrayList<String>();
        for (String n : RuleRunner.names(rule)) {
            if (prep.columns.contains(n)) {
                names.add(n);
            }
        }
        var idRows = new ArrayList<Object[]>();
        rows.forEach(r -> idRows.add(new Object[] {(long) r}));
        String ids = prep.tables.fill("model_rows", List.of(new TempTables.Col("r", "BIGINT")), idRows);
        var select = new StringBuilder("SELECT _row, CAST(" + c.impact() + " AS DOUBLE), " + c.severity());
        names.forEach(n -> select.append(", ").append(Sql.id(n)));
        select.append(" FROM ")
                .append(prep.features)
                .append(" WHERE _row IN (SELECT r FROM ")
                .append(ids)
                .append(")");
        if (prep.columns.contains(MONEY_TOLERANCE)) {
            // a model finding must be money beyond rounding, as a rule finding is
            select.append(" AND CAST(")
                    .append(c.impact())
                    .append(" AS DOUBLE) > ")
                    .append(Sql.id(MONEY_TOLERANCE));
        }
        select.append(" ORDER BY _row");
        return prep.tables.db().queryOrFail(select.toString(), rs -> {
            var out = new ArrayList<Finding>();
            while (rs.next()) {
                int row = (int) rs.getLong(1);
                var values = new LinkedHashMap<String, Object>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), RuleRunner.jsonValue(rs, 4 + i));
                }
                double prob = probability.get(row);
                var evidence = new LinkedHashMap<>(runner.evidenceOf(rule, values));
                evidence.put("model_probability", Math.round(prob * 10_000) / 10_000.0);
                var why = new LinkedHashMap<String, Object>();
                for (var reason : reasons.getOrDefault(row, List.of())) {
                    why.put(reason.getKey(), Math.round(reason.getValue() * 1000) / 1000.0);
                }
                evidence.put("model_reasons", why);
                String text = "The leak model rates this row " + RuleRunner.format(prob, "pct") + " likely "
                        + rule.type().replace('_', ' ') + " although no rule flagged it: "
                        + runner.describe(rule.description(), values);
                out.add(new Finding(
                        row,
                        rule.type(),
                        Severity.parse(rs.getString(3)),
                        Math.round(prob * 10_000) / 10_000.0,
                        RuleRunner.clampImpact(rs.getDouble(2)),
                        "model:" + name,
                        text,
                        evidence,
                        null,
                        row));
            }
            return out;
        });
    }
}
