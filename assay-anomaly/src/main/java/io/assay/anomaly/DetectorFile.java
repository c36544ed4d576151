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
        } catch (tools.jackson.core.exc.StreamReadException e) {
            // the parser's own advice (enable a read feature) is not the user's to follow
            var at = e.getLocation();
            throw new DetectorFileException(
                    "it is damaged: it is not valid JSON"
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
                    e);
        } catch (JacksonException e) {
            throw new DetectorFileException(firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new DetectorFileException(firstLine(e.getMessage()), e);
        }
        if (doc == null) {
            throw new DetectorFileException("it is empty", null);
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
        SavedState.present(doc.method(), "the method");
        boolean ensemble = doc.method().equals(Detectors.ENSEMBLE);
        SavedState.require(
                ensemble ? doc.parts().size() >= 2 : doc.parts().size() == 1,
                "the " + doc.method() + " detector has " + doc.parts().size() + " fitted method"
                        + (doc.parts().size() == 1 ? "" : "s"));
        var parts = new ArrayList<AnomalyModel.Part>();
        for (Part p : doc.parts()) {
            AnomalyModel.Part part = part(SavedState.present(p, "a fitted method"));
            SavedState.require(
                    ensemble || part.detector().name().equals(doc.method()),
                    "the " + doc.method() + " detector holds a fitted "
                            + part.detector().name());
            SavedState.require(
                    part.pipeline()
                            .inputColumns()
                            .equals(
                                    parts.isEmpty()
                                            ? part.pipeline().inputColumns()
                                            : parts.getFirst().pipeline().inputColumns()),
                    "its fitted methods read different columns");
            parts.add(part);
        }
        SavedState.present(doc.calibration(), "the calibration").checked("the calibration");
        SavedState.list(doc.typical(), "the typical values");
        SavedState.present(doc.threshold(), "the threshold");
        SavedState.list(doc.excluded(), "the columns left out");
        var provenance = SavedState.present(doc.provenance(), "the provenance");
        SavedState.require(provenance.rows() >= 0, "it was trained on " + provenance.rows() + " rows");
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
        Detector<O> d = detector(SavedState.present(p.method(), "a fitted method's name"));
        O options = States.read(p.options(), d.optionsType());
        FittedPipeline pipeline = SavedState.present(p.pipeline(), "the " + d.name() + " pipeline");
        int features;
        try {
            SavedState.require(!pipeline.inputColumns().isEmpty(), "the " + d.name() + " pipeline reads no column");
            features = pipeline.featureNames().size();
        } catch (NullPointerException e) {
            throw SavedState.damaged("the " + d.name() + " pipeline has a step without its column or outputs");
        }
        SavedState.require(features > 0, "the " + d.name() + " pipeline makes no feature");
        Detector.Model model = d.load(p.state(), options, features);
        Calibration calibration = SavedState.present(p.calibration(), "the " + d.name() + " calibration")
                .checked("the " + d.name() + " calibration");
        Spread spread = SavedState.present(p.spread(), "the " + d.name() + " spread")
                .checked(features, "the " + d.name() + " spread");
        return new AnomalyModel.Part(d, p.options(), pipeline, model, calibration, spread);
    }

    @SuppressWarnings("unchecked")
    private static <O extends Record> Detector<O> detector(String method) {
        try {
            return (Detector<O>) Detectors.detector(method);
        } catch (io.assay.core.error.InvalidOptionException e) {
            throw SavedState.damaged("its method '" + method + "' is not one Assay knows");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "it cannot be read";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
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
