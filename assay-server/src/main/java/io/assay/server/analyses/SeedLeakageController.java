package io.assay.server.analyses;

import io.assay.server.config.ServerSettings;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobProblems;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.assay.server.web.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The revenue-leakage seed's routes over the analysis use case: {@code POST /api/upload} (file, domain →
 * {@code session_id, status}; answers when the analysis is done, or {@code processing} after
 * {@code assay.jobs.wait-for-seed-routes}), {@code GET /api/results/{session_id}}, {@code GET
 * /api/download_detailed_report/{session_id}} (DOCX) and {@code GET /api/download_anomalies/{session_id}} (CSV). A
 * session is an analysis.
 */
@RestController
@Tag(name = "seed: revenue leakage", description = "The revenue-leakage seed's routes")
class SeedLeakageController {

    private final Datasets datasets;
    private final AnalysisService analyses;
    private final Jobs jobs;
    private final ServerSettings settings;

    SeedLeakageController(Datasets datasets, AnalysisService analyses, Jobs jobs, ServerSettings settings) {
        this.datasets = datasets;
        this.analyses = analyses;
        this.jobs = jobs;
        this.settings = settings;
    }

    @PostMapping(path = "/api/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a file and analyse it for a domain (seed shape)")
    Map<String, Object> upload(
            @RequestPart("file") MultipartFile file,
            @RequestParam("domain") String domain,
            @RequestParam(required = false) String sheet,
            @RequestParam(name = "header_row", required = false) String headerRow,
            jakarta.servlet.http.HttpServletRequest request) {
        io.assay.server.datasets.FormFields.only(request, java.util.List.of("file", "domain", "sheet", "header_row"));
        var caller = Caller.current();
        var accepted = datasets.upload(caller, file, sheet, headerRow);
        var job = analyses.startOnUpload(
                caller, new AnalyzeBody(accepted.dataset().id(), domain, null, null, null, null, null));
        var done = jobs.await(caller, job.id(), settings.jobs().waitForSeedRoutes());
        if (done.status().terminal() && done.status() != JobStatus.SUCCEEDED) {
            throw JobProblems.of(done); // the seed documents only success: a failure is a problem, not a 200
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("session_id", done.id());
        out.put("status", done.status() == JobStatus.SUCCEEDED ? "completed" : "processing");
        return out;
    }

    @GetMapping("/api/results/{sessionId}")
    @Operation(summary = "An analysis's results (seed shape): summary, metrics, anomalies, visualization data")
    Map<String, Object> results(@PathVariable String sessionId) {
        var caller = Caller.current();
        var job = analyses.job(caller, sessionId);
        var out = new LinkedHashMap<String, Object>();
        out.put("session_id", job.id());
        if (job.status() != JobStatus.SUCCEEDED) {
            out.put("status", job.status().terminal() ? "failed" : "processing");
            out.put("progress", job.progress());
            if (job.error() != null) {
                out.put("error", job.error().detail());
            }
            return out;
        }
        out.put("status", "completed");
        JsonNode result = job.result();
        result.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        out.put("anomalies", analyses.findings(caller, sessionId));
        return out;
    }

    @GetMapping("/api/download_detailed_report/{sessionId}")
    @Operation(summary = "The Word report of an analysis (seed shape)")
    ResponseEntity<Resource> report(@PathVariable String sessionId) {
        return Downloads.file(
                analyses.download(Caller.current(), sessionId, AnalyzeJob.REPORT), sessionId + "_detailed.docx");
    }

    @GetMapping("/api/download_anomalies/{sessionId}")
    @Operation(summary = "The findings of an analysis as CSV (seed shape)")
    ResponseEntity<Resource> anomalies(@PathVariable String sessionId) {
        return Downloads.file(
                analyses.download(Caller.current(), sessionId, AnalyzeJob.FINDINGS_CSV), sessionId + "_anomalies.csv");
    }
}
