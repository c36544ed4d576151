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
     * The pack a user names: a built-in pack or alias, else a pack in {@code packsDir} (may be null) with that name.
     *
     * @throws InvalidOptionException naming the domains there are
     */
    public static DomainPack resolve(String domain, Path packsDir) {
        if (domain == null || domain.isBlank()) {
            throw new InvalidOptionException("domain", domain, "name one: " + String.join(", ", names(packsDir)));
        }
        var candidates = new ArrayList<>(builtIn());
        candidates.addAll(inDirectory(packsDir));
        return candidates.stream()
                .filter(p -> p.answersTo(domain))
                .findFirst()
                .orElseThrow(() -> new InvalidOptionException(
                        "domain", domain, "use one of " + String.join(", ", names(packsDir))));
    }

    /** The names (with aliases) of every pack available, for messages and listings. */
    public static List<String> names(Path packsDir) {
        var out = new ArrayList<String>();
        for (DomainPack p : builtIn()) {
            out.add(p.aliases().isEmpty() ? p.name() : p.name() + " (" + String.join(", ", p.aliases()) + ")");
        }
        for (DomainPack p : inDirectory(packsDir)) {
            out.add(p.name());
        }
        return out;
    }

    /** The packs in {@code dir}; none when it is null or absent. A broken file there is an error naming it. */
    public static List<DomainPack> inDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> isPackFile(f.getFileName().toString()))
                    .sorted()
                    .map(DomainPacks::read)
                    .toList();
        } catch (IOException e) {
            throw new InvalidOptionException("packs directory", dir, "cannot be read: " + e.getMessage());
        }
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
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidFileException(file, "does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidFileException(file, "is larger than 1 MiB; " + what + " is a small text file");
            }
            ObjectMapper mapper =
                    file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
            return mapper.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot be read: " + e.getMessage(), e);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidOptionException bad) {
                throw new InvalidFileException(file, "is not " + what + ": " + bad.getMessage(), e);
            }
            throw new InvalidFileException(file, "is not " + what + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
