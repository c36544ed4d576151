package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.AwkwardFiles;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code --sheet} and {@code --header-row} on every command that reads a file, the customer analytics included: a
 * two-sheet workbook whose first sheet is a cover and whose second holds 2,000 online-retail order lines below a title
 * block, with the header in row 5; the same lines as CSV give the same answers.
 */
class WorkbookOptionsTest {

    private static final int LINES = 2000;

    @TempDir
    Path home;

    Path book;
    Path csv;

    Run run(String... args) {
        return Run.of(home, args);
    }

    @BeforeEach
    void write() throws IOException {
        List<String> lines = AwkwardFiles.orderLines(LINES);
        csv = Files.write(home.resolve("lines.csv"), lines);
        book = Files.write(home.resolve("orders.xlsx"), AwkwardFiles.orderLinesWorkbook(lines));
    }

    private JsonNode json(String... args) {
        var r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out());
    }

    @Test
    void customerAnalyticsReadTheChosenSheetFromTheGivenHeaderRow() {
        String[] workbook = {book.toString(), "--sheet", "Orders", "--header-row", "5", "--format", "json"};
        for (String command : new String[] {"journey", "baskets", "customers"}) {
            var fromBook = json(concat(command, workbook));
            var fromCsv = json(command, csv.toString(), "--format", "json");
            assertThat(fromBook.path("data").path("linesRead").asLong()).isEqualTo(LINES);
            assertThat(fromBook.path("data").path("layout").asString())
                    .as("the export's columns say which layout it is, in a workbook too")
                    .isEqualTo("online-retail");
            assertThat(withoutFiles(fromBook.path("data"))).as(command).isEqualTo(withoutFiles(fromCsv.path("data")));
            if (command.equals("customers")) { // sums of money in another order: equal to the last bits only
                assertThat(fromBook.path("result").path("summary").path("segments"))
                        .isEqualTo(fromCsv.path("result").path("summary").path("segments"));
                assertThat(fromBook.path("result")
                                .path("summary")
                                .path("totalMoney")
                                .asDouble())
                        .isCloseTo(
                                fromCsv.path("result")
                                        .path("summary")
                                        .path("totalMoney")
                                        .asDouble(),
                                org.assertj.core.api.Assertions.within(1e-6));
            } else {
                assertThat(fromBook.path("result")).as(command).isEqualTo(fromCsv.path("result"));
            }
        }
        var asLines = json(
                "journey",
                book.toString(),
                "--sheet",
                "Orders",
                "--header-row",
                "5",
                "--layout",
                "lines",
                "--format",
                "json");
        assertThat(asLines.path("data").path("layout").asString()).isEqualTo("lines");
    }

    @Test
    void aRecommenderTrainsOnTheChosenSheet() {
        var r = run("recommend", "train", book.toString(), "--sheet", "Orders", "--header-row", "5", "--name", "shop");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run("models", "list").out()).contains("shop@1");
    }

    @Test
    void withoutTheSheetTheCoverIsReadAndSaysWhatIsMissing() {
        var r = run("journey", book.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void anInstacartFolderRefusesASheet() {
        var r = run("baskets", SharedData.file("instacart/mini64").toString(), "--sheet", "Orders");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the Instacart layout is a folder of CSV files");
    }

    @Test
    void profileAndTrainReadFromTheGivenHeaderRow() {
        var p = json("profile", book.toString(), "--sheet", "Orders", "--header-row", "5", "--format", "json");
        assertThat(p.toString()).contains("\"InvoiceNo\"", "\"UnitPrice\"").doesNotContain("Source: web shop\"");
        var t = run(
                "train",
                book.toString(),
                "--sheet",
                "Orders",
                "--header-row",
                "5",
                "--target",
                "Quantity",
                "--model",
                "xgboost",
                "--param",
                "n_estimators=5");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("regression of 'Quantity'");
    }

    @Test
    void aHeaderRowOutOfRangeOrOnACsvFileIsOneLine() {
        var empty = run("profile", book.toString(), "--sheet", "Orders", "--header-row", "4");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("assay: invalid header row '4': row 4 of sheet 'Orders' is empty");
        var zero = run("profile", book.toString(), "--header-row", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("give the row number Excel shows, from 1 to 1048576");
        var onCsv = run("journey", csv.toString(), "--header-row", "2");
        assertThat(onCsv.code()).isEqualTo(2);
        assertThat(onCsv.err().strip())
                .isEqualTo("assay: invalid header row '2': names the header row of a workbook sheet (.xlsx); lines.csv"
                        + " is csv (its header: --header)");
    }

    @Test
    void aSheetOfACsvFileIsOneLineRatherThanIgnored() {
        for (String command : List.of("profile", "journey")) {
            var r = run(command, csv.toString(), "--sheet", "Orders");
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err().strip())
                    .as(command)
                    .isEqualTo("assay: invalid sheet 'Orders': chooses a worksheet of a workbook (.xlsx); lines.csv"
                            + " is csv");
        }
    }

    private static JsonNode withoutFiles(JsonNode data) {
        var copy = (tools.jackson.databind.node.ObjectNode) data.deepCopy();
        copy.remove("files");
        return copy;
    }

    private static String[] concat(String command, String... rest) {
        var out = new String[rest.length + 1];
        out[0] = command;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
