package io.assay.ml;

/**
 * A fitted estimator as bytes: {@code format} says how to read them back. {@code json} for parameters Assay
 * evaluates itself (coefficients, centroids), {@code xgboost-ubj} for XGBoost's own portable format, and
 * {@code java-serialized} for Smile models that have no other format; the latter are read only after their
 * checksum matched the registry, and through an allow-list filter.
 */
public record SavedEstimator(String format, byte[] bytes) {

    public static final String JSON = "json";
    public static final String XGBOOST = "xgboost-ubj";
    public static final String JAVA = "java-serialized";
}
