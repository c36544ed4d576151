package io.assay.testkit;

import io.assay.ml.Task;

class LinearRegressionContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "linear_regression";
    }

    @Override
    protected Task task() {
        return Task.REGRESSION;
    }
}
