package io.assay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.Table;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.Trainer;
import io.assay.ml.Training;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every model type must do: fit, predict one value per row, survive a trip through the registry with the very
 * same predictions, be reproducible for a seed, and reject unknown hyperparameters naming the valid ones. Each
 * trainer's test extends this class.
 */
public abstract class TrainerContract {

    @TempDir
    protected Path registryDir;

    /** The model type under test, e.g. {@code xgboost}. */
    protected abstract String model();

    /** The task to exercise it on. */
    protected abstract Task task();

    /** Hyperparameters that keep the test fast. */
    protected Map<String, String> params() {
        return Map.of();
    }

    protected Table table() {
        return task() == Task.CLUSTERING || task() == Task.ANOMALY_DETECTION
                ? Tables.blobs(300, 9, 3)
                : Tables.business(600, 3);
    }

    protected String target() {
        return switch (task()) {
            case CLASSIFICATION -> "churned";
            case REGRESSION -> "spend";
            case ANOMALY_DETECTION -> "label";
            case CLUSTERING, RECOMMENDATION -> null;
        };
    }

    private List<String> features() {
        return task() == Task.CLUSTERING || task() == Task.ANOMALY_DETECTION ? List.of("x", "y") : List.of();
    }

    protected TrainedModel train(long seed) {
        return Training.train(
                new Training.Request(table(), target(), features(), model(), params(), task(), 0.25, 0, seed, null, 95),
                Progress.NONE);
    }

    @Test
    void predictsOneValuePerRow() {
        var model = train(7);
        var p = model.predict(table(), false);
        assertThat(p.rows()).isEqualTo(table().rowCount());
        assertThat(p.task()).isEqualTo(task());
        if (task() == Task.CLASSIFICATION) {
            for (int r = 0; r < p.rows(); r++) {
                assertThat(p.values()[r]).isIn(0.0, 1.0);
                if (p.probabilities() != null) {
                    assertThat(p.probabilities()[r][0] + p.probabilities()[r][1])
                            .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
                }
            }
        }
        assertThat(model.evaluation().metrics().headline()).isNotEmpty();
    }

    @Test
    void reloadsFromTheRegistryWithIdenticalPredictions() {
        var model = train(7);
        var registry = ModelRegistry.open(registryDir);
        var version = registry.register("contract", model);
        var reloaded = registry.load("contract", Integer.toString(version.version()));
        var before = model.predict(table(), false);
        var after = reloaded.predict(table(), false);
        assertThat(after.values()).containsExactly(before.values());
        if (before.probabilities() != null) {
            for (int r = 0; r < before.rows(); r++) {
                assertThat(after.probabilities()[r]).containsExactly(before.probabilities()[r]);
            }
        }
        assertThat(reloaded.spec()).isEqualTo(model.spec());
    }

    @Test
    void givesTheSameModelForTheSameSeed() {
        var a = train(11).predict(table(), false);
        var b = train(11).predict(table(), false);
        assertThat(b.values()).containsExactly(a.values());
    }

    @Test
    void rejectsAnUnknownHyperparameterNamingTheValidOnes() {
        Trainer<?> trainer = ModelZoo.trainer(model());
        assertThatThrownBy(() -> trainer.options(Map.of("no_such_knob", "1")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("no_such_knob")
                .hasMessageContaining(trainer.hyperparameters().getFirst().name());
    }

    @Test
    void documentsEveryHyperparameter() {
        Trainer<?> trainer = ModelZoo.trainer(model());
        assertThat(trainer.hyperparameters()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.description()).isNotBlank();
            assertThat(h.defaultValue()).isNotBlank();
        });
        assertThat(trainer.tasks()).contains(task());
    }
}
