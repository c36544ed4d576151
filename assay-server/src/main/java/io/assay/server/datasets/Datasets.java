package io.assay.server.datasets;

import io.assay.app.Assay;
import io.assay.leakage.generator.LeakGenerator;
import io.assay.server.config.ServerSettings;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploaded tables: upload (stored, content-checked, then read and profiled by a background job), list, show,
 * profile, delete. A user sees only their own datasets; anyone else's are "not found".
 */
@Service
public class Datasets {

    /** What a request for a dataset still being read suggests as {@code Retry-After}: a poll, not a long wait. */
    public static final long RETRY_AFTER_SECONDS = 2;

    /** An upload accepted for processing, with the job that reads and profiles it. */
    public record Accepted(DatasetRecord dataset, JobRecord job) {}

    private final DatasetStore store;
    private final Uploads uploads;
    private final RemoteFiles remote;
    private final Jobs jobs;
    private final Clock clock;
    private final ServerSettings settings;
    private final JsonMapper json;
    private final Assay assay;

    Datasets(
            Assay assay,
            DatasetStore store,
            Uploads uploads,
            RemoteFiles remote,
            Jobs jobs,
            Clock clock,
            ServerSettings settings,
            JsonMapper json) {
        this.assay = assay;
        this.store = store;
        this.remote = remote;
        this.uploads = uploads;
        this.jobs = jobs;
        this.clock = clock;
        this.settings = settings;
        this.json = json;
    }

    /** Stores an upload and queues the job that reads it; {@code sheet}: the worksheet of a workbook (null: first). */
    public Accepted upload(Caller caller, MultipartFile file, String sheet) {
        return upload(caller, file, sheet, null);
    }

    /**
     * Stores an upload and queues the job that reads it; {@code sheet}: the worksheet of a workbook (null: first),
     * {@code headerRow}: the form field {@code header_row}, the row of that sheet holding the column names as Excel
     * numbers it (null or empty: detected).
     */
    public Accepted upload(Caller caller, MultipartFile file, String sheet, String headerRow) {
        Integer row = headerRow(headerRow);
        String id = UUID.randomUUID().toString();
        return accept(caller, id, uploads.store(file, caller.owner(), id), sheet, row);
    }

    /**
     * Fetches the table at {@code url} (http or https; allow-listed hosts; no internal addresses unless configured;
     * within the upload size limit) and accepts it like an upload; errors name the request's {@code field}.
     */
    public Accepted fetch(Caller caller, String field, String url, String sheet) {
        return fetch(caller, field, url, sheet, null);
    }

