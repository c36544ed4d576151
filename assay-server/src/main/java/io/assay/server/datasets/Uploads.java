package io.assay.server.datasets;

import io.assay.app.AssayHome;
import io.assay.core.ingest.FileFormat;
import io.assay.core.ingest.Ingest;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Stores uploaded files under {@code <data dir>/uploads/<owner>/<dataset id>/} with a sanitised name, after checking
 * that the name has a supported extension and that the content is what the extension says (Apache Tika's magic
 * detection: a renamed image, PDF, archive or executable is refused with 415 before anything reads it), and that a
 * gzip file is no decompression bomb (400 {@code invalid-file} at upload, not a failed job later).
 */
@Component
class Uploads {

    /** A stored upload. */
    record Stored(Path file, String name, FileFormat format, long bytes, String sha256) {}

    private static final Set<String> TEXT = Set.of("application/json", "application/x-ndjson", "application/csv");
    private static final Set<String> GZIP = Set.of("application/gzip", "application/x-gzip");
    private static final Set<String> ZIP = Set.of(
            "application/zip",
            "application/x-tika-ooxml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-excel.sheet.macroenabled.12");

    private final Path root;
    private final Tika tika = new Tika();

    Uploads(AssayHome home) {
        this.root = home.root().resolve("uploads");
    }

    Path directory(String owner, String datasetId) {
        return root.resolve(owner).resolve(datasetId);
    }

    /** Writes an upload's bytes to a file. */
    interface Content {
        void transferTo(Path target) throws IOException;
    }

    Stored store(MultipartFile upload, String owner, String datasetId) {
        if (upload.isEmpty()) {
            throw ApiException.badRequest("empty-upload", "the uploaded file is empty");
        }
        return store(upload.getOriginalFilename(), upload::transferTo, owner, datasetId);
    }

    /** Stores {@code content} under a sanitised {@code originalName} after checking that it is what its name says. */
    Stored store(String originalName, Content content, String owner, String datasetId) {
        String name = sanitise(originalName);
        FileFormat format = FileFormat.of(Path.of(name));
        Path dir = directory(owner, datasetId);
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            content.transferTo(target);
            if (Files.size(target) == 0) {
                throw ApiException.badRequest("empty-upload", "the file is empty");
            }
            String detected;
            try (InputStream in = Files.newInputStream(target)) {
                detected = tika.detect(in);
            }
            check(format, name, detected);
            if (gzip(name)) {
                Ingest.checkCompressed(target, Ingest.Options.DEFAULT_MAX_UNCOMPRESSED_BYTES);
            }
            return new Stored(target, name, format, Files.size(target), sha256(target));
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot store the upload", e);
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** The file name a URL's path ends with; {@code download.csv} when it names no table file. */
    static String nameFromUrl(String path) {
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        String lower = last.toLowerCase(Locale.ROOT);
        boolean table = java.util.stream.Stream.of(
                        ".csv", ".csv.gz", ".tsv", ".txt", ".xlsx", ".parquet", ".jsonl", ".ndjson")
                .anyMatch(lower::endsWith);
        return table ? last : "download.csv";
    }

    /** The staging directory for files fetched by URL. */
    Path staging() {
        return root.resolve(".staging");
    }

    /** Refuses content that is not what the file's extension says. */
    static void check(FileFormat format, String name, String detected) {
        String mime = detected.toLowerCase(Locale.ROOT);
        boolean gz = gzip(name);
        boolean ok = switch (format) {
            case CSV, JSON_LINES -> gz ? GZIP.contains(mime) : mime.startsWith("text/") || TEXT.contains(mime);
            case XLSX -> ZIP.contains(mime);
            case PARQUET -> mime.contains("parquet") || mime.equals("application/octet-stream");
        };
        if (!ok) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "content-mismatch",
                    name + ": the content is " + detected + ", not " + format.label()
                            + " as the name says; the file was refused");
        }
    }

    private static boolean gzip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /**
     * A safe file name from what the client sent: no directories, no "..", only letters, digits, '.', '_' and '-',
     * at most 120 characters, never starting with a dot.
     */
    static String sanitise(String original) {
        String s = original == null ? "" : original;
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        s = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.replace("..", "").replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (s.length() > 120) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 12 ? s.substring(dot) : "";
            s = s.substring(0, 120 - ext.length()) + ext;
        }
        if (s.isEmpty() || s.startsWith(".")) {
            throw ApiException.badRequest("invalid-file-name", "the uploaded file needs a name with an extension");
        }
        return s;
    }

    private static String sha256(Path file) throws IOException {
        try (var in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a dataset's directory and everything in it. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
