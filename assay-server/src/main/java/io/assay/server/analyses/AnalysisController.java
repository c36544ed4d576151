package io.assay.server.analyses;

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

/** {@code /api/v1/analyses}: revenue-leakage analysis of a dataset, status, result, findings and downloads. */
@RestController
@RequestMapping("/api/v1/analyses")
@Tag(name = "analyses", description = "Revenue leakage: analyse a dataset for a domain, findings, reports")
class AnalysisController {

    private final AnalysisService analyses;

    AnalysisController(AnalysisService analyses) {
        this.analyses = analyses;
    }

    @PostMapping
    @Operation(summary = "Analyse a dataset for revenue leakage", description = "202 with the analysis and its job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> start(@Valid @RequestBody AnalyzeBody body) {
        JobRecord job = analyses.start(Caller.current(), body);
        var out = new LinkedHashMap<String, Object>();
        out.put("analysis", AnalysisService.view(job));
        out.put("job", job);
        return out;
    }

    @GetMapping
    @Operation(summary = "Your analyses, newest first", description = io.assay.server.jobs.Jobs.PAGED)
    List<AnalysisService.Analysis> list(
            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        return analyses.list(Caller.current(), limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "An analysis: status with progress, and once done its result (metrics, summary, charts)")
    AnalysisService.Analysis get(@PathVariable String id) {
        return analyses.get(Caller.current(), id);
    }

    @GetMapping("/{id}/findings")
    @Operation(
            summary = "Findings, paged; filter by type, severity, minimum impact; sort by impact (default),"
                    + " confidence, severity or row_index")
    AnalysisService.Page findings(
            @PathVariable String id,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String severity,
            @RequestParam(name = "min_impact", required = false) Double minImpact,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return analyses.findings(
                Caller.current(), id, new AnalysisService.Filter(type, severity, minImpact, sort), page, size);
    }

    @GetMapping("/{id}/files/{file}")
    @Operation(summary = "Download findings.csv, findings.xlsx, findings.json, summary.json or report.docx")
    ResponseEntity<Resource> download(@PathVariable String id, @PathVariable String file) {
        return Downloads.file(analyses.download(Caller.current(), id, file));
    }
}
