/**
 * Profiling and data quality: {@link io.assay.core.profile.Profiler} describes every column of a dataset
 * ({@link io.assay.core.profile.ColumnProfile}) and scores the table ({@link io.assay.core.profile.DataQuality}).
 */
package io.assay.core.profile;
