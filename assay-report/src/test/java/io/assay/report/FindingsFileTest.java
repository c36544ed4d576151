package io.assay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import io.assay.leakage.LeakageResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The findings files: the contract's columns first, every finding, formula-safe spreadsheet cells. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingsFileTest {

    Path dir;
    LeakageResult result;

    @BeforeAll
    void analyse(@TempDir Path tmp) {
        dir = tmp;
        result = Results.retail(tmp);
    }

    @Test
    void csvStartsWithTheContractColumnsThenTheSourceRowAndNeutralisesFormulas() throws Exception {
        Path f = dir.resolve("findings.csv");
        FindingsFile.write(result, f);
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.getFirst())
                .startsWith(
                        "row_index,type,severity,confidence,revenue_impact,rule_id,description,evidence,transaction_id,");
        assertThat(lines).hasSize(result.findings().size() + 1);
        String first = lines.get(1);
        var top = result.findings().getFirst();
        assertThat(first)
                .startsWith(
                        top.rowIndex() + "," + top.type() + "," + top.severity().label() + ",");
        assertThat(String.join("\n", lines))
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"")
                .doesNotContain(",\"=HYPERLINK");
    }

    @Test
    void xlsxHoldsTheSameRowsWithNumbersAsNumbersAndFormulasAsText() throws Exception {
        Path f = dir.resolve("findings.xlsx");
        FindingsFile.write(result, f);
        var rows = new ArrayList<Row>();
        try (InputStream in = Files.newInputStream(f);
                var wb = new ReadableWorkbook(in)) {
            wb.getFirstSheet().openStream().forEach(rows::add);
        }
        assertThat(rows).hasSize(result.findings().size() + 1);
        assertThat(rows.getFirst().getCellText(0)).isEqualTo("row_index");
        assertThat(rows.getFirst().getCellText(7)).isEqualTo("evidence");
        var top = result.findings().getFirst();
        assertThat(rows.get(1).getCellAsNumber(4).orElseThrow().doubleValue()).isEqualTo(top.revenueImpact());
        boolean sawFormula = false;
        for (Row r : rows) {
            for (int c = 0; c < r.getCellCount(); c++) {
                String text = r.getCellText(c);
                assertThat(text).doesNotStartWith("=");
                sawFormula |= text.equals("'" + Results.FORMULA);
            }
        }
        assertThat(sawFormula).isTrue();
    }

    @Test
    void jsonIsAnArrayOfFindingsWithEvidenceAsObjects() throws Exception {
        Path f = dir.resolve("findings.json");
        FindingsFile.write(result, f);
        JsonNode root = Json.mapper().readTree(f.toFile());
        assertThat(root.isArray()).isTrue();
        assertThat(root.size()).isEqualTo(result.findings().size());
        JsonNode first = root.get(0);
        assertThat(first.propertyNames().stream().limit(8).toList()).containsExactlyElementsOf(FindingsFile.COLUMNS);
        assertThat(first.get("evidence").isObject()).isTrue();
        assertThat(first.has("transaction_id")).isTrue();
    }

    @Test
    void summaryJsonHasTheContractFields() throws Exception {
        Path f = dir.resolve("summary.json");
        SummaryFile.write(Summaries.summarize(result, null), f);
        JsonNode root = Json.mapper().readTree(f.toFile());
        assertThat(root.propertyNames())
                .contains(
                        "domain",
                        "column_mapping",
                        "norms",
                        "metrics",
                        "summary",
                        "visualization_data",
                        "forecast",
                        "top_findings");
        JsonNode metrics = root.get("metrics");
        for (String k : List.of(
                "total_rows",
                "anomalies_detected",
                "anomaly_rate",
                "confidence_avg",
                "severity_breakdown",
                "processing_time_s",
                "data_quality",
                "revenue_impact")) {
            assertThat(metrics.has(k)).as(k).isTrue();
        }
        assertThat(metrics.get("revenue_impact").propertyNames())
                .contains(
                        "total_revenue_at_risk", "average_per_anomaly", "high_impact_anomalies", "currency", "by_type");
        assertThat(metrics.get("data_quality").propertyNames())
                .contains("completeness", "validity", "consistency", "uniqueness", "overall_score", "grade");
        assertThat(root.get("visualization_data").propertyNames())
                .contains("anomaly_by_type", "severity_distribution", "confidence_distribution", "daily_trend");
        assertThat(root.get("forecast").get("days").size()).isEqualTo(7);
        assertThat(root.get("summary").asString()).contains("rows").contains("USD");
    }

    @Test
    void refusesAnUnknownExtension() {
        assertThatThrownBy(() -> FindingsFile.write(result, dir.resolve("findings.txt")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(".csv, .xlsx or .json");
    }
}
