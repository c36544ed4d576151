package io.assay.server.models;

import io.assay.anomaly.DetectorRegistry;
import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.app.Detections;
import io.assay.app.Models;
import io.assay.app.RevenueLeakage;
import io.assay.commerce.RecommenderRegistry;
import io.assay.ml.registry.LocalArtifactStore;
import io.assay.ml.registry.ModelRegistry;
import io.assay.server.security.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One model registry per owner, so that a user's models, detectors and recommenders are invisible to everyone else:
 * its index in the database ({@code model_versions}, by owner), its files under
 * {@code <data dir>/server/models/<owner id>/artifacts/}. Without authentication ({@code --no-auth}) the local caller
 * works on the data directory's own registry, the one {@code assay train} and {@code assay models} use, so that models
 * trained on the command line are served.
 */
@Component
public class ModelRegistries {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** An owner's registry as each use case sees it. */
    private record Owned(Models models, Detections detections, Commerce commerce, RevenueLeakage leakage) {}

    private final Assay assay;
    private final Path root;
    private final JdbcClient db;
    private final TransactionTemplate tx;
    private final Map<String, Owned> byOwner = new ConcurrentHashMap<>();

    ModelRegistries(Assay assay, JdbcClient db, TransactionTemplate tx) {
        this.assay = assay;
        this.root = assay.home().root().resolve("server").resolve("models");
        this.db = db;
        this.tx = tx;
    }

    /** The model use cases over {@code owner}'s registry. */
    public Models of(String owner) {
        return owned(owner).models();
    }

    /** Anomaly detection with {@code owner}'s saved detectors. */
    public Detections detections(String owner) {
        return owned(owner).detections();
    }

    /** Customer analytics with {@code owner}'s recommenders. */
    public Commerce commerce(String owner) {
        return owned(owner).commerce();
    }

    /**
     * Revenue leakage with {@code owner}'s retrained leak models (found first, registered there); the default models
     * trained on generated data are shared.
     */
    public RevenueLeakage leakage(String owner) {
        return owned(owner).leakage();
    }

    /** The registry of {@code owner}: the data directory's for the local caller, else the database's. */
    ModelRegistry registry(String owner) {
        return of(owner).registry();
    }

    /**
     * Sweeps every owner's registry (and the local one) of model files no version uses that were stored more than
     * {@code grace} ago; returns how many files and bytes in all.
     */
    public ModelRegistry.Swept sweep(Duration grace) {
        var owners = new ArrayList<String>(List.of(Caller.LOCAL_OWNER));
        if (Files.isDirectory(root)) {
            try (var dirs = Files.list(root)) {
                dirs.map(d -> d.getFileName().toString())
                        .filter(o -> OWNER.matcher(o).matches())
                        .forEach(owners::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the owners' model directories in " + root, e);
            }
        }
        int files = 0;
        long bytes = 0;
        for (String owner : owners) {
            var swept = registry(owner).sweep(grace);
            files += swept.files();
            bytes += swept.bytes();
        }
        return new ModelRegistry.Swept(files, bytes);
    }

    private Owned owned(String owner) {
        if (Caller.LOCAL_OWNER.equals(owner)) {
            return byOwner.computeIfAbsent(
                    owner, o -> new Owned(assay.models(), assay.detections(), new Commerce(assay), assay.leakage()));
        }
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("not an owner id: " + owner);
        }
        return byOwner.computeIfAbsent(owner, o -> {
            Path dir = root.resolve(o);
            var artifacts = new LocalArtifactStore(dir.resolve("artifacts"));
            var registry = new DatabaseModelRegistry(o, db, tx, artifacts);
            return new Owned(
                    assay.models(registry),
                    assay.detections(new DetectorRegistry(registry, artifacts)),
                    new Commerce(assay, new RecommenderRegistry(registry, artifacts)),
                    assay.leakage(registry));
        });
    }
}
