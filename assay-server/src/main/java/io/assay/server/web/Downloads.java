package io.assay.server.web;

import java.nio.file.Path;
import java.util.Locale;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A result file as a download: its type from its extension, streamed from disk, saved under its own name. */
public final class Downloads {

    private Downloads() {}

    public static ResponseEntity<Resource> file(Path file) {
        return file(file, file.getFileName().toString());
    }

    public static ResponseEntity<Resource> file(Path file, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        MediaType type;
        if (n.endsWith(".json")) {
            type = MediaType.APPLICATION_JSON;
        } else if (n.endsWith(".csv")) {
            type = new MediaType("text", "csv");
        } else if (n.endsWith(".xlsx")) {
            type = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        } else if (n.endsWith(".docx")) {
            type = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        } else {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(new FileSystemResource(file));
    }
}
