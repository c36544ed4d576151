package io.assay.leakage;

import io.assay.core.Progress;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.sql.DuckEngine;
import io.assay.leakage.generator.LeakGenerator;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Runs analyses and trains leak models in tests, on one embedded engine. */
final class Analyses implements AutoCloseable {

    static final Set<String> RETAIL_TYPES =
            Set.of("missing_tax", "wrong_tax_rate", "excessive_discount", "total_mismatch", "price_below_cost");
    static final Set<String> TELECOM_TYPES = Set.of("unbilled_usage", "underbilling", "payment_status_mismatch");

    final DuckEngine engine = DuckEngine.open(new DuckEngine.Options(2, "2GB", null));

    LeakageResult analyze(Path file, Leakage.Request request) {
        try (Dataset ds = Ingest.open(engine, file, Ingest.Options.defaults())) {
            return Leakage.analyze(ds, request, Progress.NONE);
        }
    }

    LeakageResult analyze(Path file, String domain) {
        return analyze(file, Leakage.Request.of(DomainPacks.resolve(domain, null)));
    }

    /** A leak model of {@code domain} trained on small generated data of another seed than any test file. */
    LeakModel model(String domain, Path dir) {
        var g = LeakGenerator.generate(domain, 12_000, 0.12, 5, dir.resolve("train-" + domain + ".csv"));
        DomainPack pack = DomainPacks.resolve(domain, null);
        try (Dataset ds = Ingest.open(engine, g.data(), Ingest.Options.defaults())) {
            var trained = LeakModels.train(
                    ds,
                    new LeakModels.Request(pack, Map.of(), Map.of(), new LeakModels.TruthFile(g.truth()), 5),
                    Progress.NONE);
            return new LeakModel("test-" + domain, trained);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
