package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.RevenueLeakage;
import io.assay.core.json.Json;
import io.assay.leakage.Finding;
import io.assay.leakage.LeakageResult;
import io.assay.report.Summaries;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay analyze FILE --domain retail|telecom}: revenue leakage with money at risk, summary and reports. */
@Command(
        name = "analyze",
        aliases = "analyse",
        mixinStandardHelpOptions = true,
        description = {
            "Find revenue leakage in a sales (retail) or billing (telecom) file: map its columns, learn its norms,",
            "run the domain's rules, its leak model and the unusual-pattern detector, and rank the findings by money",
            "at risk. Writes the findings (CSV, XLSX or JSON), the summary JSON and a Word report on request.",
            "An executive summary is written by a language model when ASSAY_LLM_BASE_URL is set, else from the facts."
        },
        footer = {
            "",
            "Examples:",
            "  assay analyze supermarket_sales.csv --domain retail --anomalies findings.csv --report leakage.docx",
            "  assay analyze bills.xlsx --domain telecom --map account_id=Customer --param underbilling_tolerance=0.05",
            "  assay analyze sales.csv --domain retail --rules my-rules.yaml --summary summary.json"
        })
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sales or billing table (CSV, XLSX, Parquet).")
    Path file;

    @Option(
            names = "--domain",
            required = true,
            paramLabel = "DOMAIN",
            description = "retail (alias supermarket), telecom, or a pack in $ASSAY_HOME/packs.")
    String domain;

    @Mixin
    DomainOptions pack;

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            description = "Extra rules (YAML or JSON, under 'rules:'); one replaces a built-in rule only with"
                    + " 'replaces: ID'.")
    Path rules;

    @Option(names = "--anomalies", paramLabel = "FILE", description = "Write every finding: .csv, .xlsx or .json.")
    Path anomalies;

    @Option(names = "--summary", paramLabel = "FILE", description = "Write the result summary as JSON.")
    Path summary;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a Word report (.docx).")
    Path report;

    @Option(names = "--no-model", description = "Rules and unusual patterns only, without the leak model.")
    boolean noModel;

    @Option(names = "--no-unusual", description = "Do not look for unusual patterns.")
    boolean noUnusual;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the unusual-pattern detector (default: 42).")
    long seed;

    @Mixin
    IngestOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    AnalyzeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var request = new RevenueLeakage.AnalyzeRequest(
                file,
                input.toOptions(),
                domain,
                pack.mapping,
                pack.params,
                rules,
                !noModel,
                !noUnusual,
                seed,
                Summaries.Endpoint.fromEnvironment(environment));
        LeakageResult result;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "analysing " + file.getFileName())) {
            result = assay.leakage().analyze(request, progress);
            assay.leakage().export(result, new RevenueLeakage.Outputs(anomalies, summary, report));
        }
        if (output.format == OutputOptions.Format.JSON) {
            output.emit(spec.commandLine().getOut(), Json.write(result));
        } else {
            output.emit(spec.commandLine().getOut(), text(result));
        }
        return 0;
    }

    private String text(LeakageResult r) {
        var m = r.metrics();
        var money = m.revenueImpact();
        var out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s (%s): %,d rows, %,d with findings (%.2f%%), %,.2f %s at risk, %.1f s%n",
                r.file(),
                r.domain(),
                m.totalRows(),
                m.anomaliesDetected(),
                m.anomalyRate() * 100,
                money.totalRevenueAtRisk(),
                money.currency(),
                m.processingTimeS()));
        var mapped = new StringBuilder();
        r.columnMapping()
                .used()
                .forEach((k, v) -> mapped.append(mapped.isEmpty() ? "" : ", ")
                        .append(k)
                        .append('=')
                        .append(v));
        out.append("mapping: ").append(mapped).append('\n');
        if (!money.byType().isEmpty()) {
            var table = new TextTable(List.of("type", "findings", "revenue_impact"), List.of(false, true, true));
            money.byType()
                    .forEach((type, t) -> table.row(List.of(
                            type,
                            String.format(Locale.ROOT, "%,d", t.count()),
                            String.format(Locale.ROOT, "%,.2f", t.revenueImpact()))));
            out.append('\n').append(table.render());
        }
        if (!r.topFindings().isEmpty()) {
            out.append("\ntop findings:\n");
            for (Finding f :
                    r.topFindings().subList(0, Math.min(5, r.topFindings().size()))) {
                out.append(String.format(
                        Locale.ROOT,
                        "  row %d  %s  %s  %,.2f  %s%n",
                        f.rowIndex(),
                        f.type(),
                        f.severity().label(),
                        f.revenueImpact(),
                        f.description()));
            }
        }
        for (var s : r.rules()) {
            if ("skipped".equals(s.status())) {
                out.append("skipped ")
                        .append(s.id())
                        .append(": ")
                        .append(s.reason())
                        .append('\n');
            }
        }
        for (String note : r.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        out.append("\nsummary (")
                .append(r.summarySource())
                .append("):\n")
                .append(r.summary())
                .append('\n');
        return out.toString();
    }
}
