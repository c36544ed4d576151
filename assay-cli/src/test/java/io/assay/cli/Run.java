package io.assay.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One run of the command line inside the test's process, as a shell sees it: exit code, stdout, stderr. */
record Run(int code, String out, String err) {

    /** Runs {@code assay args} with {@code home} as {@code ASSAY_HOME}. */
    static Run of(Path home, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(
                args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of("ASSAY_HOME", home.toString()));
        return new Run(code, out.toString(), err.toString());
    }
}
