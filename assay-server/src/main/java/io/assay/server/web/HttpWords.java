package io.assay.server.web;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request's words for the command line's in a message a domain module wrote for every entry point: its hints name
 * the {@code assay} command's options ({@code --map category=COLUMN}, {@code --target}), which an HTTP client does not
 * have. Here they become the body fields of the routes ({@code "mapping": {"category": "COLUMN"}}, {@code 'target'}),
 * so that a message is written once, in the domain, and each entry point speaks its own language.
 */
public final class HttpWords {

    private HttpWords() {}

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("assay detect FILE --save NAME"), "POST /api/v1/detections with \"save\": NAME"),
            new Rule(Pattern.compile("'?assay recommend train'?"), "POST /api/v1/commerce/recommenders"),
            new Rule(Pattern.compile("assay recommend\\b"), "/api/v1/commerce/recommenders"),
            new Rule(Pattern.compile("assay detect\\b"), "/api/v1/detections"),
            new Rule(Pattern.compile("--map ([\\w.-]+)=COLUMN"), "\"mapping\": {\"$1\": \"COLUMN\"}"),
            new Rule(Pattern.compile("--(order|item|customer)(?: COLUMN)?\\b"), "'mapping.$1'"),
            // a truth file is one a generated dataset keeps beside it: over HTTP there is no field that names one
            new Rule(Pattern.compile("--label or --truth\\b"), "'label'"),
            new Rule(Pattern.compile("--param\\b"), "'params'"),
            new Rule(Pattern.compile("with --force\\b"), "with the query parameter force=true"));

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*)\\b");

    /** {@code message} with every command-line hint in HTTP words; null stays null. */
    public static String of(String message) {
        if (message == null || !message.contains("assay ") && !message.contains("--")) {
            return message;
        }
        String out = message;
        for (Rule r : RULES) {
            out = r.pattern().matcher(out).replaceAll(r.replacement());
        }
        Matcher m = OPTION.matcher(out);
        return m.replaceAll(
                o -> Matcher.quoteReplacement("'" + o.group(1).replace('-', '_').toLowerCase(Locale.ROOT) + "'"));
    }
}
