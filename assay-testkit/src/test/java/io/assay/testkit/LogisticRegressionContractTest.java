package io.assay.testkit;

import io.assay.ml.Task;

class LogisticRegressionContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "logistic_regression";
    }

    @Override
    protected Task task() {
        return Task.CLASSIFICATION;
    }
}
