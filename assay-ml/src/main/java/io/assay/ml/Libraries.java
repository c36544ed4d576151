package io.assay.ml;

import java.util.Map;

/** Versions of the machine-learning libraries, recorded in every model's provenance. */
final class Libraries {

    private Libraries() {}

    static Map<String, String> versions() {
        return Map.of(
                "smile", version(smile.math.MathEx.class, "6.3.0"),
                "xgboost4j", version(ml.dmlc.xgboost4j.java.XGBoost.class, "3.4.0"),
                "java", Runtime.version().toString());
    }

    private static String version(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }
}
