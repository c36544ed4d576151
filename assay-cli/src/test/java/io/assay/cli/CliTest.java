package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CliTest {

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

    static String supermarket() {
        return SharedData.file("domains/supermarket_sales.csv").toString();
    }

    @Test
    void printsItsVersion() {
        var r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("assay ");
    }

    @Test
    void helpListsTheCommands() {
        var r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("profile").contains("Examples:");
        assertThat(run("profile", "--help").out())
                .contains("--format")
                .contains("--sheet")
                .contains("Examples:");
    }

    @Nested
    class Profile {

        @Test
        void printsATableForPeople() {
            var r = run("profile", supermarket());
            assertThat(r.code()).isZero();
            assertThat(r.out())
                    .contains("1,000 rows × 17 columns")
                    .contains("Data quality: 100.0/100 (grade A)")
                    .contains("Product line")
                    .contains("categorical");
            assertThat(r.err()).isEmpty();
        }

        @Test
        void printsJsonForScripts() {
            var r = run(
                    "profile",
                    supermarket(),
                    "--format",
                    "json",
                    "--check",
                    "abs(\"Total\" - (cogs + \"Tax 5%\")) < 0.01");
            assertThat(r.code()).isZero();
            JsonNode json = Json.mapper().readTree(r.out());
            assertThat(json.path("rows").asLong()).isEqualTo(1000);
            assertThat(json.path("columns").size()).isEqualTo(17);
            assertThat(json.path("quality")
                            .path("checks")
                            .get(0)
                            .path("violations")
                            .asLong())
                    .isZero();
            assertThat(json.path("ingest").path("format").asString()).isEqualTo("CSV");
        }

        @Test
        void writesTheResultToAFile() throws Exception {
            Path out = home.resolve("reports/p.json");
            var r = run("profile", supermarket(), "--format", "json", "--out", out.toString());
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(Json.mapper()
                            .readTree(Files.readString(out))
                            .path("rows")
                            .asLong())
                    .isEqualTo(1000);
        }

        @Test
        void honoursTypeOverridesAndTheDataDirectory() {
            Path dataDir = home.resolve("elsewhere");
            var r = run(
                    "profile",
                    supermarket(),
                    "--type",
                    "Quantity=decimal",
                    "--format",
                    "json",
                    "--data-dir",
                    dataDir.toString());
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("\"type\" : \"decimal\"");
            assertThat(dataDir.resolve("tmp")).isDirectory();
        }
    }

    @Nested
    class Errors {

        @Test
        void aMissingFileIsOneLineAndExitCodeTwo() {
            var r = run("profile", home.resolve("nowhere.csv").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("assay: nowhere.csv: no such file\n");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void anUnknownColumnInAnOverrideNamesTheColumns() {
            var r = run("profile", supermarket(), "--type", "Colour=categorical");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: no column 'Colour'; the table has: Invoice ID, Branch");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }

        @Test
        void anUnknownTypeIsAUsageError() {
            var r = run("profile", supermarket(), "--type", "Quantity=money");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid column type 'money'");
        }

        @Test
        void aHostileCheckIsRefused() {
            var r = run("profile", supermarket(), "--check", "(SELECT count(*) FROM read_csv('/etc/passwd')) > 0");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: invalid expression");
        }

        @Test
        void missingArgumentsAreUsageErrors() {
            var r = run("profile");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("Missing required parameter: 'FILE'");
        }

        @Test
        void debugShowsTheStackTrace() {
            var r = run("profile", home.resolve("nowhere.csv").toString(), "--debug");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("at io.assay.");
        }

        @Test
        void aDataDirectoryThatIsAFileIsRefused() throws Exception {
            Path file = Files.writeString(home.resolve("not-a-dir"), "x");
            var r = run("profile", supermarket(), "--data-dir", file.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid data directory");
        }
    }
}
