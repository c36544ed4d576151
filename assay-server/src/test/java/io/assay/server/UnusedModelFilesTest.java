package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import io.assay.server.models.ModelRegistries;
import io.assay.server.results.Cleanup;
import io.assay.testkit.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The files of a model that was stored but never registered (a training that failed in between) are deleted by the
 * periodic cleanup once an hour old; the files of registered versions stay.
 */
class UnusedModelFilesTest {

    @Test
    void theCleanupDeletesModelFilesNoVersionUses() throws Exception {
        var server = TestServer.shared(Database.SQLITE);
        var registry =
                server.context.getBean(ModelRegistries.class).of("unused-files").registry();
        var kept = registry.register("spend", model(7));
        var failed = registry.stage("spend", model(8));

        Path artifacts = server.dataDir.resolve("server/models/unused-files/artifacts");
        var twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        try (var files = Files.walk(artifacts)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, twoHoursAgo);
            }
        }
        assertThat(server.context.getBean(Cleanup.class).run().modelFiles()).isEqualTo(2);

        try (var files = Files.walk(artifacts)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(kept.documentSha256(), kept.estimatorSha256())
                    .doesNotContain(failed.documentSha256(), failed.estimatorSha256());
        }
        assertThat(registry.load(kept).spec().target()).isEqualTo("spend");
    }

    private static TrainedModel model(long seed) {
        return Training.train(
                new Training.Request(
                        Tables.business(200, seed),
                        "spend",
                        List.of(),
                        "linear_regression",
                        Map.of(),
                        null,
                        0.25,
                        0,
                        1,
                        null,
                        95),
                Progress.NONE);
    }
}
