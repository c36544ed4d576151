package io.assay.testkit;

class OneClassSvmDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "ocsvm";
    }
}
