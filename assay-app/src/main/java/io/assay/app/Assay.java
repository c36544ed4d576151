package io.assay.app;

import io.assay.core.Progress;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.profile.Profiler;
import io.assay.core.profile.TableProfile;
import io.assay.core.sql.DuckEngine;
import java.nio.file.Path;

/**
 * The use cases of Assay, the only API the CLI and the server call: each method takes a request record and returns
 * a result record, with domain errors surfacing as {@link io.assay.core.error.AssayException}s.
 *
 * <pre>{@code
 * try (Assay assay = Assay.open(AssayHome.resolve(null, System.getenv()))) {
 *     TableProfile p = assay.profile(new Assay.ProfileRequest(Path.of("sales.csv"), Ingest.Options.defaults(),
 *             Profiler.Options.defaults()), Progress.NONE);
 * }
 * }</pre>
 */
public final class Assay implements AutoCloseable {

    private final AssayHome home;
    private final DuckEngine engine;
    private final Models models;
    private final Detections detections;
    private final RevenueLeakage leakage;
    private final Commerce commerce;

    private Assay(AssayHome home, DuckEngine engine) {
        this.home = home;
        this.engine = engine;
        this.models = new Models(this, io.assay.ml.registry.ModelRegistry.open(home.registry()));
        this.detections = Detections.open(this);
        this.leakage = new RevenueLeakage(this, null);
        this.commerce = new Commerce(this);
    }

    /** Anomaly detection: fit a detector on a file or apply a registered one, flagged rows explained. */
    public Detections detections() {
        return detections;
    }

    /** Training, prediction and the model registry. */
    public Models models() {
        return models;
    }

    /** Revenue-leakage analysis, reports, labelled-data generation and leak-model training. */
    public RevenueLeakage leakage() {
        return leakage;
    }

    /** Customer analytics on order data: affinity, journey, customers (RFM, value, churn), recommenders. */
    public Commerce commerce() {
        return commerce;
    }

    /**
     * Revenue leakage whose retrained leak models ({@code assay train-domain}) live in another registry (the server
     * keeps one per user); the default models trained on generated data stay shared in the data directory's.
     */
    public RevenueLeakage leakage(io.assay.ml.registry.ModelRegistry own) {
        return new RevenueLeakage(this, own);
    }

    /** Anomaly detection with the detectors of another registry (the server keeps one registry per user). */
    public Detections detections(io.assay.anomaly.DetectorRegistry registry) {
        return new Detections(this, registry);
    }

    /** Training, prediction and versions over another registry (the server keeps one registry per user). */
    public Models models(io.assay.ml.registry.ModelRegistry registry) {
        return new Models(this, registry);
    }

    /** Opens Assay on a data directory, with the embedded engine spilling there. */
    public static Assay open(AssayHome home) {
        return open(home, Engine.defaults());
    }

    /**
     * How much of the machine the embedded engine may use.
     *
     * @param memoryLimit e.g. {@code 4GB} or {@code 50%}; beyond it data spills to the data directory (empty: 80% of RAM)
     * @param threads worker threads (0: one per core)
     */
    public record Engine(String memoryLimit, int threads) {
        public static Engine defaults() {
            return new Engine("", 0);
        }

        /** From {@code ASSAY_MEMORY_LIMIT} and {@code ASSAY_THREADS}. */
        public static Engine fromEnvironment(java.util.Map<String, String> environment) {
            String threads = environment.getOrDefault("ASSAY_THREADS", "0");
            try {
                return new Engine(environment.getOrDefault("ASSAY_MEMORY_LIMIT", ""), Integer.parseInt(threads.trim()));
            } catch (NumberFormatException e) {
                throw new io.assay.core.error.InvalidOptionException(
                        "ASSAY_THREADS", threads, "must be a whole number");
            }
        }
    }

    public static Assay open(AssayHome home, Engine engine) {
        home.ensure();
        return new Assay(
                home, DuckEngine.open(new DuckEngine.Options(engine.threads(), engine.memoryLimit(), home.spill())));
    }

    public AssayHome home() {
        return home;
    }

    /** The embedded engine, for use cases that work on datasets in SQL. */
    public DuckEngine engine() {
        return engine;
    }

    /** What to profile and how. */
    public record ProfileRequest(Path file, Ingest.Options ingest, Profiler.Options profile) {}

    /** Reads a file and profiles it: column statistics, data quality, and the ingest report. */
    public TableProfile profile(ProfileRequest request, Progress progress) {
        try (Dataset ds = Ingest.open(engine, request.file(), request.ingest(), scaled(progress, 0, 0.6))) {
            return Profiler.profile(ds, request.profile(), scaled(progress, 0.6, 1.0));
        }
    }

    /** Maps a sub-task's 0..1 progress into [from, to] of the whole. */
    static Progress scaled(Progress p, double from, double to) {
        return (stage, fraction) -> p.update(stage, fraction < 0 ? -1 : from + (to - from) * fraction);
    }

    @Override
    public void close() {
        engine.close();
    }
}
