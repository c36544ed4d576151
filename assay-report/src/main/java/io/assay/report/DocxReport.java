package io.assay.report;

import io.assay.core.AssayVersion;
import io.assay.core.error.InvalidOptionException;
import io.assay.leakage.Finding;
import io.assay.leakage.LeakageResult;
import io.assay.leakage.Norm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.common.usermodel.PictureType;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * The Word report of an analysis, for management and for the analyst who follows up: title and metadata, the
 * executive summary, the key metrics, charts (money per leak type, severities, confidence, daily trend), the top
 * findings with their evidence, a section per leak type, the learned norms and the column mapping, and how every
 * rule and detector went. Headings use Word's heading styles, so the navigation pane and a table of contents work.
 *
 * <pre>{@code
 * DocxReport.write(result, Path.of("leakage.docx"));
 * }</pre>
 */
public final class DocxReport {

    /** Findings listed in the top-findings table. */
    static final int TOP = 25;

    /** Examples listed per leak type. */
    static final int EXAMPLES = 5;

    /** Groups listed per norm. */
    static final int NORM_GROUPS = 15;

    private DocxReport() {}

    /** Writes the report of {@code result} to {@code file} ({@code .docx}). */
    public static void write(LeakageResult result, Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".docx")) {
            throw new InvalidOptionException("report file", file, "must end in .docx");
        }
        try (XWPFDocument doc = build(result);
                OutputStream out = FindingsFile.open(file)) {
            doc.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static XWPFDocument build(LeakageResult r) {
        var doc = new XWPFDocument();
        styles(doc);
        var props = doc.getProperties().getCoreProperties();
        props.setTitle("Revenue leakage report: " + r.file());
        props.setCreator("Assay " + AssayVersion.get());
        props.setDescription(r.domain() + " analysis of " + r.file());

        paragraph(doc, "Title", "Revenue leakage report: " + r.file());
        var m = r.metrics();
        String cur =
                m.revenueImpact().currency() == null ? "" : m.revenueImpact().currency();
        table(
                doc,
                List.of("", ""),
                List.of(
                        List.of("File", r.file()),
                        List.of("Domain", r.domain()),
                        List.of("Rows analysed", String.format(Locale.ROOT, "%,d", m.totalRows())),
                        List.of(
                                "Generated",
                                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()),
                        List.of("Processing time", m.processingTimeS() + " s"),
                        List.of("Summary written by", String.valueOf(r.summarySource())),
                        List.of("Assay version", AssayVersion.get())),
                false);

        heading(doc, 1, "Executive summary");
        String summary = r.summary() == null || r.summary().isBlank() ? ExecutiveSummary.deterministic(r) : r.summary();
        for (String para : summary.split("\n\n")) {
            paragraph(doc, null, para.strip());
        }

        heading(doc, 1, "Key metrics");
        var money = m.revenueImpact();
        var q = m.dataQuality();
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("Rows analysed", String.format(Locale.ROOT, "%,d", m.totalRows())));
        rows.add(List.of("Rows with findings", String.format(Locale.ROOT, "%,d", m.anomaliesDetected())));
        rows.add(List.of("Findings", String.format(Locale.ROOT, "%,d", m.findings())));
        rows.add(List.of("Anomaly rate", ExecutiveSummary.percent(m.anomalyRate())));
        rows.add(List.of("Average confidence", String.format(Locale.ROOT, "%.2f", m.confidenceAvg())));
        rows.add(List.of("Revenue at risk", ExecutiveSummary.amount(money.totalRevenueAtRisk()) + " " + cur));
        rows.add(List.of("Average per affected row", ExecutiveSummary.amount(money.averagePerAnomaly()) + " " + cur));
        rows.add(List.of("Critical rows", Long.toString(money.highImpactAnomalies())));
        m.severityBreakdown().forEach((k, v) -> rows.add(List.of("Findings of severity " + k, Long.toString(v))));
        if (q != null) {
            rows.add(List.of("Data quality", q.grade() + " (" + q.overallScore() + "/100)"));
        }
        table(doc, List.of("Metric", "Value"), rows, true);
        if (!money.byType().isEmpty()) {
            var typeRows = new ArrayList<List<String>>();
            money.byType()
                    .forEach((type, t) -> typeRows.add(
                            List.of(type, Long.toString(t.count()), ExecutiveSummary.amount(t.revenueImpact()))));
            table(doc, List.of("Leak type", "Findings", "Revenue impact (" + cur + ")"), typeRows, true);
        }

        heading(doc, 1, "Charts");
        var charts = Charts.of(r);
        if (charts.isEmpty()) {
            paragraph(doc, null, "No findings: nothing to chart.");
        }
        for (Charts.Png png : charts) {
            XWPFParagraph p = doc.createParagraph();
            XWPFRun run = p.createRun();
            try {
                run.addPicture(
                        new ByteArrayInputStream(png.bytes()),
                        PictureType.PNG,
                        png.name() + ".png",
                        Units.toEMU(Charts.WIDTH * 0.6),
                        Units.toEMU(Charts.HEIGHT * 0.6));
            } catch (InvalidFormatException | IOException e) {
                throw new IllegalStateException("chart " + png.name() + " cannot be embedded", e);
            }
            paragraph(doc, "Caption", png.caption());
        }

        heading(doc, 1, "Top findings");
        List<Finding> top = r.findings().isEmpty() ? r.topFindings() : r.findings();
        if (top.isEmpty()) {
            paragraph(doc, null, "No findings.");
        } else {
            var findingRows = new ArrayList<List<String>>();
            for (Finding f : top.subList(0, Math.min(TOP, top.size()))) {
                findingRows.add(List.of(
                        Long.toString(f.rowIndex()),
                        f.type(),
                        f.severity().label(),
                        String.format(Locale.ROOT, "%.2f", f.confidence()),
                        ExecutiveSummary.amount(f.revenueImpact()),
                        f.description(),
                        values(f.evidence())));
            }
            table(
                    doc,
                    List.of("Row", "Type", "Severity", "Confidence", "Impact", "Description", "Evidence"),
                    findingRows,
                    true);
        }

        heading(doc, 1, "Findings by leak type");
        if (money.byType().isEmpty()) {
            paragraph(doc, null, "No leak type was found.");
        }
        for (var e : money.byType().entrySet()) {
            String type = e.getKey();
            heading(doc, 2, type);
            paragraph(
                    doc,
                    null,
                    String.format(
                            Locale.ROOT,
                            "%,d finding(s), %s %s at risk.",
                            e.getValue().count(),
                            ExecutiveSummary.amount(e.getValue().revenueImpact()),
                            cur));
            for (var s : r.rules()) {
                if (s.type().equals(type)) {
                    paragraph(
                            doc,
                            null,
                            "Rule " + s.id() + ": " + s.status() + ", " + s.findings() + " finding(s)"
                                    + (s.reason() == null ? "" : " (" + s.reason() + ")") + ".");
                }
            }
            var examples = new ArrayList<List<String>>();
            for (Finding f : (r.findings().isEmpty() ? r.topFindings() : r.findings())) {
                if (examples.size() == EXAMPLES) {
                    break;
                }
                if (f.type().equals(type)) {
                    examples.add(List.of(
                            Long.toString(f.rowIndex()),
                            f.severity().label(),
                            ExecutiveSummary.amount(f.revenueImpact()),
                            f.description()));
                }
            }
            table(doc, List.of("Row", "Severity", "Impact", "Description"), examples, true);
        }

        heading(doc, 1, "Learned norms");
        paragraph(doc, null, "What the findings were measured against, learned from the file unless overridden.");
        for (Norm n : r.norms()) {
            heading(doc, 2, n.id() + " (" + n.status() + ")");
            paragraph(doc, null, n.description() + (n.groupedBy() == null ? "" : "; per " + n.groupedBy()) + ".");
            if (!n.values().isEmpty()) {
                paragraph(doc, null, "Values: " + values(n.values()) + ".");
            }
            if (!n.groups().isEmpty()) {
                var groupRows = new ArrayList<List<String>>();
                for (Norm.Group g :
                        n.groups().subList(0, Math.min(NORM_GROUPS, n.groups().size()))) {
                    groupRows.add(List.of(
                            g.group(),
                            Long.toString(g.rows()),
                            values(g.values()) + (g.overridden() ? " (overridden)" : "")));
                }
                table(doc, List.of("Group", "Rows", "Norm"), groupRows, true);
                if (n.groupCount() > NORM_GROUPS) {
                    paragraph(doc, null, (n.groupCount() - NORM_GROUPS) + " more group(s) in the summary JSON.");
                }
            }
            for (String note : n.notes()) {
                paragraph(doc, null, "Note: " + note);
            }
        }

        heading(doc, 1, "Column mapping");
        var mapping = new ArrayList<List<String>>();
        for (var match : r.columnMapping().matches()) {
            mapping.add(List.of(
                    match.canonical(),
                    match.source() + (match.timeSource() == null ? "" : " + " + match.timeSource()),
                    match.method()));
        }
        table(doc, List.of("Canonical column", "File column", "Matched by"), mapping, true);
        for (var nf : r.columnMapping().notFound()) {
            paragraph(
                    doc,
                    null,
                    "Not found: " + nf.canonical() + (nf.required() ? " (required)" : "") + "; tried "
                            + String.join(", ", nf.tried()) + ".");
        }

        heading(doc, 1, "Rules and detectors");
        var statuses = new ArrayList<List<String>>();
        for (var s : r.rules()) {
            statuses.add(List.of(
                    s.id(),
                    s.type(),
                    s.status() + (s.reason() == null ? "" : ": " + s.reason()),
                    Long.toString(s.findings()),
                    ExecutiveSummary.amount(s.revenueImpact())));
        }
        for (var d : r.detectors()) {
            statuses.add(List.of(d.name(), "", d.status() + ": " + d.detail(), Long.toString(d.findingsAdded()), ""));
        }
        table(doc, List.of("Rule or detector", "Type", "Status", "Findings", "Impact"), statuses, true);
        for (String note : r.notes()) {
            paragraph(doc, null, "Note: " + note);
        }
        return doc;
    }

    /** Named values as a reader writes them: {@code total charges 279.2, tenure 19, zero share 0.0007}. */
    static String values(Map<String, ?> values) {
        var parts = new ArrayList<String>();
        values.forEach((k, v) -> parts.add(k.replace('_', ' ') + " " + value(v)));
        return String.join(", ", parts);
    }

    /** A number in plain notation with at most 4 decimals (never {@code 7.0E-4}); anything else as it prints. */
    static String value(Object v) {
        if (v instanceof Number n && !(n instanceof Double d && !Double.isFinite(d))) {
            return new java.math.BigDecimal(n.toString())
                    .setScale(4, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return v == null ? "none" : v.toString();
    }

    private static void styles(XWPFDocument doc) {
        XWPFStyles styles = doc.createStyles();
        style(styles, "Title", "Title", -1, 18 * 2);
        style(styles, "Heading1", "heading 1", 0, 14 * 2);
        style(styles, "Heading2", "heading 2", 1, 12 * 2);
        style(styles, "Caption", "caption", -1, 9 * 2);
    }

    private static void style(XWPFStyles styles, String id, String name, int outlineLevel, int halfPoints) {
        CTStyle s = CTStyle.Factory.newInstance();
        s.setStyleId(id);
        s.setType(STStyleType.PARAGRAPH);
        s.addNewName().setVal(name);
        s.addNewQFormat();
        if (outlineLevel >= 0) {
            s.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(outlineLevel));
        }
        var rpr = s.addNewRPr();
        rpr.addNewSz().setVal(BigInteger.valueOf(halfPoints));
        if (!"Caption".equals(id)) {
            rpr.addNewB();
        }
        styles.addStyle(new XWPFStyle(s));
    }

    private static void heading(XWPFDocument doc, int level, String text) {
        paragraph(doc, "Heading" + level, text);
    }

    private static void paragraph(XWPFDocument doc, String style, String text) {
        XWPFParagraph p = doc.createParagraph();
        if (style != null) {
            p.setStyle(style);
        }
        p.createRun().setText(text);
    }

    private static void table(XWPFDocument doc, List<String> header, List<List<String>> rows, boolean withHeader) {
        if (rows.isEmpty()) {
            paragraph(doc, null, "None.");
            return;
        }
        XWPFTable t = doc.createTable();
        t.setWidth("100%");
        boolean first = true;
        if (withHeader) {
            fill(t.getRow(0), header, true);
            first = false;
        }
        for (List<String> row : rows) {
            XWPFTableRow tr = first ? t.getRow(0) : t.createRow();
            first = false;
            fill(tr, row, false);
        }
        doc.createParagraph();
    }

    private static void fill(XWPFTableRow tr, List<String> cells, boolean bold) {
        for (int c = 0; c < cells.size(); c++) {
            var cell = tr.getCell(c) != null ? tr.getCell(c) : tr.addNewTableCell();
            XWPFParagraph p = cell.getParagraphs().getFirst();
            XWPFRun run = p.createRun();
            run.setText(cells.get(c) == null ? "" : cells.get(c));
            run.setBold(bold);
            run.setFontSize(9);
        }
    }
}
