package io.assay.ml.registry;

import io.assay.ml.TrainedModel;

/**
 * A trained model whose files are already in a registry's artifact store but which is not a version yet: nobody sees
 * it until {@link ModelRegistry#register(StagedModel)} numbers it. Staging first lets the slow part (writing the
 * files) happen before, and outside of, the change that makes the version visible (e.g. the service's database
 * transaction that also records the training job's result).
 *
 * @param name the name it is to be registered under
 * @param documentSha256 the stored model document
 * @param estimatorSha256 the stored estimator bytes
 * @param bytes the size of both
 */
public record StagedModel(String name, TrainedModel model, String documentSha256, String estimatorSha256, long bytes) {}
