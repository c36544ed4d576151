package io.assay.testkit;

import io.assay.ml.Task;

class IsolationForestContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "isolation_forest";
    }

    @Override
    protected Task task() {
        return Task.ANOMALY_DETECTION;
    }
}
