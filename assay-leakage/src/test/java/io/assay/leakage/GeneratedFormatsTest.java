package io.assay.leakage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Ingest;
import io.assay.leakage.generator.LeakGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generator writes the format its file is named for (CSV or Parquet, the truth file alike) and no other. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedFormatsTest {

    Analyses analyses;

    @BeforeAll
    void start() {
        analyses = new Analyses();
    }

    @AfterAll
    void close() {
        analyses.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"retail", "telecom"})
    void aParquetFileHoldsTheSameRowsAndTruthAsTheCsvAndAnalysesAlike(String domain, @TempDir Path dir)
            throws Exception {
        var csv = LeakGenerator.generate(domain, 2_000, 0.05, 31, dir.resolve("data.csv"));
        var parquet = LeakGenerator.generate(domain, 2_000, 0.05, 31, dir.resolve("data.parquet"));
        assertThat(parquet.truth()).isEqualTo(dir.resolve("data.truth.parquet"));
        assertThat(new String(Files.readAllBytes(parquet.data()), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .as("a Parquet file starts with its magic bytes")
                .isEqualTo("PAR1");
        assertThat(parquet.rows()).isEqualTo(csv.rows());
        assertThat(parquet.leaks()).isEqualTo(csv.leaks());
        assertThat(parquet.revenueAtRisk()).isEqualTo(csv.revenueAtRisk());
        var csvTruth = Ingest.read(csv.truth(), Ingest.Options.defaults()).table();
        var parquetTruth =
                Ingest.read(parquet.truth(), Ingest.Options.defaults()).table();
        assertThat(parquetTruth.rowCount()).isEqualTo(csvTruth.rowCount());
        assertThat(parquetTruth.columnNames()).containsExactly("row_index", "type", "revenue_impact", "detail");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("data.csv", "data.truth.csv", "data.parquet", "data.truth.parquet");
        }
        var fromCsv = analyses.analyze(
                csv.data(),
                Leakage.Request.of(DomainPacks.resolve(domain, null)).withUnusual(false));
        var fromParquet = analyses.analyze(
                parquet.data(),
                Leakage.Request.of(DomainPacks.resolve(domain, null)).withUnusual(false));
        assertThat(fromParquet.metrics().anomaliesDetected())
                .isEqualTo(fromCsv.metrics().anomaliesDetected())
                .isPositive();
        assertThat(fromParquet.metrics().revenueImpact().totalRevenueAtRisk())
                .isEqualTo(fromCsv.metrics().revenueImpact().totalRevenueAtRisk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.xlsx", "x.json", "x", "x.csv.gz"})
    void anyOtherNameIsRefusedBeforeAnythingIsWritten(String name, @TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> LeakGenerator.generate("retail", 100, 0.05, 1, dir.resolve(name)))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("invalid output file '" + dir.resolve(name)
                        + "': the generator writes .csv or .parquet files; name it so");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
