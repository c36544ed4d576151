/**
 * Assay's use of DuckDB, the embedded analytical engine: {@link io.assay.core.sql.DuckEngine} (one database),
 * {@link io.assay.core.sql.SqlSession} (one connection), quoting ({@link io.assay.core.sql.Sql}) and
 * {@link io.assay.core.sql.SafeExpression}, the only way user-written expressions reach SQL.
 */
package io.assay.core.sql;
