package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay detect} refusing what it cannot do with one line, and what its report says in the edge cases. */
class DetectErrorsTest {

    @TempDir
    Path home;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(
                args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of("ASSAY_HOME", home.toString()));
        return new Run(code, out.toString(), err.toString());
    }

    static String cardio() {
        return SharedData.file("odds/cardio.csv").toString();
    }

    static String shop() {
        return SharedData.file("domains/supermarket_sales.csv").toString();
    }

    @Test
    void anOversizedAutoencoderIsOneLineNamingTheHyperparameter() {
        var r = run(
                "detect",
                cardio(),
                "--method",
                "autoencoder",
                "--param",
                "hidden=" + String.join(",", Collections.nCopies(40, "4096")),
                "--param",
                "networks=1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err())
                .startsWith("assay: invalid autoencoder hyperparameter hidden '4096,")
                .contains("at most 8");

        r = run("detect", cardio(), "--method", "autoencoder", "--param", "hidden=4096,4096");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("the network is too large").contains("at most 16,000,000");
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitOneWithTheTraceOnlyUnderDebug() {
        var err = new StringWriter();
        int code = Main.guarded(
                () -> {
                    throw new OutOfMemoryError("Java heap space");
                },
                false,
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .startsWith("assay: ran out of memory (Java heap space)")
                .contains("ASSAY_JAVA_OPTS=-Xmx");

        err = new StringWriter();
        code = Main.guarded(
                () -> {
                    throw new StackOverflowError();
                },
                true,
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("assay: ran out of stack").contains("java.lang.StackOverflowError");
    }

    @Test
    void noFileIsAUsageLine() {
        var r = run("detect");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("assay: Missing required parameter: 'FILE'")
                .contains("Run 'assay detect --help' for usage.")
                .doesNotContain("null");
    }

    @Test
    void anEnsembleCannotBeItsOwnMember() {
        var r = run("detect", shop(), "--method", "ensemble", "--param", "members=iforest,ensemble");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("assay: invalid ensemble members 'iforest,ensemble': an ensemble cannot be a member of"
                        + " itself; name two or more of iforest, autoencoder, ocsvm, lof, robust\n");
    }

    @Test
    void topZeroSaysWhyNoRowIsShownAndTheAutoencoderSaysReconstructed() {
        var r = run("detect", shop(), "--top", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("50 flagged rows not shown (--top 0): write them all with -o FILE")
                .doesNotContain("--top N");

        r = run(
                "detect",
                cardio(),
                "--label",
                "label",
                "--method",
                "autoencoder",
                "--param",
                "networks=1",
                "--param",
                "epochs=3",
                "--top",
                "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("why (column: actual vs reconstructed, share)");
        assertThat(r.out()).doesNotContain("vs typical");
    }

    @Test
    void aTrainedModelIsNotADetectorAndTheMessageSaysHowToUseIt() {
        var r = run("train", cardio(), "--model", "isolation_forest", "--name", "cardio-train-if");
        assertThat(r.code()).as(r.err()).isZero();
        r = run("detect", "--model", "cardio-train-if", cardio());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("cardio-train-if@1': is a model (task anomaly_detection, isolation_forest), not an anomaly"
                        + " detector: score a file with it by assay predict cardio-train-if FILE, or fit a detector"
                        + " with assay detect FILE --save NAME")
                .doesNotContain("is a anomaly");
    }
}
