package io.assay.server.detections;

import io.assay.server.jobs.JobRecord;
import io.assay.server.security.Caller;
import io.assay.server.web.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/detections}: anomaly detection on an uploaded dataset, its status, flagged rows and files. */
@RestController
@RequestMapping("/api/v1/detections")
@Tag(name = "detections", description = "Anomaly detection: method, threshold, flagged rows explained, downloads")
class DetectionController {

    private final DetectionService detections;

    DetectionController(DetectionService detections) {
        this.detections = detections;
    }

    @PostMapping
    @Operation(summary = "Detect anomalies in a dataset", description = "202 with the detection (its id is the job's)")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> start(@Valid @RequestBody DetectBody body) {
        JobRecord job = detections.start(Caller.current(), body);
        var out = new LinkedHashMap<String, Object>();
        out.put("detection", DetectionService.view(job));
        out.put("job", job);
        return out;
    }

    @GetMapping
    @Operation(summary = "Your detections, newest first", description = io.assay.server.jobs.Jobs.PAGED)
    List<DetectionService.Detection> list(
            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        return detections.list(Caller.current(), limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A detection: status, progress, summary, the most anomalous rows")
    DetectionService.Detection get(@PathVariable String id) {
        return detections.get(Caller.current(), id);
    }

    @GetMapping("/{id}/anomalies")
    @Operation(summary = "Flagged rows, most anomalous first, paged; filter by severity or minimum score")
    DetectionService.Page anomalies(
            @PathVariable String id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String severity,
            @RequestParam(name = "min_score", required = false) Double minScore) {
        return detections.anomalies(Caller.current(), id, page, size, severity, minScore);
    }

    @GetMapping("/{id}/files/{file}")
    @Operation(
            summary =
                    "Download flagged.json or flagged.xlsx (flagged rows explained) or scores.csv (every row's score)")
    ResponseEntity<Resource> download(@PathVariable String id, @PathVariable String file) {
        return Downloads.file(detections.download(Caller.current(), id, file));
    }
}
