package io.assay.app;

import io.assay.core.Background;
import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.leakage.DomainPack;
import io.assay.leakage.DomainPacks;
import io.assay.leakage.LeakModel;
import io.assay.leakage.LeakModels;
import io.assay.leakage.Leakage;
import io.assay.leakage.LeakageResult;
import io.assay.leakage.generator.LeakGenerator;
import io.assay.ml.TrainedModel;
import io.assay.ml.registry.ModelNotFoundException;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.registry.ModelVersion;
import io.assay.report.DocxReport;
import io.assay.report.FindingsFile;
import io.assay.report.Summaries;
import io.assay.report.SummaryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The revenue-leakage use cases: analyse a sales or billing file against a domain pack (rules, the domain's leak
 * model, unusual patterns, an executive summary), write the findings, summary and Word report, generate labelled
 * data, and retrain a domain's leak model on a user's labelled history.
 *
 * <p>User packs (whole domains) live in {@code $ASSAY_HOME/packs}; leak models are registered as
 * {@code leakage-<domain>} in the model registry. A built-in domain without one trains its default model from the
 * project's generator on first use (once; later runs load it).
 *
 * <pre>{@code
 * try (Assay assay = Assay.open(home)) {
 *     LeakageResult r = assay.leakage().analyze(RevenueLeakage.AnalyzeRequest.of(Path.of("sales.csv"), "retail"),
 *             Progress.NONE);
 *     assay.leakage().export(r, new RevenueLeakage.Outputs(Path.of("findings.csv"), null, Path.of("report.docx")));
 * }
 * }</pre>
 */
public final class RevenueLeakage {

    private final Assay assay;
    private final ModelRegistry own;
    private final Map<String, LeakModel> models = new ConcurrentHashMap<>();

    /**
     * @param own where retrained leak models are registered and looked up first (the server gives each user theirs),
     *     or null for the data directory's registry; the default models trained on generated data always live in the
     *     data directory's registry, shared, since they hold nobody's data
     */
    RevenueLeakage(Assay assay, ModelRegistry own) {
        this.assay = assay;
        this.own = own;
    }

    /**
     * What to analyse.
     *
     * @param domain {@code retail} (alias {@code supermarket}), {@code telecom}, or a pack in the packs directory
     * @param mapping canonical column → file column (wins over automatic mapping)
     * @param params parameters and norm overrides ({@code max_discount_share=0.3}, {@code tax_rate.Food=0.07})
     * @param rules a YAML/JSON file of extra rules ({@code rules: [...]}), or null
     * @param useModel whether the domain's leak model confirms and adds findings
     * @param unusual whether to report unusual patterns no rule explains
     * @param llm the endpoint that writes the executive summary, or null for the deterministic one
     */
    public record AnalyzeRequest(
            Path file,
            Ingest.Options ingest,
            String domain,
            Map<String, String> mapping,
            Map<String, String> params,
            Path rules,
            boolean useModel,
            boolean unusual,
            long seed,
            Summaries.Endpoint llm) {
        public AnalyzeRequest {
            if (file == null) {
                throw new InvalidOptionException("file", null, "name the file to analyse");
            }
            ingest = ingest == null ? Ingest.Options.defaults() : ingest;
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
            params = params == null ? Map.of() : Map.copyOf(params);
        }

        /** Rules, the leak model and unusual patterns with default parameters; deterministic summary. */
        public static AnalyzeRequest of(Path file, String domain) {
            return new AnalyzeRequest(file, null, domain, Map.of(), Map.of(), null, true, true, 42, null);
        }
    }

    /** Where to write an analysis; a null path is not written. */
    public record Outputs(Path anomalies, Path summary, Path report) {}

    /** The domains available: built-in ones (with aliases) and the packs in the packs directory. */
    public List<String> domains() {
        return DomainPacks.names(packsDir());
    }

    /** The pack {@code domain} names, with the extra rules of {@code rules} when not null. */
    public DomainPack pack(String domain, Path rules) {
        DomainPack pack = DomainPacks.resolve(domain, packsDir());
        return rules == null ? pack : pack.withRules(DomainPacks.readRules(rules));
    }

    /**
     * Refuses, before any work, what {@link #analyze} would refuse in {@code r} on a file whose columns are
     * {@code schema} (as its profile read them): an unknown domain, parameter or mapped column, a mapped column of the
     * wrong type, a required column nothing matches.
     */
    public void check(AnalyzeRequest r, io.assay.core.table.Schema schema) {
        Leakage.check(pack(r.domain(), r.rules()), schema, r.mapping(), r.params());
    }