    /** As {@link #fetch(Caller, String, String, String)}, with the workbook's header row ({@code header_row}). */
    public Accepted fetch(Caller caller, String field, String url, String sheet, Integer headerRow) {
        Integer row = headerRow == null ? null : headerRow(headerRow.toString());
        String id = UUID.randomUUID().toString();
        var fetched = remote.fetch(field, url, uploads.staging());
        try {
            return accept(
                    caller,
                    id,
                    uploads.store(
                            fetched.name(),
                            target -> java.nio.file.Files.move(fetched.file(), target),
                            caller.owner(),
                            id),
                    sheet,
                    row);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(fetched.file());
            } catch (java.io.IOException e) {
                // staged file already moved or gone
            }
        }
    }

    /** The largest generated table: a demo or test file, not a load generator. */
    static final int MAX_GENERATED_ROWS = 1_000_000;

    /**
     * Generates a labelled table of a built-in domain (as {@code assay generate}) and accepts it like an upload; its
     * truth file ({@code row_index,type,revenue_impact,detail}) is kept beside it, so that a leak model can be
     * trained on it or an analysis measured against it.
     */
    public Accepted generate(Caller caller, String domain, int rows, double leakRate, long seed) {
        if (rows < 1 || rows > MAX_GENERATED_ROWS) {
            throw ApiException.badRequest(
                    "invalid-option", "rows must be between 1 and " + MAX_GENERATED_ROWS + ", not " + rows);
        }
        String id = UUID.randomUUID().toString();
        String name = domain.trim().toLowerCase(java.util.Locale.ROOT) + "-" + rows + "-seed" + seed + ".csv";
        Path staged = uploads.staging().resolve("generated-" + id);
        try {
            var generated = assay.leakage().generate(domain, rows, leakRate, seed, staged.resolve(name));
            var stored = uploads.store(
                    name, target -> java.nio.file.Files.move(generated.data(), target), caller.owner(), id);
            java.nio.file.Files.move(generated.truth(), LeakGenerator.truthFile(stored.file()));
            return accept(caller, id, stored, null, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            Uploads.delete(staged);
        }
    }

    /** The {@code header_row} field read as a row number Excel shows; null when absent or empty. */
    private static Integer headerRow(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        try {
            int row = Integer.parseInt(field.strip());
            io.assay.core.ingest.Ingest.Options.defaults().withHeaderRow(row);
            return row;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "invalid-parameter",
                    "'header_row' is the row number Excel shows (1 to "
                            + io.assay.core.ingest.Ingest.Options.MAX_SHEET_ROW + "), not '" + field + "'");
        } catch (io.assay.core.error.InvalidOptionException e) {
            throw ApiException.badRequest(
                    "invalid-parameter",
                    "'header_row' " + field.strip() + ": "
                            + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private Accepted accept(Caller caller, String id, Uploads.Stored stored, String sheet, Integer headerRow) {
        if (sheet != null && sheet.isBlank()) {
            sheet = null;
        }
        if (headerRow != null && stored.format() != io.assay.core.ingest.FileFormat.XLSX) {
            Uploads.delete(stored.file().getParent());
            throw ApiException.badRequest(
                    "invalid-parameter",
                    "'header_row' names the header row of a workbook sheet (.xlsx); " + stored.name() + " is "
                            + stored.format().label());
        }
        if (sheet != null && stored.format() != io.assay.core.ingest.FileFormat.XLSX) {
            Uploads.delete(stored.file().getParent());
            throw ApiException.badRequest(
                    "invalid-parameter",
                    "'sheet' chooses a worksheet of a workbook (.xlsx); " + stored.name() + " is "
                            + stored.format().label());
        }
        var now = clock.instant();
        var dataset = new DatasetRecord(
                id,
                caller.owner(),
                stored.name(),
                stored.format().label(),
                stored.bytes(),
                stored.sha256(),
                stored.file().toString(),
                sheet,
                headerRow,
                DatasetRecord.PROCESSING,
                null,
                null,
                null,
                null,
                now,
                now.plus(settings.ttl()));
        try {
            var job = jobs.submit(caller, ProfileJob.KIND, id, Map.of("dataset_id", id), () -> store.insert(dataset));
            return new Accepted(dataset, job);
        } catch (RuntimeException e) {
            Uploads.delete(stored.file().getParent());
            throw e;
        }
    }

    /**
     * {@code limit} (1 to {@value io.assay.server.jobs.Listing#MAX_LIMIT}) of the caller's datasets, newest first,
     * after skipping {@code offset}.
     */
    public List<DatasetRecord> list(Caller caller, int limit, int offset) {
        io.assay.server.jobs.Listing.window(limit, offset);
        return store.list(caller.owner(), limit, offset);
    }

    public DatasetRecord get(Caller caller, String id) {
        return find(caller.owner(), id);
    }

    /** {@code owner}'s dataset in any status (for jobs, which run without a request). */
    public DatasetRecord find(String owner, String id) {
        return store.find(owner, id).orElseThrow(() -> ApiException.notFound("dataset", id));
    }

    /** A dataset that has been read successfully, for the use cases that work on it. */
    public DatasetRecord ready(Caller caller, String id) {
        return ready(caller.owner(), id);
    }

    /** {@code owner}'s dataset that has been read successfully (for jobs, which run without a request). */
    public DatasetRecord ready(String owner, String id) {
        var d = store.find(owner, id).orElseThrow(() -> ApiException.notFound("dataset", id));
        return switch (d.status()) {
            case DatasetRecord.READY -> d;
            case DatasetRecord.FAILED ->
                throw ApiException.conflict(
                        "dataset-failed", "dataset " + id + " could not be read: " + d.errorMessage());
            default ->
                throw ApiException.notYet(
                        "dataset-not-ready",
                        "dataset " + id + " is still being read; retry when its status is ready",
                        RETRY_AFTER_SECONDS);
        };
    }

    public Path file(DatasetRecord d) {
        return Path.of(d.file());
    }

    /** The column names of a ready dataset, as its profile read them. */
    public java.util.List<String> columnNames(Caller caller, String id) {
        var names = new java.util.ArrayList<String>();
        profile(caller, id)
                .path("columns")
                .forEach(c -> names.add(c.path("name").asString()));
        return names;
    }

    /**
     * The columns of a ready dataset with their types and formats as its profile read them: what a job reading the
     * file will see, for the checks a request gets before its job is queued.
     */
    public io.assay.core.table.Schema schema(Caller caller, String id) {
        var fields = new java.util.ArrayList<io.assay.core.table.Field>();
        for (JsonNode c : profile(caller, id).path("columns")) {
            fields.add(new io.assay.core.table.Field(
                    c.path("name").asString(),
                    io.assay.core.table.ColumnType.parse(c.path("type").asString()),
                    c.path("format").asString("")));
        }
        return new io.assay.core.table.Schema(fields);
    }

    public JsonNode profile(Caller caller, String id) {
        ready(caller, id);
        return json.readTree(store.profile(caller.owner(), id).orElseThrow(() -> ApiException.notFound("dataset", id)));
    }

    public void delete(Caller caller, String id) {
        var d = get(caller, id);
        if (!store.delete(caller.owner(), id)) {
            throw ApiException.notFound("dataset", id);
        }
        Uploads.delete(Path.of(d.file()).getParent());
    }

    /** Deletes datasets past their expiry time, rows and files; returns how many. */
    public int deleteExpired() {
        var expired = store.expired(clock.millis());
        for (var d : expired) {
            store.delete(d.owner(), d.id());
            Uploads.delete(Path.of(d.file()).getParent());
        }
        return expired.size();
    }

    public int count() {
        return store.count();
    }
}
