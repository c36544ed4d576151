package io.assay.testkit;

class LofDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "lof";
    }
}
