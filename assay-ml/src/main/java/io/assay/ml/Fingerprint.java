package io.assay.ml;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.DateColumn;
import io.assay.core.table.Field;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Schema;
import io.assay.core.table.Table;
import io.assay.core.table.TimeColumn;
import io.assay.core.table.TimestampColumn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a table's names, types and values in order: equal tables, equal fingerprints. The schema it records
 * keeps the source's formats where the caller knows them (they do not enter the hash: the values do).
 */
final class Fingerprint {

    private Fingerprint() {}

    static Provenance.DataFingerprint of(Table t, Schema source) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (Column c : t.columns()) {
            md.update((c.name() + "\u0000" + c.type().label() + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < c.size(); i++) {
                if (buf.remaining() < 16) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                switch (c) {
                    case NumberColumn n -> buf.putDouble(n.get(i));
                    case BooleanColumn b -> buf.put((byte) (b.isMissing(i) ? 2 : b.isTrue(i) ? 1 : 0));
                    case DateColumn d -> buf.putInt(d.epochDay(i));
                    case TimestampColumn ts -> buf.putLong(ts.epochMicros(i));
                    case TimeColumn tm -> buf.putLong(tm.microsOfDay(i));
                    case CategoricalColumn cat -> {
                        md.update(buf.array(), 0, buf.position());
                        buf.clear();
                        String v = cat.value(i);
                        md.update((v == null ? "\u0001" : v + "\u0000").getBytes(StandardCharsets.UTF_8));
                    }
                    default -> {
                        md.update(buf.array(), 0, buf.position());
                        buf.clear();
                        Object v = c.value(i);
                        md.update((v == null ? "\u0001" : v + "\u0000").getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        md.update(buf.array(), 0, buf.position());
        return new Provenance.DataFingerprint(
                HexFormat.of().formatHex(md.digest()), t.rowCount(), withFormats(t.schema(), source));
    }

    private static List<Field> withFormats(Schema schema, Schema source) {
        if (source == null) {
            return schema.fields();
        }
        var formats = new HashMap<String, String>();
        source.fields().forEach(f -> formats.put(f.name(), f.format()));
        return schema.fields().stream()
                .map(f -> new Field(f.name(), f.type(), formats.getOrDefault(f.name(), f.format())))
                .toList();
    }
}
