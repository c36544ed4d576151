package io.assay.cli;

import io.assay.app.AssayHome;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command takes: where data lives, and whether errors show their stack trace. Both may also come
 * before the command ({@code assay --data-dir DIR detect ...}); the command's own wins.
 */
final class CommonOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory (default: $ASSAY_HOME, else ~/.assay).")
    Path dataDir;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    AssayHome home(Map<String, String> environment) {
        return AssayHome.resolve(dataDir != null ? dataDir : beforeTheCommand(), environment);
    }

    /** The {@code --data-dir} given before the command, or null. */
    private Path beforeTheCommand() {
        CommandSpec root = command;
        while (root != null && root.parent() != null) {
            root = root.parent();
        }
        return root != null && root.userObject() instanceof Cli cli ? cli.dataDir : null;
    }
}
