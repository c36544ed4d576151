package io.assay.core.table;

import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/** A column of repeated labels, stored as codes into a list of distinct levels (first-seen order). */
public final class CategoricalColumn implements Column {

    private final String name;
    private final int[] codes; // -1 missing
    private final List<String> levels;

    private CategoricalColumn(String name, int[] codes, List<String> levels) {
        this.name = Objects.requireNonNull(name, "name");
        this.codes = codes;
        this.levels = List.copyOf(levels);
    }

    /** A column from values; {@code null} is missing. Levels are kept in first-seen order. */
    public static CategoricalColumn of(String name, String... values) {
        var index = new HashMap<String, Integer>();
        var levels = new java.util.ArrayList<String>();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v == null) {
                codes[i] = -1;
            } else {
                codes[i] = index.computeIfAbsent(v, k -> {
                    levels.add(k);
                    return levels.size() - 1;
                });
            }
        }
        return new CategoricalColumn(name, codes, levels);
    }

    static CategoricalColumn wrap(String name, int[] codes, List<String> levels) {
        return new CategoricalColumn(name, codes, levels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.CATEGORICAL;
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] < 0;
    }

    public List<String> levels() {
        return levels;
    }

    @Override
    public String value(int row) {
        int c = codes[row];
        return c < 0 ? null : levels.get(c);
    }

    /** Counts of each level, in level order. */
    public int[] levelCounts() {
        int[] counts = new int[levels.size()];
        for (int c : codes) {
            if (c >= 0) {
                counts[c]++;
            }
        }
        return counts;
    }

    @Override
    public CategoricalColumn withName(String newName) {
        return new CategoricalColumn(newName, codes, levels);
    }

    @Override
    public CategoricalColumn select(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = codes[rows[i]];
        }
        return new CategoricalColumn(name, out, levels);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CategoricalColumn c) || !c.name.equals(name) || c.size() != size()) {
            return false;
        }
        for (int i = 0; i < codes.length; i++) {
            if (!Objects.equals(value(i), c.value(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = name.hashCode();
        for (int i = 0; i < codes.length; i++) {
            h = 31 * h + Objects.hashCode(value(i));
        }
        return h;
    }

    @Override
    public String toString() {
        return "CategoricalColumn[" + name + ", " + levels.size() + " levels, " + codes.length + " rows]";
    }
}
