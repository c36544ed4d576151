package io.assay.leakage.generator;

import java.util.List;

/** Where a generator writes: the data rows and, separately, the truth about the leaks it injected. */
interface Sink {

    void header(List<String> columns);

    void row(List<String> cells);

    /** Row {@code row} (0-based data row) leaks {@code impact} money of type {@code type}. */
    void leak(int row, String type, double impact, String detail);
}
