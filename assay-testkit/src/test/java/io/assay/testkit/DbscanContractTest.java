package io.assay.testkit;

import io.assay.ml.Task;

class DbscanContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "dbscan";
    }

    @Override
    protected Task task() {
        return Task.CLUSTERING;
    }
}
