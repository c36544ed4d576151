package io.assay.server.web;

import io.assay.server.config.ServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Keeps the server's file system out of what a client sees: a path under the data directory or the temporary
 * directory (an upload's stored file, a job's result directory) in a job's result, a job's error or a problem's detail
 * becomes the file's own name ({@code /srv/assay/uploads/local/718b.../orders.csv} → {@code orders.csv}). The domain
 * modules name the files they read, as the command line should; only the HTTP edge hides where they are.
 */
@Component
public final class ServerPaths {

    private final Pattern paths;

    @Autowired
    public ServerPaths(ServerSettings settings) {
        this(List.of(settings.dataDir(), Path.of(System.getProperty("java.io.tmpdir"))));
    }

    ServerPaths(List<Path> roots) {
        var prefixes = new LinkedHashSet<String>();
        for (Path root : roots) {
            if (root == null) {
                continue;
            }
            Path absolute = root.toAbsolutePath().normalize();
            prefixes.add(absolute.toString());
            try {
                prefixes.add(absolute.toRealPath().toString()); // e.g. /tmp → /private/tmp
            } catch (IOException | SecurityException e) {
                // not there (yet): its own spelling is the one messages use
            }
        }
        prefixes.removeIf(p -> p.length() < 2); // never the file system's root
        var alternatives = prefixes.stream()
                .sorted((a, b) -> b.length() - a.length())
                .map(Pattern::quote)
                .toList();
        // the root, then at least one more segment; the last segment is kept
        this.paths = Pattern.compile("(?:" + String.join("|", alternatives) + ")(?:[/\\\\][^/\\\\\\s'\"`,;:)\\]]+)+");
    }

    /** {@code text} with every server path replaced by its file name; null stays null. */
    public String hide(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = paths.matcher(text);
        if (!m.find()) {
            return text;
        }
        var out = new StringBuilder();
        do {
            String path = m.group();
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            m.appendReplacement(out, Matcher.quoteReplacement(path.substring(slash + 1)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** {@code node} with {@link #hide} applied to every text value in it (changed in place, and returned). */
    public JsonNode hide(JsonNode node) {
        switch (node) {
            case null -> {}
            case ObjectNode o -> {
                for (String name : List.copyOf(o.propertyNames())) {
                    JsonNode value = o.get(name);
                    if (value.isString()) {
                        o.put(name, hide(value.asString()));
                    } else {
                        hide(value);
                    }
                }
            }
            case ArrayNode a -> {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).isString()) {
                        a.set(i, StringNode.valueOf(hide(a.get(i).asString())));
                    } else {
                        hide(a.get(i));
                    }
                }
            }
            default -> {}
        }
        return node;
    }
}
