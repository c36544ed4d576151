package io.assay.ml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import io.assay.testkit.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    static TrainedModel weak;
    static TrainedModel strong;

    @TempDir
    Path dir;

    ModelRegistry registry;

    @BeforeAll
    static void train() {
        var table = Tables.business(400, 9);
        weak = Training.train(
                new Training.Request(
                        table,
                        "spend",
                        List.of("noise", "member"),
                        "linear_regression",
                        Map.of(),
                        null,
                        0.25,
                        0,
                        1,
                        null,
                        95),
                Progress.NONE);
        strong = Training.train(
                new Training.Request(
                        table, "spend", List.of(), "linear_regression", Map.of(), null, 0.25, 0, 1, null, 95),
                Progress.NONE);
    }

    @BeforeEach
    void open() {
        registry = ModelRegistry.open(dir);
    }

    @Test
    void numbersVersionsPerNameAndKeepsProvenance() {
        var v1 = registry.register("spend", weak);
        var v2 = registry.register("spend", strong);
        var other = registry.register("other", weak);
        assertThat(List.of(v1.version(), v2.version(), other.version())).containsExactly(1, 2, 1);
        assertThat(v2.stage()).isEqualTo(Stage.CANDIDATE);
        assertThat(v2.metrics()).containsKeys("r2", "rmse");
        assertThat(v2.dataSha256()).hasSize(64);
        assertThat(v2.libraries()).containsKeys("smile", "xgboost4j");
        assertThat(v2.options().toString()).contains("penalty");
        assertThat(registry.versions("spend")).extracting(ModelVersion::id).containsExactly("spend@1", "spend@2");
    }

    @Nested
    class Lifecycle {

        @BeforeEach
        void twoVersions() {
            registry.register("spend", weak);
            registry.register("spend", strong);
        }

        @Test
        void promotingArchivesTheVersionThatWasInProduction() {
            registry.promote("spend", 1);
            registry.promote("spend", 2);
            assertThat(registry.versions("spend"))
                    .extracting(ModelVersion::stage)
                    .containsExactly(Stage.ARCHIVED, Stage.PRODUCTION);
            assertThat(registry.find("spend", null).version()).isEqualTo(2);
            assertThat(registry.find("spend", "production").version()).isEqualTo(2);
        }

        @Test
        void rollsBackToTheNewestEarlierArchivedVersion() {
            registry.promote("spend", 1);
            registry.promote("spend", 2);
            var back = registry.rollback("spend", null);
            assertThat(back.version()).isEqualTo(1);
            assertThat(registry.versions("spend"))
                    .extracting(ModelVersion::stage)
                    .containsExactly(Stage.PRODUCTION, Stage.ARCHIVED);
        }

        @Test
        void rollsBackToTheVersionThatWasInProductionBeforeWhateverItsNumber() {
            registry.promote("spend", 2);
            registry.promote("spend", 1);
            assertThat(registry.rollback("spend", null).id()).isEqualTo("spend@2");
            assertThat(registry.find("spend", "production").version()).isEqualTo(2);
            assertThat(registry.versions("spend").getFirst().leftProductionAt())
                    .as("the version rolled back from records when it left")
                    .isNotNull();
            assertThat(registry.rollback("spend", null).id())
                    .as("a second rollback undoes the first")
                    .isEqualTo("spend@1");
        }

        @Test
        void refusesARollbackWithNoEarlierProductionVersionAsAConflictNotAMissingModel() {
            registry.archive("spend", 2);
            registry.promote("spend", 1);
            assertThatThrownBy(() -> registry.rollback("spend", null))
                    .isInstanceOf(NothingToRollBackException.class)
                    .hasMessage("spend has no archived version that was in production before spend@1 to roll back to;"
                            + " promote a version by its number instead")
                    .extracting(e -> ((NothingToRollBackException) e).kind())
                    .isEqualTo(io.assay.core.error.AssayException.Kind.CONFLICT);
            assertThat(registry.find("spend", "production").version())
                    .as("a refused rollback changes nothing")
                    .isEqualTo(1);
            assertThat(registry.rollback("spend", 2).id())
                    .as("a named version still comes back")
                    .isEqualTo("spend@2");
        }

        @Test
        void refusesIllegalMoves() {
            registry.promote("spend", 2);
            assertThatThrownBy(() -> registry.promote("spend", 2))
                    .isInstanceOf(StageTransitionException.class)
                    .hasMessageContaining("already in production");
            registry.archive("spend", 1);
            assertThatThrownBy(() -> registry.archive("spend", 1))
                    .isInstanceOf(StageTransitionException.class)
                    .hasMessage("spend@1 is archived and cannot become archived");
            assertThatThrownBy(() -> registry.delete("spend", 2, false)).hasMessageContaining("it is in production");
        }

        @Test
        void picksTheBestVersionByAMetricInItsDirection() {
            assertThat(registry.best("spend", "r2").version()).isEqualTo(2);
            assertThat(registry.best("spend", "rmse").version()).isEqualTo(2);
            assertThatThrownBy(() -> registry.best("spend", "accuracy"))
                    .hasMessageContaining("have: mae, mape, mse, r2, rmse");
        }

        @Test
        void prunesButNeverTheProductionVersion() {
            registry.register("spend", weak);
            registry.register("spend", weak);
            registry.promote("spend", 1);
            var removed = registry.prune("spend", new Retention(1, null));
            assertThat(removed).extracting(ModelVersion::version).containsExactlyInAnyOrder(2, 3);
            assertThat(registry.versions("spend"))
                    .extracting(ModelVersion::version)
                    .containsExactly(1, 4);
            assertThat(registry.prune(null, new Retention(null, Duration.ofDays(1))))
                    .isEmpty();
        }

        @Test
        void deletingRemovesUnusedArtifacts() throws Exception {
            var v = registry.find("spend", "1");
            registry.delete("spend", 1, false);
            assertThat(registry.versions("spend")).hasSize(1);
            try (var files = Files.walk(dir.resolve("artifacts"))) {
                assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(v.documentSha256());
            }
        }
    }

    @Test
    void sweepsTheFilesOfAModelStagedButNeverRegisteredOnceOlderThanTheGrace() throws Exception {
        var kept = registry.register("spend", weak);
        var failed = registry.stage("spend", strong); // a training that stopped before registering its model
        assertThat(registry.sweep(Duration.ofHours(1)))
                .as("too young: it may be registered any moment")
                .isEqualTo(new ModelRegistry.Swept(0, 0));

        storedHoursAgo(2);
        assertThat(registry.sweep(Duration.ofHours(1))).isEqualTo(new ModelRegistry.Swept(2, failed.bytes()));
        assertThat(artifact(failed.documentSha256())).doesNotExist();
        assertThat(artifact(failed.estimatorSha256())).doesNotExist();
        assertThat(registry.load(kept).spec()).isEqualTo(weak.spec());

        var again = registry.stage("spend", strong);
        storedHoursAgo(2);
        var same = registry.stage("spend", strong); // the same bytes stored again: their time starts anew
        assertThat(same).isEqualTo(again);
        assertThat(registry.sweep(Duration.ofHours(1)).files()).isZero();
        assertThat(registry.load(registry.register(same)).spec()).isEqualTo(strong.spec());
    }

    private Path artifact(String sha) {
        return dir.resolve("artifacts").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private void storedHoursAgo(int hours) throws Exception {
        var then = FileTime.from(Instant.now().minus(Duration.ofHours(hours)));
        try (var files = Files.walk(dir.resolve("artifacts"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, then);
            }
        }
    }

    @Test
    void refusesToLoadAnArtifactThatChangedOnDisk() throws Exception {
        var v = registry.register("spend", strong);
        Path estimator = dir.resolve("artifacts")
                .resolve(v.estimatorSha256().substring(0, 2))
                .resolve(v.estimatorSha256());
        Files.writeString(
                estimator, "{\"weights\":[[1e9]],\"intercepts\":[0],\"means\":[0],\"sds\":[1],\"logistic\":false}");
        assertThatThrownBy(() -> registry.load(v))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("does not match its checksum");
    }

    @Test
    void namesUnknownModelsAndVersions() {
        assertThatThrownBy(() -> registry.find("nope", null))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("no model nope; the registry is empty");
        registry.register("spend", weak);
        assertThatThrownBy(() -> registry.find("spend", "9")).hasMessage("no model spend@9; versions: 1");
        assertThatThrownBy(() -> registry.find("spend", "production")).hasMessageContaining("promote one");
        assertThatThrownBy(() -> registry.register("../escape", weak)).hasMessageContaining("invalid model name");
    }

    @Test
    void survivesConcurrentRegistrations() throws Exception {
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> registry.register("spend", weak)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(registry.versions("spend")).extracting(ModelVersion::version).containsExactly(1, 2, 3, 4);
    }
}
