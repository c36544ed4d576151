package io.assay.server.analyses;

import io.assay.app.Assay;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.jobs.Listing;
import io.assay.server.results.ResultFiles;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Revenue-leakage analyses: an analysis is the background job that ran it (same id); its result is the summary
 * resource of the leakage contract, its findings and reports are files in the job's result directory. A user sees
 * only their own.
 */
@Service
public class AnalysisService {

    /** An analysis as shown: status with progress, and once done the result summary. */
    public record Analysis(
            String id,
            String datasetId,
            String status,
            double progress,
            String stage,
            JsonNode result,
            JobRecord.Error error,
            Instant createdAt,
            Instant finishedAt) {}

    /** One page of findings. */
    public record Page(long total, int page, int size, List<JsonNode> items) {}

    /** How findings are filtered and sorted. */
    public record Filter(String type, String severity, Double minImpact, String sort) {}

    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    private final Assay assay;
    private final Jobs jobs;
    private final Datasets datasets;
    private final ResultFiles results;
    private final JsonMapper json;

    AnalysisService(Assay assay, Jobs jobs, Datasets datasets, ResultFiles results, JsonMapper json) {
        this.assay = assay;
        this.jobs = jobs;
        this.datasets = datasets;
        this.results = results;
        this.json = json;
    }

    /**
     * Checks the request on a dataset that has been read (409 while it is being read or when it could not be) against
     * its columns, as the job will (domain, parameters, mapping, required columns), and queues the analysis.
     */
    public JobRecord start(Caller caller, AnalyzeBody body) {
        var dataset = datasets.ready(caller, body.datasetId());
        assay.leakage().check(AnalyzeJob.request(body, dataset), datasets.schema(caller, dataset.id()));
        return jobs.submit(caller, AnalyzeJob.KIND, dataset.id(), body);
    }

    /**
     * Queues the analysis of a dataset just uploaded with it, before it has been read (the leakage seed's upload): the
     * request itself (domain, parameters) is checked now, the file's columns by the job.
     */
    JobRecord startOnUpload(Caller caller, AnalyzeBody body) {
        var dataset = datasets.get(caller, body.datasetId());
        var request = AnalyzeJob.request(body, dataset);
        assay.leakage().pack(request.domain(), null);
        return jobs.submit(caller, AnalyzeJob.KIND, dataset.id(), body);
    }

    public Analysis get(Caller caller, String id) {
        return view(job(caller, id));
    }

    /** {@code limit} of the caller's analyses, newest first, after skipping {@code offset}. */
    public List<Analysis> list(Caller caller, int limit, int offset) {
        return jobs.list(caller, null, AnalyzeJob.KIND, limit, offset).stream()
                .map(AnalysisService::view)
                .toList();
    }

    JobRecord job(Caller caller, String id) {
        return jobs.get(caller, id, AnalyzeJob.KIND, "analysis");
    }

    static Analysis view(JobRecord job) {
        return new Analysis(
                job.id(),
                job.subject(),
                job.status().label(),
                job.progress(),
                job.stage(),
                job.result(),
                job.error(),
                job.createdAt(),
                job.finishedAt());
    }

    /** A finished analysis's job, or 409 while it runs and when it failed. */
    JobRecord finished(Caller caller, String id) {
        var job = job(caller, id);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw Jobs.notFinished("analysis", job, "findings and files");
        }
        return job;
    }

    /** Every finding of a finished analysis, in the contract's JSON layout. */
    public JsonNode findings(Caller caller, String id) {
        var job = finished(caller, id);
        try {
            return json.readTree(Files.readString(results.file(job.owner(), job.id(), AnalyzeJob.FINDINGS_JSON)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Findings filtered by type, severity and minimum impact, sorted, one page. */
    public Page findings(Caller caller, String id, Filter filter, int page, int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ApiException.badRequest("invalid-page", "page is 0 or more and size between 1 and 1000");
        }
        // filtered on the values as the check reads them (" High " is high), so what passes the check matches
        String severity = Listing.oneOf("severity", filter.severity(), SEVERITIES);
        Listing.finite("min_impact", filter.minImpact());
        var job = finished(caller, id);
        JsonNode all = findings(caller, id);
        String type = filter.type() == null ? null : Listing.oneOf("type", filter.type(), findingTypes(job, all));
        var kept = new ArrayList<JsonNode>();
        for (JsonNode f : all) {
            if (type != null && !type.equalsIgnoreCase(f.path("type").asString())) {
                continue;
            }
            if (severity != null
                    && !severity.equalsIgnoreCase(f.path("severity").asString())) {
                continue;
            }
            if (filter.minImpact() != null && f.path("revenue_impact").asDouble() < filter.minImpact()) {
                continue;
            }
            kept.add(f);
        }
        kept.sort(order(filter.sort()));
        int from = (int) Math.min((long) page * size, kept.size());
        int to = Math.min(from + size, kept.size());
        return new Page(kept.size(), page, size, List.copyOf(kept.subList(from, to)));
    }

    /**
     * The finding types an analysis can report: those of its domain's rules, unusual patterns, and any other its leak
     * model reported.
     */
    private List<String> findingTypes(JobRecord job, JsonNode findings) {
        var types = new java.util.TreeSet<String>();
        try {
            AnalyzeBody body = json.treeToValue(job.request(), AnalyzeBody.class);
            assay.leakage().pack(body.domain(), null).rules().forEach(r -> types.add(r.type()));
        } catch (RuntimeException e) {
            // a pack removed since the analysis ran: the types it reported still filter
        }
        types.add("unusual_pattern");
        findings.forEach(f -> types.add(f.path("type").asString()));
        return List.copyOf(types);
    }

    /** {@code impact} (largest first, the default), {@code confidence}, {@code severity}, {@code row}. */
    static Comparator<JsonNode> order(String sort) {
        String s = sort == null ? "impact" : sort.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "impact", "-impact", "revenue_impact" ->
                Comparator.comparingDouble(
                                (JsonNode f) -> f.path("revenue_impact").asDouble())
                        .reversed();
            case "confidence" ->
                Comparator.comparingDouble((JsonNode f) -> f.path("confidence").asDouble())
                        .reversed();
            case "severity" ->
                Comparator.comparingInt((JsonNode f) ->
                                SEVERITIES.indexOf(f.path("severity").asString().toLowerCase(Locale.ROOT)))
                        .reversed()
                        .thenComparing(Comparator.comparingDouble(
                                        (JsonNode f) -> f.path("revenue_impact").asDouble())
                                .reversed());
            case "row", "row_index" ->
                Comparator.comparingLong((JsonNode f) -> f.path("row_index").asLong());
            default ->
                throw ApiException.badRequest("invalid-parameter", "sort is impact, confidence, severity or row_index");
        };
    }

    /** A file of a finished analysis: findings.csv|xlsx|json, summary.json or report.docx. */
    public Path download(Caller caller, String id, String file) {
        var job = finished(caller, id);
        if (!AnalyzeJob.FILES.contains(file)) {
            throw ApiException.notFound("result file", file);
        }
        return results.file(job.owner(), job.id(), file);
    }
}
