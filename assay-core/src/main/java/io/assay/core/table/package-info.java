/**
 * The in-memory table model: {@link io.assay.core.table.Table}, its typed {@link io.assay.core.table.Column}s and
 * {@link io.assay.core.table.Schema}. Columns are immutable and columnar (primitive arrays), so models and the
 * preprocessing pipeline read them without boxing.
 */
package io.assay.core.table;
