package io.assay.ml.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.json.Json;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import io.assay.testkit.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models registered by an earlier Assay version load and predict exactly as they did: the registry directory in
 * src/test/resources/golden/registry-v1 was written by format 1 (JSON, XGBoost UBJSON and Smile estimators) with the
 * predictions it made at the time. Regenerate only for a new format, with -Dassay.golden.write=true, and keep the old.
 */
class GoldenModelsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/registry-v1");
    private static final List<String> MODELS = List.of("logistic_regression", "xgboost", "isolation_forest", "kmeans");

    @TempDir
    Path copy;

    private static TrainedModel train(String model) {
        var table = Tables.business(300, 1);
        boolean unsupervised = model.equals("isolation_forest") || model.equals("kmeans");
        return Training.train(
                new Training.Request(
                        table,
                        unsupervised ? null : "churned",
                        unsupervised ? List.of("amount", "noise", "spend") : List.of(),
                        model,
                        model.equals("isolation_forest") ? Map.of("n_estimators", "10") : Map.of(),
                        null,
                        0.25,
                        0,
                        5,
                        null,
                        95),
                Progress.NONE);
    }

    @Test
    void modelsOfFormatOneLoadAndPredictAsTheyDid() throws IOException {
        copyTree(GOLDEN, copy);
        var registry = ModelRegistry.open(copy);
        Map<?, ?> expected = Json.read(Files.readString(GOLDEN.resolve("predictions.json")), Map.class);
        var rows = Tables.business(300, 1).head(10);
        for (String model : MODELS) {
            TrainedModel m = registry.load(model, "1");
            var p = m.predict(rows, false);
            @SuppressWarnings("unchecked")
            var want = ((List<Number>) expected.get(model))
                    .stream().mapToDouble(Number::doubleValue).toArray();
            assertThat(p.values()).as(model).containsExactly(want);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "assay.golden.write", matches = "true")
    void writeGoldenFiles() throws IOException {
        var registry = ModelRegistry.open(GOLDEN);
        var predictions = new LinkedHashMap<String, Object>();
        var rows = Tables.business(300, 1).head(10);
        for (String model : MODELS) {
            var m = train(model);
            registry.register(model, m);
            predictions.put(
                    model,
                    java.util.Arrays.stream(m.predict(rows, false).values())
                            .boxed()
                            .toList());
        }
        Files.writeString(GOLDEN.resolve("predictions.json"), Json.write(predictions));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
