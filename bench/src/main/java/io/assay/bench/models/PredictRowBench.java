package io.assay.bench.models;

import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.table.Table;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import io.assay.ml.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Latency of one prediction from a model loaded out of the registry, as a service answering a single-row request
 * sees it: a JSON-like row of column values in, the prediction out (pipeline, conversion and model included).
 */
@State(Scope.Benchmark)
public class PredictRowBench {

    /** A numeric classification table with a 0/1 column {@code y} (models-speed.sh writes it). */
    @Param("")
    public String train;

    @Param({"xgboost", "random_forest", "logistic_regression"})
    public String model;

    private TrainedModel loaded;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void trainAndLoad() throws IOException {
        Table table = Ingest.read(Path.of(train), Ingest.Options.defaults()).table();
        Table sample = table.rows(java.util.stream.IntStream.range(0, 20_000).toArray());
        var trained = Training.train(
                new Training.Request(sample, "y", List.of(), model, Map.of(), null, 0.2, 0, 42, null, 95),
                Progress.NONE);
        ModelRegistry registry = ModelRegistry.open(Files.createTempDirectory("assay-predict-bench"));
        loaded = registry.load(registry.register("bench", trained));
        var random = new Random(1);
        for (int i = 0; i < 1024; i++) {
            int r = random.nextInt(table.rowCount());
            var row = new LinkedHashMap<String, Object>();
            for (String c : table.columnNames()) {
                if (!c.equals("y")) {
                    row.put(c, table.column(c).value(r));
                }
            }
            rows.add(row);
        }
    }

    @Benchmark
    public Object predictOneRow() {
        next = (next + 1) & 1023;
        return loaded.predictRow(rows.get(next), false);
    }
}
