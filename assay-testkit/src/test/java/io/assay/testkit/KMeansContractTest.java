package io.assay.testkit;

import io.assay.ml.Task;

class KMeansContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "kmeans";
    }

    @Override
    protected Task task() {
        return Task.CLUSTERING;
    }
}
