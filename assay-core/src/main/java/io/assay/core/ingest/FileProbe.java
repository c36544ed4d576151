package io.assay.core.ingest;

import io.assay.core.error.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * What the first bytes of a file say about it: compression, text encoding, and whether it is binary. Checked
 * before any parser sees the file, so that a renamed PNG or PDF gets a clear message instead of a parser error.
 */
record FileProbe(long size, boolean gzip, String encoding, byte[] head) {

    private static final int HEAD_BYTES = 64 * 1024;

    static final String DIRECTORY = "is a directory; give one file (CSV, TSV, XLSX, Parquet or JSON lines)";

    /**
     * Largest expanded/compressed ratio of a gzip file once it has expanded past {@link #GZIP_RATIO_CHECK_AFTER}.
     * CSV and JSON lines exports compress 3 to 20-fold; 1000-fold is a decompression bomb.
     */
    static final int GZIP_MAX_RATIO = 100;

    /** Below this many expanded bytes a gzip file is never refused for its ratio (tiny files compress oddly). */
    static final long GZIP_RATIO_CHECK_AFTER = 1024 * 1024;

    /**
     * What the first bytes of {@code file} say about it. A gzip file is expanded once, as a stream into nothing
     * (never to disk), and refused as soon as it passes {@code maxUncompressed} bytes or {@link #GZIP_MAX_RATIO}
     * times its size on disk: the readers that follow (DuckDB's own gzip reading) would otherwise expand it whole.
     */
    static FileProbe of(Path file, long maxUncompressed) {
        long size;
        byte[] raw;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidFileException(
                        file,
                        Files.isDirectory(file)
                                ? DIRECTORY
                                : Files.exists(file) ? "is not a regular file" : "no such file");
            }
            if (!Files.isReadable(file)) {
                throw new InvalidFileException(file, "is not readable (check its permissions)");
            }
            size = Files.size(file);
            if (size == 0) {
                throw new InvalidFileException(file, "the file is empty");
            }
            try (InputStream in = Files.newInputStream(file)) {
                raw = in.readNBytes(HEAD_BYTES);
            }
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        boolean gzip = raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
        byte[] head = raw;
        if (gzip) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                head = in.readNBytes(HEAD_BYTES);
                long limit = Math.min(maxUncompressed, Math.max(GZIP_RATIO_CHECK_AFTER, GZIP_MAX_RATIO * size));
                long expanded = head.length;
                byte[] buffer = new byte[HEAD_BYTES];
                for (int n; expanded <= limit && (n = in.read(buffer)) >= 0; ) {
                    expanded += n;
                }
                if (expanded > limit) {
                    throw new InvalidFileException(file, bombMessage(size, limit, maxUncompressed));
                }
            } catch (IOException e) {
                throw new InvalidFileException(file, "is not a valid gzip file: " + e.getMessage(), e);
            }
            if (head.length == 0) {
                throw new InvalidFileException(file, "the file is empty (after gzip decompression)");
            }
        }
        return new FileProbe(size, gzip, detectEncoding(head), head);
    }

    private static String bombMessage(long size, long limit, long maxUncompressed) {
        if (limit == maxUncompressed) {
            return String.format(
                    Locale.ROOT,
                    "expands to more than %,d bytes when unpacked (the limit); refusing to read it",
                    maxUncompressed);
        }
        return String.format(
                Locale.ROOT,
                "expands more than %d-fold (%,d bytes of gzip to over %,d); a decompression bomb? refusing to read it",
                GZIP_MAX_RATIO,
                size,
                limit);
    }

    /** Names a binary format when the head looks like one, else null. */
    String binaryKind() {
        byte[] h = head;
        if (startsWith(h, 'P', 'K', 3, 4)) {
            return "a ZIP archive (an .xlsx workbook or .zip?)";
        }
        if (startsWith(h, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an OLE2 document (a legacy .xls/.doc or an encrypted workbook)";
        }
        if (startsWith(h, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(h, 0x89, 'P', 'N', 'G')) {
            return "a PNG image";
        }
        if (startsWith(h, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (startsWith(h, 'P', 'A', 'R', '1')) {
            return "a Parquet file";
        }
        if (startsWith(h, 0x7F, 'E', 'L', 'F')) {
            return "an executable";
        }
        if (encoding.equals("utf-16")) {
            return null;
        }
        int control = 0;
        for (byte b : h) {
            int c = b & 0xff;
            if (c == 0) {
                return "binary data (it contains NUL bytes)";
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                control++;
            }
        }
        if (h.length > 0 && control > h.length / 20) {
            return "binary data (" + (100 * control / h.length) + "% control characters)";
        }
        return null;
    }

    boolean startsWith(int... prefix) {
        return startsWith(head, prefix);
    }

    private static boolean startsWith(byte[] h, int... prefix) {
        if (h.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((h[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String detectEncoding(byte[] head) {
        if (startsWith(head, 0xFF, 0xFE) || startsWith(head, 0xFE, 0xFF)) {
            return "utf-16";
        }
        if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
            return "utf-8";
        }
        // Strict UTF-8 over the head, ignoring a sequence cut at the end of the buffer.
        int end = head.length;
        int back = 0;
        while (back < 3 && end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        if (end - back - 1 >= 0 && (head[end - back - 1] & 0xC0) == 0xC0) {
            end = end - back - 1;
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(Arrays.copyOf(head, end)));
            return "utf-8";
        } catch (CharacterCodingException e) {
            return "latin-1";
        }
    }
}
