package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.table.Table;
import io.assay.testkit.SharedData;
import io.assay.testkit.Tables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Models without a target warn, by the rule {@code assay detect} uses, when they learn from a column named like a
 * ground-truth label (the cardio file's {@code label}: an isolation forest trained on it scored AUC 0.969 against it,
 * silently).
 */
class LabelLikeColumnsTest {

    private static TrainedModel train(Table table, String target, String model, Map<String, String> params) {
        return Training.train(
                new Training.Request(table, target, List.of(), model, params, null, 0.2, 0, 42, null, 95),
                Progress.NONE);
    }

    @Test
    void anIsolationForestLearningFromTheLabelSaysHowToEvaluateAgainstItInstead() {
        Table cardio = Ingest.read(SharedData.file("odds/cardio.csv"), Ingest.Options.defaults())
                .table();
        var used = train(cardio, null, "isolation_forest", Map.of("n_estimators", "50"));
        assertThat(used.spec().inputColumns()).contains("label");
        assertThat(used.evaluation().warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("label_as_feature");
            assertThat(w.columns()).containsExactly("label");
            assertThat(w.message())
                    .isEqualTo("column 'label' looks like a ground-truth label and is used as a feature;"
                            + " pass --target label to evaluate against it instead, or leave it out (list the"
                            + " columns to use with --features)");
        });
        var evaluated = train(cardio, "label", "isolation_forest", Map.of("n_estimators", "50"));
        assertThat(evaluated.spec().inputColumns()).doesNotContain("label");
        assertThat(evaluated.evaluation().warnings()).isEmpty();
    }

    @Test
    void clusteringOnALabelSaysToLeaveItOut() {
        var m = train(Tables.blobs(300, 10, 3), null, "kmeans", Map.of("k", "3"));
        assertThat(m.evaluation().warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.message())
                        .startsWith("column 'label' looks like a ground-truth label and is used as a feature; leave it"
                                + " out"));
    }
}
