/**
 * Reading business tables: {@link io.assay.core.ingest.Ingest} turns CSV/TSV, XLSX, Parquet and JSON-lines files
 * into typed {@link io.assay.core.ingest.Dataset}s (in DuckDB) or {@link io.assay.core.table.Table}s (in memory),
 * with an {@link io.assay.core.ingest.IngestReport} of every decision and every problem.
 */
package io.assay.core.ingest;
