package io.assay.testkit;

import io.assay.ml.Task;

class RandomForestRegressionContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "random_forest";
    }

    @Override
    protected Task task() {
        return Task.REGRESSION;
    }
}
