package io.assay.ml;

import io.assay.core.error.AssayException;

/**
 * Training refused because numbers are too large to compute with: a value beyond {@link #LIMIT} in a column the
 * model would use (an absurd entry such as {@code 1e+300} among sales totals), or a model whose predictions or metrics
 * overflowed all the same. Nothing is registered: a model with infinite coefficients or metrics is no model.
 */
public final class ValueOutOfRangeException extends AssayException {

    /**
     * The largest magnitude a number may have to be trained on: just under the range of the 32-bit floats XGBoost
     * computes in (3.4e+38), and far enough below double precision's that squares and sums of squares over any
     * table stay finite.
     */
    public static final double LIMIT = 1e38;

    private final String column;
    private final double value;

    ValueOutOfRangeException(String column, double value, String message) {
        super(message);
        this.column = column;
        this.value = value;
    }

    /** The column holding the value, or null when the overflow could not be traced to one column. */
    public String column() {
        return column;
    }

    /** The offending value (the largest in magnitude), or NaN when the overflow came from the model. */
    public double value() {
        return value;
    }

    @Override
    public String code() {
        return "value-out-of-range";
    }
}
