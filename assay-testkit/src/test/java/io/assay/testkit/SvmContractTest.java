package io.assay.testkit;

import io.assay.ml.Task;

class SvmContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "svm";
    }

    @Override
    protected Task task() {
        return Task.CLASSIFICATION;
    }
}
