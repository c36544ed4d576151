package io.assay.testkit;

import io.assay.ml.Task;

class XGBoostRegressionContractTest extends TrainerContract {

    @Override
    protected String model() {
        return "xgboost";
    }

    @Override
    protected Task task() {
        return Task.REGRESSION;
    }
}
