package io.assay.commerce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes of a trained recommender: a versioned binary of plain numbers and strings (never Java serialization, so
 * a file cannot run code), every length bounded before it is allocated. Format 2 adds each item's department; format
 * 1 files still load (without departments, so cold start falls back to overall popularity).
 */
final class RecommenderFile {

    static final String MAGIC = "ASSAY-ALS";
    static final int FORMAT = 2;
    private static final int MAX_ROWS = 100_000_000;
    private static final int MAX_STRING = 64 * 1024;

    private RecommenderFile() {}

    static byte[] write(Recommender model) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            Interactions d = model.data;
            ImplicitAls.Factors f = model.factors;
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(f.k());
            out.writeInt(d.users.length);
            out.writeInt(d.items.length);
            out.writeInt(d.cols.length);
            for (String u : d.users) {
                writeString(out, u);
            }
            for (int i = 0; i < d.items.length; i++) {
                writeString(out, d.items[i]);
                writeString(out, d.itemNames[i] == null ? "" : d.itemNames[i]);
                out.writeFloat(d.itemRepeatShare[i]);
                writeString(out, d.itemCategories[i] == null ? "" : d.itemCategories[i]);
            }
            for (int v : d.rowPtr) {
                out.writeInt(v);
            }
            for (int v : d.cols) {
                out.writeInt(v);
            }
            for (float v : d.values) {
                out.writeFloat(v);
            }
            for (int v : d.userBaskets) {
                out.writeInt(v);
            }
            for (float v : f.users()) {
                out.writeFloat(v);
            }
            for (float v : f.items()) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * @param where names the file in error messages
     * @throws DamagedModelException when the bytes are not a recommender of a format this Assay reads
     */
    static Recommender read(byte[] bytes, Path where, Recommender.Provenance provenance) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in, where, provenance);
        } catch (EOFException e) {
            throw new DamagedModelException(where, "ends early");
        } catch (IOException e) {
            throw new DamagedModelException(where, "cannot be read: " + e.getMessage());
        }
    }

    private static Recommender read(DataInputStream in, Path file, Recommender.Provenance provenance)
            throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new DamagedModelException(file, "is not an Assay recommender");
        }
        int format = in.readInt();
        if (format < 1 || format > FORMAT) {
            throw new DamagedModelException(file, "has format " + format + "; this Assay reads formats 1 to " + FORMAT);
        }
        int k = bounded(in.readInt(), 1, 1024, file, "factors");
        int nu = bounded(in.readInt(), 0, MAX_ROWS, file, "customers");
        int ni = bounded(in.readInt(), 0, MAX_ROWS, file, "items");
        int nnz = bounded(in.readInt(), 0, Integer.MAX_VALUE - 8, file, "interactions");
        if ((long) (nu + ni) * k > Integer.MAX_VALUE - 8) {
            throw new DamagedModelException(file, "declares more factors than fit in memory");
        }
        String[] users = new String[nu];
        for (int u = 0; u < nu; u++) {
            users[u] = readString(in, file);
        }
        String[] items = new String[ni];
        String[] names = new String[ni];
        String[] categories = new String[ni];
        float[] repeat = new float[ni];
        for (int i = 0; i < ni; i++) {
            items[i] = readString(in, file);
            names[i] = emptyAsNull(readString(in, file));
            repeat[i] = in.readFloat();
            if (format >= 2) {
                categories[i] = emptyAsNull(readString(in, file));
            }
        }
        int[] ptr = new int[nu + 1];
        for (int u = 0; u <= nu; u++) {
            ptr[u] = in.readInt();
            if (ptr[u] < 0 || ptr[u] > nnz || (u > 0 && ptr[u] < ptr[u - 1])) {
                throw new DamagedModelException(file, "has an invalid row index");
            }
        }
        int[] cols = new int[nnz];
        for (int j = 0; j < nnz; j++) {
            cols[j] = bounded(in.readInt(), 0, ni - 1, file, "item column");
        }
        float[] vals = new float[nnz];
        for (int j = 0; j < nnz; j++) {
            vals[j] = in.readFloat();
        }
        int[] baskets = new int[nu];
        for (int u = 0; u < nu; u++) {
            baskets[u] = in.readInt();
        }
        float[] x = new float[nu * k];
        for (int j = 0; j < x.length; j++) {
            x[j] = in.readFloat();
        }
        float[] y = new float[ni * k];
        for (int j = 0; j < y.length; j++) {
            y[j] = in.readFloat();
        }
        if (in.read() != -1) {
            throw new DamagedModelException(file, "has trailing bytes");
        }
        var data = new Interactions(users, items, names, ptr, cols, vals, baskets, repeat, null, categories);
        return new Recommender(data, new ImplicitAls.Factors(k, x, y), provenance);
    }

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static int bounded(int v, int min, int max, Path file, String what) {
        if (v < min || v > max) {
            throw new DamagedModelException(file, "has an invalid " + what + " value " + v);
        }
        return v;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, Path file) throws IOException {
        int n = bounded(in.readInt(), 0, MAX_STRING, file, "string length");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
