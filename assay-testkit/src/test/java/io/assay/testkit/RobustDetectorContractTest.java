package io.assay.testkit;

class RobustDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "robust";
    }
}
