package io.assay.commerce;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recommenders as files under one directory ({@code $ASSAY_HOME/recommenders/NAME/}): {@code model.bin}, a versioned
 * binary of plain numbers and strings (never Java serialization, so a file cannot run code), and {@code model.json}
 * with the provenance, the format version and the SHA-256 of {@code model.bin}, checked before anything is parsed.
 * Every length read is bounded before it is allocated.
 */
public final class FileRecommenderStore implements RecommenderStore {

    static final String MAGIC = "ASSAY-ALS";
    static final int FORMAT = 1;
    private static final int MAX_ROWS = 100_000_000;
    private static final int MAX_STRING = 64 * 1024;

    /** What {@code model.json} holds. */
    record Manifest(int format, String sha256, long bytes, Recommender.Provenance provenance) {}

    private final Path root;

    public FileRecommenderStore(Path root) {
        this.root = root;
    }

    static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidOptionException(
                    "recommender name",
                    name,
                    "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    @Override
    public void save(String name, Recommender model) {
        checkName(name);
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".saving-");
            Path bin = tmp.resolve("model.bin");
            MessageDigest md = sha256();
            try (var out = new DataOutputStream(new BufferedOutputStream(
                    new java.security.DigestOutputStream(Files.newOutputStream(bin), md), 1 << 16))) {
                write(out, model);
            }
            var manifest =
                    new Manifest(FORMAT, HexFormat.of().formatHex(md.digest()), Files.size(bin), model.provenance);
            Files.writeString(tmp.resolve("model.json"), Json.write(manifest));
            Path target = root.resolve(name);
            Path old = null;
            if (Files.exists(target)) {
                old = root.resolve(".old-" + name + "-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new InternalException("cannot save recommender '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Recommender load(String name) {
        Path dir = dir(name);
        Manifest manifest = manifest(dir);
        Path bin = dir.resolve("model.bin");
        try (InputStream raw = Files.newInputStream(bin)) {
            MessageDigest md = sha256();
            byte[] bytes;
            try (var in = new DigestInputStream(raw, md)) {
                bytes = in.readAllBytes();
            }
            if (!HexFormat.of().formatHex(md.digest()).equals(manifest.sha256())) {
                throw new DamagedModelException(
                        bin, "checksum does not match model.json; the file was altered or damaged");
            }
            try (var in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
                return read(in, bin, manifest.provenance());
            }
        } catch (EOFException e) {
            throw new DamagedModelException(bin, "ends early");
        } catch (IOException e) {
            throw new DamagedModelException(bin, "cannot be read: " + e.getMessage());
        }
    }

    @Override
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.json")))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InternalException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Recommender.Provenance describe(String name) {
        return manifest(dir(name)).provenance();
    }

    private Path dir(String name) {
        checkName(name);
        Path dir = root.resolve(name);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new RecommenderNotFoundException(name, names());
        }
        return dir;
    }

    private static Manifest manifest(Path dir) {
        Path file = dir.resolve("model.json");
        Manifest m;
        try {
            m = Json.read(file, Manifest.class);
        } catch (io.assay.core.error.InvalidFileException e) {
            throw new DamagedModelException(file, "is not a valid model description: " + e.reason());
        }
        if (m.format() != FORMAT) {
            throw new DamagedModelException(file, "has format " + m.format() + "; this Assay reads format " + FORMAT);
        }
        return m;
    }

    private static void write(DataOutputStream out, Recommender model) throws IOException {
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
    }

    private static Recommender read(DataInputStream in, Path file, Recommender.Provenance provenance)
            throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new DamagedModelException(file, "is not an Assay recommender");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new DamagedModelException(file, "has format " + format + "; this Assay reads format " + FORMAT);
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
        float[] repeat = new float[ni];
        for (int i = 0; i < ni; i++) {
            items[i] = readString(in, file);
            String n = readString(in, file);
            names[i] = n.isEmpty() ? null : n;
            repeat[i] = in.readFloat();
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
        var data = new Interactions(users, items, names, ptr, cols, vals, baskets, repeat, null);
        return new Recommender(data, new ImplicitAls.Factors(k, x, y), provenance);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** For tests and tools: the directory of a stored model. */
    Path directory(String name) {
        return root.resolve(checkName(name));
    }
}
