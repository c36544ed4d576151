package io.assay.testkit;

import io.assay.ml.Task;

class SvmRegressionContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "svm";
    }

    @Override
    protected Task task() {
        return Task.REGRESSION;
    }
}
