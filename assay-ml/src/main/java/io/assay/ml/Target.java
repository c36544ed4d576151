package io.assay.ml;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.Column;
import io.assay.core.table.NumberColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The target of a supervised model as numbers: class indexes into sorted labels (classification) or values
 * (regression); rows where the target is missing are listed so they can be left out.
 */
record Target(String name, double[] values, List<String> classes, int missing, int[] present) {

    static Target of(Column c, Task task) {
        int n = c.size();
        var present = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            if (!c.isMissing(i)) {
                present.add(i);
            }
        }
        int[] rows = present.stream().mapToInt(Integer::intValue).toArray();
        double[] values = new double[n];
        List<String> classes = List.of();
        if (task == Task.REGRESSION) {
            if (!c.type().isNumeric()) {
                throw new InvalidOptionException(
                        "target", c.name(), "is " + c.type().label() + "; regression needs a numeric target");
            }
            for (int i = 0; i < n; i++) {
                values[i] = ((NumberColumn) c).get(i);
            }
        } else {
            classes = labels(c);
            var index = new TreeMap<String, Integer>();
            for (int k = 0; k < classes.size(); k++) {
                index.put(classes.get(k), k);
            }
            for (int i = 0; i < n; i++) {
                values[i] = c.isMissing(i) ? Double.NaN : index.get(c.text(i));
            }
            if (classes.size() < 2) {
                throw new InvalidOptionException(
                        "target", c.name(), "has " + classes.size() + " class(es); classification needs at least 2");
            }
        }
        return new Target(c.name(), values, classes, n - rows.length, rows);
    }

    /** Labels in natural order: numbers numerically, false before true, text alphabetically. */
    private static List<String> labels(Column c) {
        if (c instanceof BooleanColumn flag) {
            // the words the file wrote (No, Yes), false first
            boolean anyFalse = false, anyTrue = false;
            for (int i = 0; i < flag.size(); i++) {
                if (!flag.isMissing(i)) {
                    anyTrue |= flag.isTrue(i);
                    anyFalse |= !flag.isTrue(i);
                }
            }
            var out = new ArrayList<String>();
            if (anyFalse) {
                out.add(flag.falseText());
            }
            if (anyTrue) {
                out.add(flag.trueText());
            }
            return out;
        }
        if (c.type().isNumeric()) {
            var seen = new TreeSet<Double>();
            for (int i = 0; i < c.size(); i++) {
                if (!c.isMissing(i)) {
                    seen.add(((NumberColumn) c).get(i));
                }
            }
            var out = new ArrayList<String>();
            for (double d : seen) {
                out.add(number(d));
            }
            return out;
        }
        var seen = new TreeSet<String>();
        for (int i = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                seen.add(c.text(i));
            }
        }
        return new ArrayList<>(seen);
    }

    /** A held-out target coded with the training classes; rows with missing or unknown labels are left out. */
    record Known(Target target, int[] rows, int dropped) {}

    static Known known(Column c, Task task, List<String> classes) {
        var keep = new ArrayList<Integer>();
        var values = new ArrayList<Double>();
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i)) {
                continue;
            }
            if (task == Task.REGRESSION) {
                if (c instanceof NumberColumn n) {
                    keep.add(i);
                    values.add(n.get(i));
                }
            } else {
                String label = c.type().isNumeric() ? number(((NumberColumn) c).get(i)) : c.text(i);
                int k = classes.indexOf(label);
                if (k < 0 && c instanceof BooleanColumn flag) {
                    k = classes.indexOf(
                            String.valueOf(flag.isTrue(i))); // a model trained before flags kept their words
                }
                if (k >= 0) {
                    keep.add(i);
                    values.add((double) k);
                }
            }
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        int[] all = new int[rows.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new Known(
                new Target(c.name(), v, task == Task.REGRESSION ? List.of() : classes, 0, all),
                rows,
                c.size() - rows.length);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    Target rows(int[] idx) {
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = values[idx[i]];
        }
        int[] all = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            all[i] = i;
        }
        return new Target(name, v, classes, 0, all);
    }

    Pipeline.Target forPipeline(String column) {
        return classes.isEmpty()
                ? Pipeline.Target.regression(column, values)
                : Pipeline.Target.classes(column, values, classes);
    }
}
