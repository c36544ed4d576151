package io.assay.server.detections;

import io.assay.server.config.ServerSettings;
import io.assay.server.datasets.DatasetRecord;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.assay.server.web.MayAnswerLater;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The spreadsheet anomaly detector seed's routes over the detection use case: {@code POST /datasets/upload} (stores
 * the file and starts its analysis; 201), {@code GET /datasets/{id}} (status {@code processing|completed|failed},
 * {@code error_message}, {@code anomaly_count}), {@code POST /datasets/{id}/analyze} (answers when done:
 * {@code dataset_id, anomalies_detected, total_rows}) and {@code GET /datasets/{id}/anomalies} (each with
 * {@code row_index, anomaly_score, anomalous_features, raw_data}). The seed's method, the autoencoder, is the default.
 */
@RestController
@Tag(name = "seed: anomaly datasets", description = "The spreadsheet anomaly detector seed's routes")
class SeedAnomalyController {

    static final String SEED_METHOD = "autoencoder";

    private final Datasets datasets;
    private final DetectionService detections;
    private final Jobs jobs;
    private final ServerSettings settings;

    SeedAnomalyController(Datasets datasets, DetectionService detections, Jobs jobs, ServerSettings settings) {
        this.datasets = datasets;
        this.detections = detections;
        this.jobs = jobs;
        this.settings = settings;
    }

    private static DetectBody body(String datasetId, String method) {
        return new DetectBody(
                datasetId, method == null ? SEED_METHOD : method, null, null, null, null, null, 3, null, null);
    }

    @PostMapping(path = "/datasets/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a spreadsheet and start its anomaly analysis (seed shape)")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> upload(
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String method,
            @RequestParam(required = false) String sheet,
            @RequestParam(name = "header_row", required = false) String headerRow,
            jakarta.servlet.http.HttpServletRequest request) {
        io.assay.server.datasets.FormFields.only(request, List.of("file", "method", "sheet", "header_row"));
        var caller = Caller.current();
        var accepted = datasets.upload(caller, file, sheet, headerRow);
        var job = detections.startOnUpload(caller, body(accepted.dataset().id(), method));
        return view(accepted.dataset(), job);
    }

    @GetMapping("/datasets/{id}")
    @Operation(summary = "A dataset's analysis status (seed shape)")
    Map<String, Object> get(@PathVariable String id) {
        var caller = Caller.current();
        var dataset = datasets.get(caller, id);
        return view(dataset, detections.latestFor(caller, id).orElse(null));
    }

    @PostMapping("/datasets/{id}/analyze")
    @Operation(summary = "Detect anomalies in a dataset and answer when done (seed shape)")
    @MayAnswerLater("still running after the wait: the detection id to poll")
    ResponseEntity<Map<String, Object>> analyze(
            @PathVariable String id, @RequestParam(required = false) String method) {
        var caller = Caller.current();
        // the seed analysed the stored file at once: a client that asks right after its upload, while the dataset is
        // still being read, gets its analysis as the upload does (the job reads the file itself), not a 409
        var dataset = datasets.get(caller, id);
        var job = io.assay.server.datasets.DatasetRecord.PROCESSING.equals(dataset.status())
                ? detections.startOnUpload(caller, body(id, method))
                : detections.start(caller, body(id, method));
        var done = jobs.await(caller, job.id(), settings.jobs().waitForSeedRoutes());
        if (done.status() == JobStatus.SUCCEEDED) {
            var summary = done.result().path("summary");
            var out = new LinkedHashMap<String, Object>();
            out.put("dataset_id", id);
            out.put("anomalies_detected", summary.path("flagged").asLong());
            out.put("total_rows", summary.path("rows").asLong());
            out.put("detection_id", done.id());
            return ResponseEntity.ok(out);
        }
        if (done.status().terminal()) {
            throw io.assay.server.jobs.JobProblems.of(done);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("dataset_id", id, "status", "processing", "detection_id", done.id()));
    }

    @GetMapping("/datasets/{id}/anomalies")
    @Operation(summary = "The anomalies found in a dataset, most anomalous first (seed shape)")
    List<JsonNode> anomalies(@PathVariable String id) {
        var caller = Caller.current();
        datasets.get(caller, id);
        var job = detections
                .latestFor(caller, id)
                .orElseThrow(() -> io.assay.server.web.ApiException.conflict(
                        "not-analysed", "dataset " + id + " has not been analysed; POST /datasets/" + id + "/analyze"));
        var rows = detections.flagged(caller, job.id());
        var out = new java.util.ArrayList<JsonNode>(rows.size());
        rows.forEach(out::add);
        return out;
    }

    /** The seed's dataset: its analysis status and anomaly count. */
    private static Map<String, Object> view(DatasetRecord d, JobRecord detection) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", d.id());
        out.put("filename", d.name());
        out.put("file_size", d.bytes());
        String status;
        String error = null;
        Long count = null;
        if (detection == null) {
            status = DatasetRecord.FAILED.equals(d.status()) ? "failed" : "uploaded";
            error = d.errorMessage();
        } else {
            status = switch (detection.status()) {
                case QUEUED, RUNNING -> "processing";
                case SUCCEEDED -> "completed";
                case FAILED, CANCELLED -> "failed";
            };
            if (detection.error() != null) {
                error = detection.error().detail();
            } else if (detection.status() == JobStatus.CANCELLED) {
                error = "the analysis was cancelled";
            }
            if (detection.result() != null) {
                count = detection.result().path("summary").path("flagged").asLong();
                out.put(
                        "row_count",
                        detection.result().path("summary").path("rows").asLong());
            }
            out.put("detection_id", detection.id());
        }
        out.put("status", status);
        out.put("error_message", error);
        out.put("anomaly_count", count);
        out.put("created_at", d.createdAt());
        return out;
    }
}
