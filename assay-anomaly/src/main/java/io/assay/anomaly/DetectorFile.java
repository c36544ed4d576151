package io.assay.anomaly;

import io.assay.core.json.Json;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.pipeline.Pipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The portable saved form of an {@link AnomalyModel}: one gzip-compressed JSON document holding the method and its
 * options, each part's fitted pipeline and fitted state (numbers and arrays only), the calibration, the typical values
 * and the threshold. Nothing in it is Java-serialized, so reading a file can only ever produce numbers. {@code
 * format} changes only with a migration; golden files of each format are kept in the tests.
 */
final class DetectorFile {

    static final int FORMAT = 1;
    static final String KIND = "assay-anomaly-detector";
    /** What a saved detector may expand to (its arrays; an LOF keeps its training rows). */
    private static final long MAX_BYTES = 2L * 1024 * 1024 * 1024 - 64;

    /** The document. */
    record Document(
            int format,
            String kind,
            String method,
            JsonNode options,
            String label,
            List<Part> parts,
            Calibration calibration,
            List<Typical> typical,
            Threshold threshold,
            List<Pipeline.Exclusion> excluded,
            AnomalyModel.Provenance provenance) {}

    /** One fitted method of the detector. */
    record Part(
            String method,
            JsonNode options,
            FittedPipeline pipeline,
            JsonNode state,
            Calibration calibration,
            Spread spread) {}

    private DetectorFile() {}

    static byte[] write(AnomalyModel m) {
        var parts = new ArrayList<Part>();
        for (var p : m.parts()) {
            parts.add(new Part(
                    p.detector().name(),
                    p.options(),
                    p.pipeline(),
                    Json.mapper().valueToTree(p.model().state()),
                    p.calibration(),
                    p.spread()));
        }
        var doc = new Document(
                FORMAT,
                KIND,
                m.method(),
                m.options(),
                m.label(),
                parts,
                m.calibration(),
                m.typical(),
                m.threshold(),
                m.excluded(),
                m.provenance());
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes, 1 << 16)) {
            Json.mapper()
                    .writer()
                    .without(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValue(gz, doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AnomalyModel read(byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
            throw new DetectorFileException("not a saved detector (expected gzip-compressed JSON)", null);
        }
        Document doc;
        try (InputStream in = new Limited(new GZIPInputStream(new ByteArrayInputStream(bytes)), MAX_BYTES)) {
            doc = Json.mapper().readValue(in, Document.class);
        } catch (IOException | JacksonException e) {
            throw new DetectorFileException(e.getMessage(), e);
        }
        if (!KIND.equals(doc.kind())) {
            throw new DetectorFileException("it is a '" + doc.kind() + "' document, not a detector", null);
        }
        if (doc.format() > FORMAT) {
            throw new DetectorFileException(
                    "format " + doc.format() + " was written by a newer Assay; upgrade to read it", null);
        }
        if (doc.parts() == null || doc.parts().isEmpty()) {
            throw new DetectorFileException("it has no fitted method", null);
        }
        var parts = new ArrayList<AnomalyModel.Part>();
        for (Part p : doc.parts()) {
            parts.add(part(p));
        }
        return new AnomalyModel(
                doc.method(),
                doc.options(),
                parts,
                doc.calibration(),
                doc.typical(),
                doc.threshold(),
                doc.excluded(),
                doc.label(),
                doc.provenance());
    }

    private static <O extends Record> AnomalyModel.Part part(Part p) {
        @SuppressWarnings("unchecked")
        Detector<O> d = (Detector<O>) Detectors.detector(p.method());
        O options = States.read(p.options(), d.optionsType());
        return new AnomalyModel.Part(
                d, p.options(), p.pipeline(), d.load(p.state(), options), p.calibration(), p.spread());
    }

    /** Stops reading beyond {@code limit} bytes: a small file cannot expand without bound. */
    private static final class Limited extends java.io.FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new IOException("it expands beyond " + MAX_BYTES + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (left -= n) < 0) {
                throw new IOException("it expands beyond " + MAX_BYTES + " bytes");
            }
            return n;
        }
    }

    static String json(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
