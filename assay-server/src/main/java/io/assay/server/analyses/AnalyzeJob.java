package io.assay.server.analyses;

import io.assay.app.RevenueLeakage;
import io.assay.server.datasets.DatasetRecord;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.models.Hyperparameters;
import io.assay.server.models.ModelRegistries;
import io.assay.server.results.ResultFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analyses an uploaded dataset for revenue leakage and writes, in the job's result directory, the findings as CSV,
 * XLSX and JSON, the summary JSON and the Word report; the job's result is the summary (the contract's result
 * resource). Files are removed when the job fails.
 */
@Component
class AnalyzeJob implements JobHandler {

    static final String KIND = "analyze";
    static final String FINDINGS_JSON = "findings.json";
    static final String FINDINGS_CSV = "findings.csv";
    static final String FINDINGS_XLSX = "findings.xlsx";
    static final String SUMMARY = "summary.json";
    static final String REPORT = "report.docx";
    static final List<String> FILES = List.of(FINDINGS_CSV, FINDINGS_XLSX, FINDINGS_JSON, SUMMARY, REPORT);

    private final MeterRegistry meters;
    private final ModelRegistries registries;
    private final Datasets datasets;
    private final ResultFiles results;
    private final JsonMapper json;

    AnalyzeJob(
            ModelRegistries registries, Datasets datasets, ResultFiles results, JsonMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.registries = registries;
        this.datasets = datasets;
        this.results = results;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    static RevenueLeakage.AnalyzeRequest request(AnalyzeBody body, DatasetRecord dataset) {
        return new RevenueLeakage.AnalyzeRequest(
                Path.of(dataset.file()),
                dataset.ingest(),
                body.domain(),
                body.mapping(),
                Hyperparameters.of(body.params()),
                null,
                body.useModel() == null || body.useModel(),
                body.unusual() == null || body.unusual(),
                body.seed() == null ? 42 : body.seed(),
                null);
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        AnalyzeBody body = json.treeToValue(job.request(), AnalyzeBody.class);
        var dataset = datasets.find(job.owner(), body.datasetId());
        var leakage = registries.leakage(job.owner());
        var result = leakage.analyze(request(body, dataset), context.progress());
        Path dir = results.directory(job.owner(), job.id());
        context.progress().update("writing the findings and the report", 0.97);
        leakage.export(
                result,
                new RevenueLeakage.Outputs(dir.resolve(FINDINGS_CSV), dir.resolve(SUMMARY), dir.resolve(REPORT)));
        leakage.export(result, new RevenueLeakage.Outputs(dir.resolve(FINDINGS_JSON), null, null));
        leakage.export(result, new RevenueLeakage.Outputs(dir.resolve(FINDINGS_XLSX), null, null));
        try {
            var summary = json.readTree(Files.readString(dir.resolve(SUMMARY)));
            var metrics = summary.path("metrics");
            String domain = summary.path("domain").asString();
            meters.counter("assay.rows.analysed", "kind", KIND)
                    .increment(metrics.path("total_rows").asDouble());
            meters.counter("assay.findings", "kind", KIND, "domain", domain)
                    .increment(metrics.path("anomalies_detected").asDouble());
            meters.counter("assay.money.at.risk", "domain", domain)
                    .increment(metrics.path("revenue_impact")
                            .path("total_revenue_at_risk")
                            .asDouble());
            return new Outcome(db -> summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {
        results.delete(job.owner(), job.id());
    }
}
