package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recommender file of format 1, written once by {@link #main} and committed under {@code
 * src/test/resources/golden/recommenders-v1}: every later version must still load it and answer the same.
 */
class GoldenRecommenderTest {

    /** 40 customers with two tastes (even ones buy p0..p14, odd ones p15..p29) and purchase counts 1..3. */
    static Interactions twoTastes() {
        var rng = new SplittableRandom(2026);
        var users = new ArrayList<String>();
        var items = new ArrayList<String>();
        var values = new ArrayList<Float>();
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 30; i++) {
                double p = (u % 2 == 0) == (i < 15) ? 0.45 : 0.05;
                if (rng.nextDouble() < p) {
                    users.add("c" + u);
                    items.add("p" + i);
                    values.add((float) (1 + rng.nextInt(3)));
                }
            }
        }
        float[] v = new float[values.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = values.get(j);
        }
        return Interactions.of(users, items, v);
    }

    /** Format 1 (model.bin beside model.json, before recommenders moved into the registry) still parses. */
    @Test
    void aFormat1ModelStillLoadsAndAnswersAsWhenItWasWritten() throws Exception {
        Path dir = Path.of(
                getClass().getResource("/golden/recommenders-v1/two-tastes").toURI());
        var provenance = Json.mapper()
                .treeToValue(
                        Json.mapper()
                                .readTree(Files.readString(dir.resolve("model.json")))
                                .path("provenance"),
                        Recommender.Provenance.class);
        Recommender model = RecommenderFile.read(Files.readAllBytes(dir.resolve("model.bin")), dir, provenance);
        answersAsWhenWritten(model);
    }

    /** Format 2, as a registry entry (index and checksummed artifacts), loads and answers the same. */
    @Test
    void aFormat2RegistryEntryStillLoadsAndAnswersAsWhenItWasWritten(@TempDir Path copy) throws Exception {
        Path root = Path.of(getClass().getResource("/golden/recommenders-v2").toURI());
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        var registry = RecommenderRegistry.open(copy);
        assertThat(registry.names()).containsExactly("two-tastes");
        answersAsWhenWritten(registry.load("two-tastes@1"));
    }

    private static void answersAsWhenWritten(Recommender model) {
        assertThat(model.customerCount()).isEqualTo(40);
        assertThat(model.itemCount()).isEqualTo(30);
        assertThat(model.recommend("c0", Recommender.Request.top(5).excludingBought())
                        .items())
                .extracting(Recommender.Scored::item)
                .containsExactly("p14", "p2", "p5", "p1", "p10");
        assertThat(model.similarItems("p0", 3))
                .extracting(Recommender.Scored::item)
                .containsExactly("p4", "p5", "p13");
        // the stored fingerprint is that of the data it was trained on
        var retrained = Recommender.train(
                twoTastes(),
                Recommender.Options.defaults().withFactors(4).withIterations(1).withRegularization(0.1),
                Progress.NONE);
        assertThat(model.provenance().dataFingerprint())
                .isEqualTo(retrained.provenance().dataFingerprint());
    }

    /** Writes the golden model (run once, by hand, when a new format version is introduced). */
    public static void main(String[] args) {
        var model = Recommender.train(
                twoTastes(),
                Recommender.Options.defaults()
                        .withFactors(4)
                        .withIterations(10)
                        .withRegularization(0.1)
                        .withThreads(1),
                Progress.NONE);
        RecommenderRegistry.open(Path.of(args[0])).register("two-tastes", model);
    }
}
