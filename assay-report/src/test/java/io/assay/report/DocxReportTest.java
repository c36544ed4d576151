package io.assay.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import io.assay.leakage.LeakageResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Word report opens (parsed back with POI) and holds every section with the result's own numbers. */
class DocxReportTest {

    /** The report's section headings, in order (sections without content are still present, saying so). */
    private static final List<String> SECTIONS = List.of(
            "Executive summary",
            "Key metrics",
            "Charts",
            "Top findings",
            "Findings by leak type",
            "Learned norms",
            "Column mapping",
            "Rules and detectors");

    @TempDir
    Path dir;

    @Test
    void holdsEverySectionWithChartsFindingsNormsAndMapping() throws Exception {
        LeakageResult result = Summaries.summarize(Results.retail(dir), null);
        Path f = dir.resolve("report.docx");
        DocxReport.write(result, f);
        try (InputStream in = Files.newInputStream(f);
                var doc = new XWPFDocument(in)) {
            var headings = new ArrayList<String>();
            var text = new StringBuilder();
            for (XWPFParagraph p : doc.getParagraphs()) {
                if (p.getStyle() != null && p.getStyle().startsWith("Heading1")) {
                    headings.add(p.getText());
                }
                text.append(p.getText()).append('\n');
            }
            assertThat(headings).containsExactlyElementsOf(SECTIONS);
            assertThat(doc.getProperties().getCoreProperties().getTitle())
                    .isEqualTo("Revenue leakage report: sales.csv");
            assertThat(doc.getParagraphs().getFirst().getText()).isEqualTo("Revenue leakage report: sales.csv");
            // charts: money and findings per type, severity, confidence, daily trend
            assertThat(doc.getAllPictures()).hasSize(5);
            assertThat(doc.getAllPictures().getFirst().getData()).startsWith(0x89, 'P', 'N', 'G');
            // a section per leak type found
            var level2 = doc.getParagraphs().stream()
                    .filter(p -> "Heading2".equals(p.getStyle()))
                    .map(XWPFParagraph::getText)
                    .toList();
            assertThat(level2)
                    .containsAll(result.metrics().revenueImpact().byType().keySet());
            assertThat(level2).anyMatch(h -> h.startsWith("tax_rate"));
            // the executive summary, the top finding with its evidence, the mapping
            assertThat(text).contains(result.summary().split("\n\n")[0]);
            String tables = doc.getTables().stream().map(t -> t.getText()).reduce("", String::concat);
            var top = result.findings().getFirst();
            assertThat(tables).contains(top.description());
            // evidence as a reader writes it: words and plain numbers, not JSON
            assertThat(tables)
                    .contains(DocxReport.values(top.evidence()))
                    .doesNotContain("{\"")
                    .doesNotContainPattern("\\dE-\\d");
            assertThat(tables).contains("unit_price").contains("Matched by");
            assertThat(tables)
                    .contains(ExecutiveSummary.amount(
                            result.metrics().revenueImpact().totalRevenueAtRisk()));
        }
    }

    @Test
    void aCleanResultStillHasEverySection() throws Exception {
        var g = io.assay.leakage.generator.LeakGenerator.generate("telecom", 1_000, 0.0, 3, dir.resolve("clean.csv"));
        LeakageResult result = Summaries.summarize(Results.analyse(g.data(), "telecom"), null);
        Path f = dir.resolve("clean.docx");
        DocxReport.write(result, f);
        try (InputStream in = Files.newInputStream(f);
                var doc = new XWPFDocument(in)) {
            var headings = doc.getParagraphs().stream()
                    .filter(p -> "Heading1".equals(p.getStyle()))
                    .map(XWPFParagraph::getText)
                    .toList();
            assertThat(headings).containsExactlyElementsOf(SECTIONS);
        }
    }

    @Test
    void numbersReadAsAPersonWritesThem() {
        assertThat(DocxReport.value(7.0E-4)).isEqualTo("0.0007");
        assertThat(DocxReport.value(1.0E-4)).isEqualTo("0.0001");
        assertThat(DocxReport.value(19L)).isEqualTo("19");
        assertThat(DocxReport.value(279.2)).isEqualTo("279.2");
        assertThat(DocxReport.value(null)).isEqualTo("none");
        assertThat(DocxReport.values(java.util.Map.of("zero_share", 0.25))).isEqualTo("zero share 0.25");
    }

    @Test
    void refusesAnotherExtension() {
        assertThatThrownBy(() -> DocxReport.write(null, dir.resolve("report.pdf")))
                .isInstanceOf(InvalidOptionException.class);
    }
}
