package io.assay.testkit;

import java.util.Map;

class AutoencoderDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "autoencoder";
    }

    @Override
    protected Map<String, String> params() {
        return Map.of("epochs", "30", "hidden", "16", "latent", "4", "patience", "0");
    }
}
