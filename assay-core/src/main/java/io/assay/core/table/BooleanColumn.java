package io.assay.core.table;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A two-valued column with missing values. It keeps the words its source wrote for true and false ({@code Yes} and
 * {@code No}, say), so that a flag read from a file is written back, and predicted, the way the file spelled it.
 */
public final class BooleanColumn implements Column {

    static final byte MISSING = -1;

    /** The words read as true, whatever their letter case. */
    public static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "t");

    /** The words read as false, whatever their letter case. */
    public static final Set<String> FALSE_WORDS = Set.of("false", "no", "n", "f");

    /** What a flag word says: true, false, or null when {@code text} is none of them (case and padding ignored). */
    public static Boolean word(String text) {
        String w = text.trim().toLowerCase(Locale.ROOT);
        return TRUE_WORDS.contains(w) ? Boolean.TRUE : FALSE_WORDS.contains(w) ? Boolean.FALSE : null;
    }

    private final String name;
    private final byte[] values; // 0 false, 1 true, -1 missing
    private final String trueText;
    private final String falseText;

    private BooleanColumn(String name, byte[] values, String trueText, String falseText) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values;
        this.trueText = Objects.requireNonNull(trueText, "trueText");
        this.falseText = Objects.requireNonNull(falseText, "falseText");
    }

    private BooleanColumn(String name, byte[] values) {
        this(name, values, "true", "false");
    }

    /** A column from boxed values; {@code null} is missing. */
    public static BooleanColumn of(String name, Boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] == null ? MISSING : (byte) (values[i] ? 1 : 0);
        }
        return new BooleanColumn(name, b);
    }

    static BooleanColumn wrap(String name, byte[] values) {
        return new BooleanColumn(name, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.BOOLEAN;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == MISSING;
    }

    /** The same values, written as {@code trueText} and {@code falseText} (e.g. {@code Yes}, {@code No}). */
    public BooleanColumn spelled(String trueText, String falseText) {
        if (trueText.isEmpty() || falseText.isEmpty() || trueText.equals(falseText)) {
            throw new IllegalArgumentException("true and false need two different, non-empty words");
        }
        return new BooleanColumn(name, values, trueText, falseText);
    }

    /** How this column writes true: {@code true} unless its source spelled it otherwise. */
    public String trueText() {
        return trueText;
    }

    /** How this column writes false. */
    public String falseText() {
        return falseText;
    }

    @Override
    public String text(int row) {
        return values[row] == MISSING ? "" : values[row] == 1 ? trueText : falseText;
    }

    /** True when the value at {@code row} is present and true. */
    public boolean isTrue(int row) {
        return values[row] == 1;
    }

    @Override
    public Object value(int row) {
        return values[row] == MISSING ? null : values[row] == 1;
    }

    @Override
    public BooleanColumn withName(String newName) {
        return new BooleanColumn(newName, values, trueText, falseText);
    }

    @Override
    public BooleanColumn select(int[] rows) {
        byte[] out = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new BooleanColumn(name, out, trueText, falseText);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BooleanColumn c
                && c.name.equals(name)
                && Arrays.equals(c.values, values)
                && c.trueText.equals(trueText)
                && c.falseText.equals(falseText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(values), trueText, falseText);
    }

    @Override
    public String toString() {
        return "BooleanColumn[" + name + ", " + values.length + " rows]";
    }
}
