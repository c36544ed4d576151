package io.assay.server.detections;

import io.assay.app.Detections;
import io.assay.server.datasets.DatasetRecord;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.jobs.Listing;
import io.assay.server.models.ModelRegistries;
import io.assay.server.results.ResultFiles;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anomaly detections: a detection is the background job that ran it (same id), its summary is the job's result, its
 * flagged rows and scores are files in the job's result directory. A user sees only their own.
 */
@Service
public class DetectionService {

    /**
     * A detection as shown.
     *
     * @param summary rows, method, threshold, flagged count and severities (once succeeded); its notes say what the
     *     preprocessing filled or mapped
     * @param report what a saved detector's preprocessing had to fill or map in this dataset (missing columns filled
     *     with the training value, type changes, unseen category levels), as {@code assay detect --format json}'s
     */
    public record Detection(
            String id,
            String datasetId,
            String status,
            double progress,
            String stage,
            JsonNode summary,
            JsonNode report,
            JsonNode top,
            JobRecord.Error error,
            Instant createdAt,
            Instant finishedAt) {}

    /** One page of flagged rows, most anomalous first. */
    public record Page(long total, int page, int size, List<JsonNode> items) {}

    private final Jobs jobs;
    private final Datasets datasets;
    private final ModelRegistries registries;
    private final ResultFiles results;
    private final JsonMapper json;

    DetectionService(Jobs jobs, Datasets datasets, ModelRegistries registries, ResultFiles results, JsonMapper json) {
        this.jobs = jobs;
        this.registries = registries;
        this.datasets = datasets;
        this.results = results;
        this.json = json;
    }

    /**
     * Checks the request on a dataset that has been read (409 while it is being read or when it could not be) against
     * its columns, as the job will (method, settings, excluded columns, label, the saved detector), and queues the
     * detection.
     */
    public JobRecord start(Caller caller, DetectBody body) {
        var dataset = datasets.ready(caller, body.datasetId());
        var request = checked(caller, body, dataset);
        var detections = registries.detections(caller.owner());
        detections.check(request, datasets.columnNames(caller, dataset.id()));
        if (body.label() != null && !body.label().isBlank()) {
            checkLabel(caller, body);
        }
        return jobs.submit(caller, DetectJob.KIND, dataset.id(), body);
    }

    /**
     * Queues the detection of a dataset just uploaded with it, before it has been read (the spreadsheet seed's
     * upload): the request itself is checked now, the file's columns by the job.
     */
    JobRecord startOnUpload(Caller caller, DetectBody body) {
        var dataset = datasets.get(caller, body.datasetId());
        checked(caller, body, dataset);
        return jobs.submit(caller, DetectJob.KIND, dataset.id(), body);
    }

    /** The use case's request for {@code body}, its settings, saved detector and name to save under checked. */
    private Detections.DetectRequest checked(Caller caller, DetectBody body, DatasetRecord dataset) {
        var request = DetectJob.request(body, dataset, null, null);
        if (body.model() != null) {
            registries.detections(caller.owner()).registry().find(body.modelName(), body.modelVersion());
        }
        if (body.save() != null) {
            io.assay.ml.registry.IndexedModelRegistry.checkName(body.save());
        }
        return request;
    }

    /**
     * A label column that is missing, or that the dataset's profile shows holding values other than anomaly/normal
     * ones, is refused now (400) rather than failing the job later.
     */
    private void checkLabel(Caller caller, DetectBody body) {
        var profile = datasets.profile(caller, body.datasetId());
        var names = new ArrayList<String>();
        for (JsonNode column : profile.path("columns")) {
            String name = column.path("name").asString();
            names.add(name);
            if (name.equals(body.label())) {
                var values = new ArrayList<String>();
                column.path("topValues").forEach(v -> values.add(v.path("value").asString()));
                column.path("examples").forEach(v -> values.add(v.asString()));
                io.assay.anomaly.DetectionSummary.checkLabel(name, values);
                return;
            }
        }
        throw new io.assay.core.error.ColumnNotFoundException(body.label(), names);
    }

    public Detection get(Caller caller, String id) {
        return view(job(caller, id));
    }

    /** {@code limit} of the caller's detections, newest first, after skipping {@code offset}. */
    public List<Detection> list(Caller caller, int limit, int offset) {
        return jobs.list(caller, null, DetectJob.KIND, limit, offset).stream()
                .map(DetectionService::view)
                .toList();
    }

    /** The newest detection of a dataset, if any. */
    public java.util.Optional<JobRecord> latestFor(Caller caller, String datasetId) {
        return jobs.list(caller, null, DetectJob.KIND, io.assay.server.jobs.Listing.MAX_LIMIT, 0).stream()
                .filter(j -> datasetId.equals(j.subject()))
                .findFirst();
    }

    JobRecord job(Caller caller, String id) {
        return jobs.get(caller, id, DetectJob.KIND, "detection");
    }

    static Detection view(JobRecord job) {
        JsonNode r = job.result();
        return new Detection(
                job.id(),
                job.subject(),
                job.status().label(),
                job.progress(),
                job.stage(),
                r == null ? null : r.get("summary"),
                r == null ? null : r.get("report"),
                r == null ? null : r.get("top"),
                job.error(),
                job.createdAt(),
                job.finishedAt());
    }

    /**
     * A page of the flagged rows, most anomalous first, optionally only of one severity or from a minimum score.
     */
    public Page anomalies(Caller caller, String id, int page, int size, String severity, Double minScore) {
        String checked = Listing.oneOf(
                "severity",
                severity,
                java.util.Arrays.stream(io.assay.anomaly.Severity.values())
                        .map(io.assay.anomaly.Severity::label)
                        .toList());
        Listing.finite("min_score", minScore);
        return page(flagged(caller, id), page, size, checked, minScore);
    }

    /** Every flagged row of a finished detection. */
    public JsonNode flagged(Caller caller, String id) {
        var job = job(caller, id);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw Jobs.notFinished("detection", job, "flagged rows");
        }
        try {
            return json.readTree(Files.readString(results.file(job.owner(), job.id(), DetectJob.FLAGGED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Page page(JsonNode rows, int page, int size, String severity, Double minScore) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ApiException.badRequest("invalid-page", "page is 0 or more and size between 1 and 1000");
        }
        var kept = new ArrayList<JsonNode>();
        for (JsonNode row : rows) {
            boolean ok = (severity == null
                            || severity.toLowerCase(Locale.ROOT)
                                    .equals(row.path("severity").asString().toLowerCase(Locale.ROOT)))
                    && (minScore == null || row.path("anomaly_score").asDouble() >= minScore);
            if (ok) {
                kept.add(row);
            }
        }
        int from = (int) Math.min((long) page * size, kept.size());
        int to = Math.min(from + size, kept.size());
        return new Page(kept.size(), page, size, List.copyOf(kept.subList(from, to)));
    }

    /** A result file of a finished detection: {@code flagged.json}, {@code flagged.xlsx} or {@code scores.csv}. */
    public Path download(Caller caller, String id, String file) {
        var job = job(caller, id);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw Jobs.notFinished("detection", job, "files");
        }
        return results.file(job.owner(), job.id(), file);
    }
}
