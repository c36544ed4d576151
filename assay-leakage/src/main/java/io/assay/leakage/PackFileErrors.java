package io.assay.leakage;

import io.assay.core.error.AssayException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a pack or rules file could not be read, in the user's words: where (line and column when the parser knows
 * them, the rule, column or norm by its id or name) and what was expected there ("'rules' must be a list of rules,
 * not the text 'hello'", "unknown key 'severity' in rule X; allowed keys: …"), never the parser's type or token
 * names.
 */
final class PackFileErrors {

    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");
    private static final Pattern KNOWN_KINDS = Pattern.compile("known type ids = \\[([^]]*)]");
    private static final Pattern GOT_TOKEN = Pattern.compile("but got (\\S)(?=$| \\()");
    private static final Pattern CODE = Pattern.compile(" \\(code \\d+\\)");

    /** What a list under these keys holds, for "must be a list of …". */
    private static final Map<String, String> LISTS_OF = Map.of(
            "rules", "rules", "columns", "columns", "features", "features", "norms", "norms", "severity", "levels");

    private PackFileErrors() {}

    /**
     * One line saying what is wrong and where.
     *
     * @param tree the file as a tree when it parses (to name the rule an error is in and what was found), else null
     */
    static String describe(JacksonException e, JsonNode tree, boolean yaml) {
        if (e instanceof StreamReadException && !(e instanceof MismatchedInputException)) {
            return syntax(e, yaml);
        }
        Where where = where(e, tree);
        String at = at(e.getLocation());
        return switch (e) {
            case UnrecognizedPropertyException u ->
                at + "unknown key '" + u.getPropertyName() + "'" + where.in() + "; allowed keys: "
                        + String.join(", ", names(u.getKnownPropertyIds()));
            case InvalidTypeIdException t -> at + kind(t, where);
            case MismatchedInputException m -> at + mismatch(m, where);
            default -> {
                Throwable cause = e.getCause();
                while (cause != null && !(cause instanceof AssayException)) {
                    cause = cause.getCause();
                }
                // a record's own check: its message names the rule or column; the parser's position is past it
                yield cause != null
                        ? cause.getMessage()
                        : at + "this value does not fit here" + where.in()
                                + (where.key() == null ? "" : " (key '" + where.key() + "')");
            }
        };
    }

    /** A syntax error: the YAML parser's problem (not its context or its copy of the line), or the JSON parser's. */
    private static String syntax(JacksonException e, boolean yaml) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String problem = null;
        String position = null;
        String context = null;
        String contextAt = null;
        for (String line : message.split("\n")) {
            if (line.isBlank() || line.startsWith(" ")) {
                Matcher m = MARK.matcher(line);
                if (m.find()) {
                    position = "line " + m.group(1) + ", column " + m.group(2);
                    if (problem == null && contextAt == null) {
                        contextAt = position;
                    }
                }
                continue;
            }
            if (problem == null && context == null && line.startsWith("while ")) {
                context = line.trim();
            } else {
                problem = line.trim();
            }
        }
        position = position == null ? null : position + ": ";
        if (problem != null && context != null && contextAt != null) {
            if (context.contains("flow sequence")) {
                problem += " (the '[' list at " + contextAt + " is not closed)";
            } else if (context.contains("flow mapping")) {
                problem += " (the '{' at " + contextAt + " is not closed)";
            }
        }
        if (position == null) {
            position = at(e.getLocation());
        }
        if (problem == null || problem.isEmpty()) {
            problem = "it does not parse";
        }
        problem = CODE.matcher(problem)
                .replaceAll("")
                .replace("'<stream end>'", "the end of the file")
                .replace("'\\t(TAB)'", "a tab")
                .replace("<stream end>", "the end of the file")
                .replace("\\t(TAB)", "a tab")
                .replace("end-of-input", "the end of the file")
                .replace("`", "");
        problem = GOT_TOKEN.matcher(problem).replaceAll("but found '$1'");
        return position + "not valid " + (yaml ? "YAML" : "JSON") + ": " + problem;
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "")
                + ": ";
    }

    private static String kind(InvalidTypeIdException e, Where where) {
        Matcher m = KNOWN_KINDS.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        String known = m.find() ? "; use one of " + m.group(1) : "";
        String of = where.element() == null ? "" : " of " + where.element();
        return e.getTypeId() == null
                ? "'kind' is missing" + of + known
                : "unknown kind '" + e.getTypeId() + "'" + of + known;
    }

    private static String mismatch(MismatchedInputException e, Where where) {
        String expected = expected(e.getTargetType(), where.key());
        String found = e instanceof InvalidFormatException f && f.getValue() != null
                ? "'" + abbreviate(String.valueOf(f.getValue())) + "'"
                : found(where.node());
        String subject = where.key() == null ? "this value" : "'" + where.key() + "'";
        return subject + where.of() + " must be " + expected + (found == null ? "" : ", not " + found);
    }

    private static String expected(Class<?> type, String key) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            String of = key == null ? null : LISTS_OF.get(key);
            return of == null ? "a list" : "a list of " + of;
        }
        return "a set of 'key: value' lines";
    }

    private static String found(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a set of 'key: value' lines";
        }
        if (node.isNull()) {
            return "empty";
        }
        if (node.isString()) {
            return "the text '" + abbreviate(node.asString()) + "'";
        }
        return node.asString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static List<String> names(Collection<Object> ids) {
        var out = new ArrayList<String>();
        if (ids != null) {
            ids.forEach(id -> out.add(String.valueOf(id)));
        }
        return out;
    }

    /**
     * Where in the file an error is.
     *
     * @param element the innermost list element, by its id or name ({@code rule TAX_001}, {@code column 3})
     * @param key the key whose value is wrong, if the error is at a key
     * @param node the value found there, when the tree is known
     */
    private record Where(String element, String key, JsonNode node) {
        String in() {
            return element == null ? "" : " in " + element;
        }

        String of() {
            return element == null ? "" : " of " + element;
        }
    }

    private static Where where(JacksonException e, JsonNode tree) {
        String element = null;
        String key = null;
        String list = null;
        JsonNode node = tree;
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                key = ref.getPropertyName();
                list = key;
                node = node == null ? null : node.path(key);
            } else if (ref.getIndex() >= 0) {
                node = node == null ? null : node.path(ref.getIndex());
                element = element(list, ref.getIndex(), node);
                key = null;
            }
        }
        return new Where(element, key, node);
    }

    private static String element(String list, int index, JsonNode node) {
        String what = list == null ? "item" : singular(list);
        for (String name : List.of("id", "name")) {
            if (node != null && node.path(name).isString()) {
                return what + " " + node.path(name).asString();
            }
        }
        return what + " " + (index + 1);
    }

    private static String singular(String list) {
        String words = list.replace('_', ' ').toLowerCase(Locale.ROOT);
        return switch (words) {
            case "severity" -> "severity level";
            case "quality checks" -> "quality check";
            default -> words.endsWith("s") ? words.substring(0, words.length() - 1) : words;
        };
    }
}
