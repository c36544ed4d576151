/**
 * The preprocessing pipeline: {@link io.assay.core.pipeline.Pipeline#fit} learns imputation, encoding, scaling and
 * date parts once; the {@link io.assay.core.pipeline.FittedPipeline} applies them identically later and reports
 * what it had to fill ({@link io.assay.core.pipeline.ApplyReport}).
 */
package io.assay.core.pipeline;
