package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.AwkwardFiles;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay train} and {@code assay predict} on the supermarket sales file with 1e+300 as the Total of data row 5:
 * training refuses in one line (exit 2) and registers nothing; a model trained on the clean file predicts every other
 * row and leaves that one empty, saying why.
 */
class ExtremeValuesCommandTest {

    @TempDir
    Path home;

    Run run(String... args) {
        return Run.of(home, args);
    }

    private Path absurd() throws IOException {
        return AwkwardFiles.salesWithAbsurdTotal(home, "absurd.csv");
    }

    @Test
    void trainingRefusesInOneLineAndRegistersNothing() throws IOException {
        String file = absurd().toString();
        for (String model : List.of("linear_regression", "xgboost")) {
            var r = run("train", file, "--target", "Total", "--model", model, "--name", "totals");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip())
                    .isEqualTo("assay: column 'Total' holds 1e+300 (row 5; 1 value(s) beyond ±1e+38; the other values"
                            + " range from 10.6785 to 1042.65): too large to train on without overflow; correct or"
                            + " remove such values");
        }
        var kmeans = run("train", file, "--model", "kmeans", "--name", "totals");
        assertThat(kmeans.code()).as(kmeans.err()).isEqualTo(2);
        assertThat(run("models", "list").out()).doesNotContain("totals");
    }

    @Test
    void predictionLeavesThatRowEmptyAndSaysWhy() throws IOException {
        String file = absurd().toString();
        var trained = run(
                "train",
                SharedData.file("domains/supermarket_sales.csv").toString(),
                "--target",
                "Rating",
                "--model",
                "linear_regression",
                "--name",
                "rating");
        assertThat(trained.code()).as(trained.err()).isZero();
        Path out = home.resolve("predicted.csv");
        var r = run("predict", "rating", file, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("1,000 rows predicted")
                .contains("1 row(s) not predicted: column 'Total' holds 1e+300 (row 5) beyond ±1e+38, too large to"
                        + " compute with");
        List<String> written = Files.readAllLines(out);
        assertThat(written.get(5)).endsWith(",");
        assertThat(written.get(4)).doesNotEndWith(",").doesNotContain("Infinity", "E29");
    }
}
