package io.assay.server.datasets;

import io.assay.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/datasets}: upload CSV, XLSX, Parquet or JSON lines; list, show, profile, delete. */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "datasets", description = "Uploaded tables: upload, profile, list, delete")
class DatasetController {

    private final Datasets datasets;

    DatasetController(Datasets datasets) {
        this.datasets = datasets;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload a table",
            description = "Stores the file (size-limited, content-checked) and starts a job that reads and profiles"
                    + " it; 202 with the dataset and the job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> upload(
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String sheet,
            @RequestParam(name = "header_row", required = false) String headerRow,
            jakarta.servlet.http.HttpServletRequest request) {
        FormFields.only(request, List.of("file", "sheet", "header_row"));
        var accepted = datasets.upload(Caller.current(), file, sheet, headerRow);
        return Map.of("dataset", accepted.dataset(), "job", accepted.job());
    }

    /**
     * @param url an http(s) URL of a CSV, XLSX, Parquet or JSON-lines file
     * @param sheet the worksheet to read of a workbook (empty: the first)
     * @param headerRow the row of that sheet holding the column names, as Excel numbers it (absent: detected)
     */
    record FromUrl(@jakarta.validation.constraints.NotBlank String url, String sheet, Integer headerRow) {}

    @PostMapping(path = "/from-url", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Fetch a table from a URL",
            description = "http(s) only; allow-listed hosts; no internal addresses unless configured; the upload size"
                    + " limit and content checks apply; 202 with the dataset and the job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> fromUrl(
            @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody FromUrl body) {
        var accepted = datasets.fetch(Caller.current(), "url", body.url(), body.sheet(), body.headerRow());
        return Map.of("dataset", accepted.dataset(), "job", accepted.job());
    }

    /**
     * @param domain {@code retail} (alias {@code supermarket}) or {@code telecom}
     * @param rows how many rows (default 10,000; at most 1,000,000)
     * @param leakRate share of rows with an injected leak (default 0.05)
     * @param seed the generator's seed (default 42): the same seed gives the same file
     */
    record Generate(@jakarta.validation.constraints.NotBlank String domain, Integer rows, Double leakRate, Long seed) {}

    @PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Generate a labelled table",
            description = "Realistic retail sales lines or telecom bills with injected revenue leaks of documented"
                    + " types (as assay generate), kept as your dataset with its truth file; 202 with the dataset and"
                    + " the job that reads it")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> generate(
            @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody Generate body) {
        var accepted = datasets.generate(
                Caller.current(),
                body.domain(),
                body.rows() == null ? 10_000 : body.rows(),
                body.leakRate() == null ? 0.05 : body.leakRate(),
                body.seed() == null ? 42 : body.seed());
        return Map.of("dataset", accepted.dataset(), "job", accepted.job());
    }

    @GetMapping
    @Operation(summary = "Your datasets, newest first", description = io.assay.server.jobs.Listing.PAGED_ALL)
    List<DatasetRecord> list(
            @RequestParam(defaultValue = "" + io.assay.server.jobs.Listing.MAX_LIMIT) int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return datasets.list(Caller.current(), limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dataset: status (processing, ready, failed), shape, checksum, expiry")
    DatasetRecord get(@PathVariable String id) {
        return datasets.get(Caller.current(), id);
    }

    @GetMapping("/{id}/profile")
    @Operation(summary = "The dataset's profile: column types and statistics, data quality, how it was read")
    JsonNode profile(@PathVariable String id) {
        return datasets.profile(Caller.current(), id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dataset and its file")
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(Caller.current(), id);
        return ResponseEntity.noContent().build();
    }
}
