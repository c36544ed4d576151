package io.assay.testkit;

import io.assay.ml.Task;

class RandomForestContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "random_forest";
    }

    @Override
    protected Task task() {
        return Task.CLASSIFICATION;
    }
}
