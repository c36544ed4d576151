package io.assay.leakage;

import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Field;
import io.assay.core.table.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Which column of a file plays each canonical column of a domain pack, how that was decided, and which canonical
 * columns the file does not have.
 *
 * <p>Names are compared normalised: case, spaces, punctuation, {@code _} and {@code -} are ignored, so
 * {@code Unit Price} is {@code unit_price}. An explicit mapping always wins. Then, in three passes over all canonical
 * columns (so that a weak match never takes a column a strong one wants): the canonical name itself, then its
 * synonyms in order, then a column whose name contains the canonical name or a synonym as whole words
 * ({@code Total day minutes} contains {@code minutes}). A column is used once, and only where its type fits (a
 * price must be a number; in the last pass an identifier must be text).
 *
 * @param used canonical column → source column
 * @param matches how each canonical column was matched ({@code explicit}, {@code name}, {@code synonym} or
 *     {@code contains})
 * @param notFound canonical columns the file does not have, with the names tried
 * @param unused source columns no canonical column uses
 * @param warnings matches a person should check: a partial name match that other columns fit as well (the BigML
 *     telecom file has four columns named like a charge; the first one is not the bill)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ColumnMapping(
        Map<String, String> used,
        List<Match> matches,
        List<NotFound> notFound,
        List<String> unused,
        List<String> warnings) {

    public ColumnMapping {
        used = Collections.unmodifiableMap(new LinkedHashMap<>(used));
        matches = List.copyOf(matches);
        notFound = List.copyOf(notFound);
        unused = List.copyOf(unused);
        warnings = List.copyOf(warnings);
    }

    /**
     * One canonical column matched to a source column.
     *
     * @param timeSource for a datetime matched to a date column, the time-of-day column combined with it
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Match(String canonical, String source, String method, String timeSource) {}

    /** A canonical column without a source column, and the names that were tried. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotFound(String canonical, boolean required, List<String> tried) {
        public NotFound {
            tried = List.copyOf(tried);
        }
    }

    public boolean has(String canonical) {
        return used.containsKey(canonical);
    }

    /** The match of {@code canonical}, or null. */
    public Match match(String canonical) {
        return matches.stream()
                .filter(m -> m.canonical().equals(canonical))
                .findFirst()
                .orElse(null);
    }

    /**
     * Maps the columns of {@code schema} onto the canonical columns of {@code pack}.
     *
     * @param explicit canonical → source column chosen by the user; wins over everything else
     * @throws InvalidOptionException for an explicit mapping of an unknown canonical column or of a column whose type
     *     cannot play it
     * @throws ColumnNotFoundException for an explicit mapping to a column the file does not have
     * @throws MissingColumnException when a required canonical column has no source column
     */
    public static ColumnMapping resolve(DomainPack pack, Schema schema, Map<String, String> explicit) {
        var claimed = new HashSet<String>();
        var found = new LinkedHashMap<String, Match>();
        for (var e : (explicit == null ? Map.<String, String>of() : explicit).entrySet()) {
            DomainPack.ColumnSpec spec = pack.column(e.getKey().trim());
            if (spec == null) {
                throw new InvalidOptionException(
                        "mapping",
                        e.getKey() + "=" + e.getValue(),
                        "'" + e.getKey() + "' is not a column of " + pack.name() + "; its columns are "
                                + String.join(
                                        ", ",
                                        pack.columns().stream()
                                                .map(DomainPack.ColumnSpec::name)
                                                .toList()));
            }
            Field source = findSource(schema, e.getValue());
            if (!fits(spec, source.type(), Pass.EXPLICIT)) {
                throw new InvalidOptionException(
                        "mapping",
                        spec.name() + "=" + source.name(),
                        "column '" + source.name() + "' holds " + source.type().label() + " values; " + spec.name()
                                + " needs " + needs(spec));
            }
            if (!claimed.add(source.name())) {
                throw new InvalidOptionException(
                        "mapping", spec.name() + "=" + source.name(), "that column is already mapped");
            }
            found.put(spec.name(), new Match(spec.name(), source.name(), "explicit", null));
        }
        var warnings = new ArrayList<String>();
        for (Pass pass : List.of(Pass.NAME, Pass.SYNONYM, Pass.CONTAINS)) {
            for (DomainPack.ColumnSpec spec : pack.columns()) {
                if (found.containsKey(spec.name())) {
                    continue;
                }
                for (String candidate : pass.candidates(spec)) {
                    List<Field> fitting = matching(schema, candidate, spec, pass, claimed);
                    if (!fitting.isEmpty()) {
                        Field f = fitting.getFirst();
                        claimed.add(f.name());
                        found.put(spec.name(), new Match(spec.name(), f.name(), pass.label, null));
                        if (pass == Pass.CONTAINS && fitting.size() > 1) {
                            warnings.add(spec.name() + " is '" + f.name() + "', the first of " + fitting.size()
                                    + " columns whose names contain '" + candidate + "' (also "
                                    + String.join(
                                            ", ",
                                            fitting.subList(1, fitting.size()).stream()
                                                    .map(o -> "'" + o.name() + "'")
                                                    .toList())
                                    + "): check it, or map " + spec.name() + " to the right column");
                        }
                        break;
                    }
                }
            }
        }
        // a date column playing a datetime is combined with a time-of-day column when the file has one
        for (var entry : new ArrayList<>(found.entrySet())) {
            DomainPack.ColumnSpec spec = pack.column(entry.getKey());
            Match m = entry.getValue();
            if (spec.type().equals("datetime") && schema.field(m.source()).type() == ColumnType.DATE) {
                Field time = timeColumn(schema, spec, claimed);
                if (time != null) {
                    claimed.add(time.name());
                    found.put(spec.name(), new Match(m.canonical(), m.source(), m.method(), time.name()));
                }
            }
        }
        var used = new LinkedHashMap<String, String>();
        var matches = new ArrayList<Match>();
        var notFound = new ArrayList<NotFound>();
        for (DomainPack.ColumnSpec spec : pack.columns()) {
            Match m = found.get(spec.name());
            if (m != null) {
                used.put(spec.name(), m.source());
                matches.add(m);
                continue;
            }
            var tried = new ArrayList<String>();
            tried.add(spec.name());
            tried.addAll(spec.synonyms());
            if (spec.required()) {
                for (Field f : schema.fields()) {
                    // named as wanted but of another type: say so, rather than that no column is named so
                    if (!claimed.contains(f.name())
                            && tried.stream().anyMatch(t -> normalise(t).equals(normalise(f.name())))) {
                        throw new InvalidOptionException(
                                "column for " + spec.name(),
                                f.name(),
                                "it holds " + f.type().label() + " values, and " + pack.name() + " analysis needs "
                                        + needs(spec) + " there (the file's profile shows which values are not)");
                    }
                }
                throw new MissingColumnException(pack.name(), spec.name(), tried, schema.names());
            }
            notFound.add(new NotFound(spec.name(), false, tried));
        }
        var unused = schema.names().stream().filter(n -> !claimed.contains(n)).toList();
        return new ColumnMapping(used, matches, notFound, unused, warnings);
    }

    private enum Pass {
        EXPLICIT("explicit"),
        NAME("name"),
        SYNONYM("synonym"),
        CONTAINS("contains");

        final String label;

        Pass(String label) {
            this.label = label;
        }

        List<String> candidates(DomainPack.ColumnSpec spec) {
            return switch (this) {
                case NAME -> List.of(spec.name());
                case SYNONYM -> spec.synonyms();
                case CONTAINS -> {
                    var all = new ArrayList<String>();
                    all.add(spec.name());
                    all.addAll(spec.synonyms());
                    yield all;
                }
                case EXPLICIT -> List.of();
            };
        }
    }

    /** The unclaimed columns, in file order, that {@code candidate} names in this pass and whose type fits. */
    private static List<Field> matching(
            Schema schema, String candidate, DomainPack.ColumnSpec spec, Pass pass, Set<String> claimed) {
        String wanted = normalise(candidate);
        List<String> wantedTokens = tokens(candidate);
        var out = new ArrayList<Field>();
        for (Field f : schema.fields()) {
            if (claimed.contains(f.name()) || !fits(spec, f.type(), pass)) {
                continue;
            }
            boolean hit = pass == Pass.CONTAINS
                    ? containsRun(tokens(f.name()), wantedTokens)
                    : normalise(f.name()).equals(wanted);
            if (hit) {
                out.add(f);
            }
        }
        return out;
    }

    private static Field timeColumn(Schema schema, DomainPack.ColumnSpec spec, Set<String> claimed) {
        for (String name : spec.timeSynonyms()) {
            for (Field f : schema.fields()) {
                if (!claimed.contains(f.name())
                        && f.type() == ColumnType.TIME
                        && normalise(f.name()).equals(normalise(name))) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Field findSource(Schema schema, String name) {
        String n = name == null ? "" : name.trim();
        var exact = schema.find(n);
        if (exact.isPresent()) {
            return exact.get();
        }
        var alike = schema.fields().stream()
                .filter(f -> normalise(f.name()).equals(normalise(n)))
                .toList();
        if (alike.size() == 1) {
            return alike.getFirst();
        }
        throw new ColumnNotFoundException(n, schema.names());
    }

    /** Whether a source column of type {@code t} can play {@code spec} when matched in {@code pass}. */
    static boolean fits(DomainPack.ColumnSpec spec, ColumnType t, Pass pass) {
        return switch (spec.type()) {
            case "number" -> t.isNumeric();
            case "datetime", "date" -> t == ColumnType.DATE || t == ColumnType.TIMESTAMP;
            case "boolean" -> t == ColumnType.BOOLEAN || t == ColumnType.INTEGER;
            case "category" -> pass == Pass.EXPLICIT || !(t.isTemporal() || t == ColumnType.DECIMAL);
            default ->
                pass == Pass.EXPLICIT
                        || (pass == Pass.CONTAINS
                                ? t == ColumnType.TEXT || t == ColumnType.CATEGORICAL
                                : !t.isTemporal() && t != ColumnType.DECIMAL);
        };
    }

    private static String needs(DomainPack.ColumnSpec spec) {
        return switch (spec.type()) {
            case "number" -> "numbers";
            case "datetime", "date" -> "dates";
            case "boolean" -> "yes/no values";
            default -> "text";
        };
    }

    /** A name without case, spaces, punctuation, {@code _} or {@code -}: {@code Unit Price} → {@code unitprice}. */
    static String normalise(String name) {
        var sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** The words of a name: split at non-alphanumerics and lower-to-upper case changes ({@code MonthlyCharges}). */
    static List<String> tokens(String name) {
        var out = new ArrayList<String>();
        var word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = i > 0 && Character.isUpperCase(c) && Character.isLowerCase(name.charAt(i - 1));
            if (!Character.isLetterOrDigit(c) || boundary) {
                if (!word.isEmpty()) {
                    out.add(word.toString().toLowerCase(Locale.ROOT));
                    word.setLength(0);
                }
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean containsRun(List<String> haystack, List<String> needle) {
        if (needle.isEmpty() || needle.size() > haystack.size()) {
            return false;
        }
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.subList(i, i + needle.size()).equals(needle)) {
                return true;
            }
        }
        return false;
    }
}
