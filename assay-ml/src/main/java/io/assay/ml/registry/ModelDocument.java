package io.assay.ml.registry;

import io.assay.core.pipeline.FittedPipeline;
import io.assay.ml.Evaluation;
import io.assay.ml.ModelSpec;
import io.assay.ml.Provenance;

/**
 * The stored form of a trained model, apart from the estimator's bytes: plain JSON that any later Assay version
 * reads ({@code format} changes only with a migration). Golden files of each format are kept in the tests.
 */
record ModelDocument(
        int format,
        ModelSpec spec,
        FittedPipeline pipeline,
        Evaluation evaluation,
        Provenance provenance,
        String estimatorFormat,
        String estimatorSha256) {

    static final int FORMAT = 1;
}
