package io.assay.ml.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.ml.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomForestTrainerTest {

    private final RandomForestTrainer trainer = new RandomForestTrainer();

    @Test
    void anUnlimitedRegressionForestGrowsLevelByLevelNotLeafByLeaf() {
        // leaf by leaf to purity, a 10,000-row regression (superstore profit) ran for over 14 minutes
        var params = RandomForestTrainer.boosterParams(trainer.options(Map.of()), 200, Task.REGRESSION, 1);
        assertThat(params).containsEntry("max_depth", RandomForestTrainer.REGRESSION_DEPTH);
        assertThat(params).doesNotContainKey("grow_policy");
    }

    @Test
    void anUnlimitedClassificationForestGrowsLeafByLeafToPurity() {
        var params = RandomForestTrainer.boosterParams(trainer.options(Map.of()), 200, Task.CLASSIFICATION, 1);
        assertThat(params).containsEntry("grow_policy", "lossguide").containsEntry("max_depth", 0);
    }

    @Test
    void aChosenDepthIsKept() {
        var params =
                RandomForestTrainer.boosterParams(trainer.options(Map.of("max_depth", "7")), 200, Task.REGRESSION, 1);
        assertThat(params).containsEntry("max_depth", 7).doesNotContainKey("grow_policy");
    }
}
