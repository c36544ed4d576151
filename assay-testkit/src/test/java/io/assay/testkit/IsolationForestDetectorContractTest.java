package io.assay.testkit;

class IsolationForestDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "iforest";
    }
}
