package io.assay.leakage;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The domain packs Assay knows: the built-in {@code retail} (alias {@code supermarket}) and {@code telecom}, packs in
 * a directory (every {@code *.yaml}, {@code *.yml} or {@code *.json} file, e.g. {@code $ASSAY_HOME/packs}), and
 * packs or extra rules read from a file. Files are plain data: YAML or JSON bound to records, at most 1 MiB, unknown
 * fields refused, so a typo is reported instead of ignored.
 *
 * <pre>{@code
 * DomainPack retail = DomainPacks.resolve("supermarket", home.resolve("packs"));
 * DomainPack mine = retail.withRules(DomainPacks.readRules(Path.of("my-rules.yaml")));
 * }</pre>
 */
public final class DomainPacks {

    /** Largest pack or rules file read. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final List<String> BUILT_IN = List.of("retail", "telecom");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DomainPacks() {}

    /** The built-in packs. */
    public static List<DomainPack> builtIn() {
        return BUILT_IN.stream().map(DomainPacks::loadBuiltIn).toList();
    }

    private static DomainPack loadBuiltIn(String name) {
        String resource = "packs/" + name + ".yaml";
        try (InputStream in = DomainPacks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in pack missing: " + resource);
            }
            return YAML.readValue(in, DomainPack.class);
        } catch (IOException | JacksonException e) {
            throw new InternalException("the built-in pack '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The pack a user names: a built-in pack or alias (the packs directory is then not read at all), else a pack in
     * {@code packsDir} (may be null) with that name. A file there named after the domain ({@code myshop.yaml} for
     * {@code myshop}) is read first; other files are read only when it is not there, and a broken one among them is
     * skipped unless it is the one asked for.
     *
     * @throws InvalidFileException when the file of the pack asked for cannot be read, saying where and why
     * @throws InvalidOptionException naming the domains there are (and the files skipped) when none answers
     */
    public static DomainPack resolve(String domain, Path packsDir) {
        if (domain == null || domain.isBlank()) {
            throw new InvalidOptionException("domain", domain, "name one: " + String.join(", ", names(packsDir)));
        }
        for (DomainPack p : builtIn()) {
            if (p.answersTo(domain)) {
                return p;
            }
        }
        String wanted = domain.trim().toLowerCase(Locale.ROOT);
        Scan named = scan(packsDir, f -> stem(f).equals(wanted));
        if (!named.broken().isEmpty()) {
            throw named.broken().getFirst().error(); // the file named after the domain: the pack asked for
        }
        var found = named.packs().stream().filter(p -> p.answersTo(domain)).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        Scan all = scan(packsDir, f -> true);
        return all.packs().stream().filter(p -> p.answersTo(domain)).findFirst().orElseThrow(() -> {
            var skipped = all.broken().stream().map(b -> b.error().getMessage()).toList();
            return new InvalidOptionException(
                    "domain",
                    domain,
                    "use one of " + String.join(", ", names(all.packs()))
                            + (skipped.isEmpty()
                                    ? ""
                                    : " (pack files that cannot be read were skipped: " + String.join("; ", skipped)
                                            + ")"));
        });
    }

    /** The names (with aliases) of every pack available, for messages and listings; unreadable files are left out. */
    public static List<String> names(Path packsDir) {
        return names(scan(packsDir, f -> true).packs());
    }

    private static List<String> names(List<DomainPack> inDirectory) {
        var out = new ArrayList<String>();
        for (DomainPack p : builtIn()) {
            out.add(p.aliases().isEmpty() ? p.name() : p.name() + " (" + String.join(", ", p.aliases()) + ")");
        }
        for (DomainPack p : inDirectory) {
            out.add(p.name());
        }
        return out;
    }

    /** The packs of a directory that read, and the files that did not with why. */
    private record Scan(List<DomainPack> packs, List<Broken> broken) {
        record Broken(Path file, InvalidFileException error) {}
    }

    private static Scan scan(Path dir, java.util.function.Predicate<Path> which) {
        if (dir == null || !Files.isDirectory(dir)) {
            return new Scan(List.of(), List.of());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> isPackFile(f.getFileName().toString()) && which.test(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidOptionException("packs directory", dir, "cannot be read: " + e.getMessage());
        }
        var packs = new ArrayList<DomainPack>();
        var broken = new ArrayList<Scan.Broken>();
        for (Path f : files) {
            try {
                packs.add(read(f));
            } catch (InvalidFileException e) {
                broken.add(new Scan.Broken(f, e));
            }
        }
        return new Scan(List.copyOf(packs), List.copyOf(broken));
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean isPackFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** Reads a whole pack from a YAML or JSON file. */
    public static DomainPack read(Path file) {
        return readFile(file, DomainPack.class, "a domain pack");
    }

    /** Extra rules, from a YAML or JSON file holding {@code rules: [...]}. */
    public static List<DomainPack.RuleSpec> readRules(Path file) {
        RulesFile rules = readFile(file, RulesFile.class, "a rules file");
        if (rules.rules() == null || rules.rules().isEmpty()) {
            throw new InvalidFileException(file, "holds no rules (write them under 'rules:')");
        }
        return rules.rules();
    }

    /** A file of extra rules. */
    record RulesFile(List<DomainPack.RuleSpec> rules) {}

    private static <T> T readFile(Path file, Class<T> type, String what) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? JSON : YAML;
        T value;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidFileException(file, "does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidFileException(file, "is larger than 1 MiB; " + what + " is a small text file");
            }
            value = mapper.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot be read: " + e.getMessage(), e);
        } catch (JacksonException e) {
            JsonNode tree;
            try {
                tree = mapper.readTree(file.toFile());
            } catch (JacksonException syntax) {
                // a syntax error says more than the binding error it caused
                throw new InvalidFileException(file, PackFileErrors.describe(syntax, null, !json), syntax);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw empty(file, type, what);
            }
            throw new InvalidFileException(file, PackFileErrors.describe(e, tree, !json), e);
        }
        if (value == null) {
            throw empty(file, type, what);
        }
        return value;
    }

    private static InvalidFileException empty(Path file, Class<?> type, String what) {
        return new InvalidFileException(
                file,
                "is empty; " + what + " holds "
                        + (type == RulesFile.class
                                ? "'rules:' and a list of rules"
                                : "'name:', 'columns:' and the rest of a pack"));
    }
}