    /**
     * Refuses, before any work, what {@link #fitDomain} would refuse in {@code r} on a file whose columns are
     * {@code schema}: an unknown domain, parameter or mapped column, a label column the file does not have, no labels
     * at all (no label column and no truth file).
     */
    public void check(TrainDomainRequest r, io.assay.core.table.Schema schema) {
        var features = LeakModels.featureColumns(schema, labels(r, schema));
        Leakage.check(DomainPacks.resolve(r.domain(), packsDir()), features, r.mapping(), r.params());
    }

    /** Analyses a file: the result carries every finding, ranked, and the executive summary. */
    public LeakageResult analyze(AnalyzeRequest r, Progress progress) {
        long start = System.nanoTime();
        // the pack and the leak model do not depend on the file: they are read while it is (0.4 s of a CLI run)
        Future<Setup> setup = Background.start("leakage-setup", () -> {
            DomainPack pack = pack(r.domain(), r.rules());
            boolean withModel = r.useModel() && pack.model() != null;
            return new Setup(pack, withModel ? leakModel(pack, Assay.scaled(progress, 0, 0.1)) : null);
        });
        LeakageResult result;
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0.1, 0.3))) {
            Setup s = Background.joined(setup);
            DomainPack pack = s.pack();
            var request = new Leakage.Request(pack, r.mapping(), r.params(), s.model(), r.unusual(), 50, r.seed());
            result = Leakage.analyze(ds, request, Assay.scaled(progress, 0.3, 0.95));
        }
        progress.update("writing the summary", 0.95);
        result = Summaries.summarize(result, r.llm());
        return result.withProcessingTime((System.nanoTime() - start) / 1e9);
    }

    private record Setup(DomainPack pack, LeakModel model) {}

    /** Writes the findings (CSV, XLSX or JSON by extension), the summary JSON and the Word report. */
    public void export(LeakageResult result, Outputs outputs) {
        var writes = new ArrayList<Runnable>();
        if (outputs.anomalies() != null) {
            writes.add(() -> FindingsFile.write(result, outputs.anomalies()));
        }
        if (outputs.summary() != null) {
            writes.add(() -> SummaryFile.write(result, outputs.summary()));
        }
        if (outputs.report() != null) {
            writes.add(() -> DocxReport.write(result, outputs.report()));
        }
        // the files are written at the same time; the first failure in the order above is the one thrown
        try (var writers = Background.threads("export")) {
            var done = writes.stream().map(writers::submit).toList();
            done.forEach(Background::joined);
        }
    }

    /** Writes generated data of a built-in domain with leaks of documented types, and its truth file beside it. */
    public LeakGenerator.Generated generate(String domain, int rows, double leakRate, long seed, Path out) {
        return LeakGenerator.generate(domain, rows, leakRate, seed, out);
    }

    /**
     * What to retrain a domain's leak model on.
     *
     * @param labelColumn the file's column holding each row's leak type (null: a truth file, else one of
     *     {@link LeakModels#LABEL_COLUMNS})
     * @param truth a truth file ({@code row_index,type}), or null: the one beside the file if it exists
     */
    public record TrainDomainRequest(
            Path file,
            Ingest.Options ingest,
            String domain,
            Map<String, String> mapping,
            Map<String, String> params,
            String labelColumn,
            Path truth,
            long seed) {
        public TrainDomainRequest {
            ingest = ingest == null ? Ingest.Options.defaults() : ingest;
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    /** A retrained leak model, registered and put in production for its domain. */
    public record Trained(ModelVersion version, TrainedModel model) {}

    /** Retrains the domain's leak model on labelled data and registers it in production; later analyses use it. */
    public Trained trainDomain(TrainDomainRequest r, Progress progress) {
        FittedDomainModel fitted = fitDomain(r, progress);
        return new Trained(inProduction(own(), fitted.name(), fitted.model()), fitted.model());
    }

    /** A retrained leak model before it is registered, and the name it is registered under. */
    public record FittedDomainModel(String name, TrainedModel model) {}

    /**
     * Retrains the domain's leak model on labelled data without registering it (the server registers it in the
     * transaction that finishes the job): register it as {@code name} and promote it to production.
     */
    public FittedDomainModel fitDomain(TrainDomainRequest r, Progress progress) {
        DomainPack pack = DomainPacks.resolve(r.domain(), packsDir());
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0, 0.2))) {
            var request = new LeakModels.Request(pack, r.mapping(), r.params(), labels(r, ds.schema()), r.seed());
            return new FittedDomainModel(
                    modelName(pack), LeakModels.train(ds, request, Assay.scaled(progress, 0.2, 1)));
        }
    }

    private ModelRegistry own() {
        return own == null ? assay.models().registry() : own;
    }

    private static LeakModels.Labels labels(TrainDomainRequest r, io.assay.core.table.Schema schema) {
        if (r.labelColumn() != null) {
            return new LeakModels.LabelColumn(r.labelColumn());
        }
        if (r.truth() != null) {
            return new LeakModels.TruthFile(r.truth());
        }
        Path beside = LeakGenerator.truthFile(r.file());
        if (Files.isRegularFile(beside)) {
            return new LeakModels.TruthFile(beside);
        }
        for (String c : LeakModels.LABEL_COLUMNS) {
            var field = schema.fields().stream()
                    .filter(f -> f.name().equalsIgnoreCase(c))
                    .findFirst();
            if (field.isPresent()) {
                return new LeakModels.LabelColumn(field.get().name());
            }
        }
        throw new InvalidOptionException(
                "labels",
                r.file(),
                "no label column (" + String.join(", ", LeakModels.LABEL_COLUMNS) + ") and no truth file "
                        + beside.getFileName() + "; name one with --label or --truth");
    }

    /**
     * The leak model of {@code pack}: the production (else latest) version registered for its domain; for a built-in
     * domain without one, the default model trained on generated data and registered now.
     * Returns null for a user pack without a trained model.
     */
    private LeakModel leakModel(DomainPack pack, Progress progress) {
        String name = modelName(pack);
        ModelRegistry registry = assay.models().registry();
        boolean builtIn = LeakGenerator.domains().contains(pack.name());
        synchronized (this) {
            if (own != null) {
                try {
                    ModelVersion mine = own.find(name, null);
                    return models.computeIfAbsent(
                            "own:" + mine.id(), id -> new LeakModel(name + "@" + mine.version(), own.load(mine)));
                } catch (ModelNotFoundException e) {
                    // none retrained by this user: the shared default below
                }
            }
            LeakModel current = null;
            ModelVersion version = null;
            try {
                version = registry.find(name, null);
                ModelVersion found = version;
                current = models.computeIfAbsent(
                        found.id(), id -> new LeakModel(name + "@" + found.version(), registry.load(found)));
            } catch (ModelNotFoundException e) {
                // none registered yet
            }
            if (!builtIn || (current != null && !isStaleDefault(version, current, pack))) {
                return current;
            }
            progress.update("training the default " + pack.name() + " leak model (first use only)", 0);
            TrainedModel model =
                    LeakModels.trainDefault(assay.engine(), pack, assay.home().cache(), progress);
            ModelVersion trained = inProduction(registry, name, model);
            LeakModel leak = new LeakModel(name + "@" + trained.version(), model);
            models.put(trained.id(), leak);
            return leak;
        }
    }

    /**
     * Whether a registered model is a default one (trained on generated data) for other features or settings than the pack now
     * has: after an upgrade the default model is retrained. A user's model is kept (the analysis reports whether it
     * fits).
     */
    private static boolean isStaleDefault(ModelVersion version, LeakModel model, DomainPack pack) {
        boolean generated = version.seed() == LeakModels.DEFAULT_SEED && version.dataRows() == LeakModels.DEFAULT_ROWS;
        if (!generated) {
            return false;
        }
        boolean sameFeatures = new java.util.HashSet<>(model.features())
                .equals(new java.util.HashSet<>(pack.model().features()));
        boolean sameSettings = pack.model().hyperparameters().entrySet().stream()
                .allMatch(e -> {
                    var stored = version.options().path(camelCase(e.getKey()));
                    return stored.isMissingNode() || sameNumber(stored.asString(), e.getValue());
                });
        return !sameFeatures || !sameSettings;
    }

    /** {@code n_estimators} as the model options spell it: {@code nEstimators}. */
    static String camelCase(String snake) {
        var out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
    }

    /** Registers {@code model} as the next version of {@code name} and puts it in production. */
    private static ModelVersion inProduction(ModelRegistry registry, String name, TrainedModel model) {
        ModelVersion v = registry.register(name, model);
        return registry.promote(v.name(), v.version());
    }

    static String modelName(DomainPack pack) {
        return "leakage-" + pack.name();
    }

    private Path packsDir() {
        return assay.home().root().resolve("packs");
    }
}
