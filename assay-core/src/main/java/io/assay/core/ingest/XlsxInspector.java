package io.assay.core.ingest;

import io.assay.core.error.InvalidFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Checks a workbook before the Excel reader opens it: not encrypted, not a legacy .xls, not a zip bomb (every part
 * is inflated with a running count, so lying size headers do not help), and finds the chosen sheet and its merged
 * cell ranges.
 */
final class XlsxInspector {

    /** Largest inflated/compressed ratio accepted for a part once it passes {@link #RATIO_CHECK_AFTER} bytes. */
    static final int MAX_RATIO = 200;

    static final long RATIO_CHECK_AFTER = 10L * 1024 * 1024;
    private static final int MAX_ENTRIES = 10_000;
    private static final Pattern CELL = Pattern.compile("([A-Z]+)(\\d+)");

    /** A merged range, 0-based and inclusive. */
    record Range(String ref, int firstRow, int lastRow, int firstColumn, int lastColumn) {}

    /** The sheet that will be read and what the inspection found in it. */
    record Inspection(String sheetName, List<String> sheetNames, List<Range> merged) {}

    private XlsxInspector() {}

    static Inspection inspect(Path file, FileProbe probe, String wantedSheet, long maxUncompressed) {
        if (probe.startsWith(0xD0, 0xCF, 0x11, 0xE0)) {
            if (containsUtf16(file, "EncryptionInfo")) {
                throw new InvalidFileException(
                        file, "is a password-protected workbook; remove the password and try again");
            }
            throw new InvalidFileException(file, "is a legacy Excel 97-2003 workbook, not .xlsx; save it as .xlsx");
        }
        if (!probe.startsWith('P', 'K', 3, 4)) {
            String kind = probe.binaryKind();
            throw new InvalidFileException(
                    file, "is not an .xlsx workbook (" + (kind == null ? "it is text" : "it is " + kind) + ")");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new InvalidFileException(
                        file, "has " + zip.size() + " parts; a workbook has far fewer (zip bomb?)");
            }
            var sheets = sheets(zip, file, maxUncompressed);
            if (sheets.isEmpty()) {
                throw new InvalidFileException(file, "has no worksheets");
            }
            var names = new ArrayList<>(sheets.keySet());
            String sheet = wantedSheet == null ? names.getFirst() : wantedSheet;
            String part = sheets.get(sheet);
            if (part == null) {
                throw new InvalidFileException(
                        file, "has no sheet '" + wantedSheet + "'; its sheets are: " + String.join(", ", names));
            }
            var merged = new ArrayList<Range>();
            long total = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                try (var in = new CountingStream(zip.getInputStream(e), e, file, total, maxUncompressed)) {
                    if (e.getName().equals(part)) {
                        merged.addAll(mergedRanges(in));
                    }
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    total = in.total();
                }
            }
            return new Inspection(sheet, names, merged);
        } catch (ZipException e) {
            throw new InvalidFileException(file, "is not a valid .xlsx workbook (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot be read: " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            throw new InvalidFileException(file, malformed(e), e);
        }
    }

    /**
     * What is wrong with a part of the workbook, in one line: a document type with entities (how XXE and "billion
     * laughs" files attack a reader) is named as such; other parser messages lose their location lines.
     */
    static String malformed(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        boolean undeclared = lower.contains("undeclared"); // "&nbsp;" without a declaration: malformed, not an attack
        if (!undeclared && (lower.contains("entity") || lower.contains("dtd") || lower.contains("doctype"))) {
            return "declares XML entities, which Assay does not read (save it again from a spreadsheet program)";
        }
        String reason = message.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("at [row,col") && !l.startsWith("ParseError at"))
                .map(l -> l.startsWith("Message: ") ? l.substring("Message: ".length()) : l)
                .findFirst()
                .orElse("not well-formed XML");
        return "has a malformed part: " + reason;
    }

    private static boolean containsUtf16(Path file, String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_16LE);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(4 * 1024 * 1024);
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Sheet name → part path, in workbook order. */
    private static Map<String, String> sheets(ZipFile zip, Path file, long maxUncompressed)
            throws IOException, XMLStreamException {
        ZipEntry workbook = zip.getEntry("xl/workbook.xml");
        ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
        if (workbook == null || rels == null) {
            throw new InvalidFileException(file, "is a ZIP archive but not an .xlsx workbook (no xl/workbook.xml)");
        }
        var targets = new HashMap<String, String>();
        try (var in = new CountingStream(zip.getInputStream(rels), rels, file, 0, maxUncompressed)) {
            XMLStreamReader r = xml(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("Relationship")) {
                    String target = r.getAttributeValue(null, "Target");
                    if (target != null) {
                        String path = target.startsWith("/") ? target.substring(1) : "xl/" + target;
                        targets.put(r.getAttributeValue(null, "Id"), path);
                    }
                }
            }
        }
        var out = new java.util.LinkedHashMap<String, String>();
        try (var in = new CountingStream(zip.getInputStream(workbook), workbook, file, 0, maxUncompressed)) {
            XMLStreamReader r = xml(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("sheet")) {
                    String id = null;
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if (r.getAttributeLocalName(i).equals("id")) {
                            id = r.getAttributeValue(i);
                        }
                    }
                    out.put(r.getAttributeValue(null, "name"), targets.get(id));
                }
            }
        }
        return out;
    }

    private static List<Range> mergedRanges(InputStream in) throws XMLStreamException {
        var out = new ArrayList<Range>();
        XMLStreamReader r = xml(new NonClosing(in));
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("mergeCell")) {
                String ref = r.getAttributeValue(null, "ref");
                if (ref != null && ref.contains(":")) {
                    String[] ends = ref.split(":");
                    Matcher a = CELL.matcher(ends[0]);
                    Matcher b = CELL.matcher(ends[1]);
                    if (a.matches() && b.matches()) {
                        out.add(new Range(
                                ref,
                                Integer.parseInt(a.group(2)) - 1,
                                Integer.parseInt(b.group(2)) - 1,
                                column(a.group(1)),
                                column(b.group(1))));
                    }
                }
            }
        }
        return out;
    }

    static int column(String letters) {
        int c = 0;
        for (char ch : letters.toCharArray()) {
            c = c * 26 + (ch - 'A' + 1);
        }
        return c - 1;
    }

    private static XMLStreamReader xml(InputStream in) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(in);
    }

    /** Inflates a zip part while counting, and stops at the size or ratio limits. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final ZipEntry entry;
        private final Path file;
        private final long limit;
        private long total;
        private long own;

        CountingStream(InputStream in, ZipEntry entry, Path file, long alreadyInflated, long limit) {
            super(in);
            this.entry = entry;
            this.file = file;
            this.total = alreadyInflated;
            this.limit = limit;
        }

        long total() {
            return total;
        }

        private void count(long n) {
            if (n <= 0) {
                return;
            }
            total += n;
            own += n;
            if (total > limit) {
                throw new InvalidFileException(
                        file,
                        "expands to more than " + limit + " bytes when unpacked (zip bomb?); refusing to read it");
            }
            long compressed = Math.max(1, entry.getCompressedSize());
            if (own > RATIO_CHECK_AFTER && own / compressed > MAX_RATIO) {
                throw new InvalidFileException(
                        file,
                        "part " + entry.getName() + " expands more than " + MAX_RATIO
                                + "-fold (zip bomb?); refusing to read it");
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
