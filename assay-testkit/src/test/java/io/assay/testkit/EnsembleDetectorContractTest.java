package io.assay.testkit;

import java.util.Map;

class EnsembleDetectorContractTest extends DetectorContract {

    @Override
    protected String method() {
        return "ensemble";
    }

    /** The default members (iforest, autoencoder, robust), the autoencoder trained briefly. */
    @Override
    protected Map<String, String> params() {
        return Map.of("autoencoder.epochs", "30", "autoencoder.patience", "0");
    }
}
