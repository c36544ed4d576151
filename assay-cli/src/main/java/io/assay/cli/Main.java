package io.assay.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntSupplier;

/** Entry point of the {@code assay} executable. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs one command line; returns the exit code (0 ok, 2 bad input or usage, 1 internal error). */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        return guarded(
                () -> Cli.commandLine(out, err, environment).execute(args),
                Arrays.asList(args).contains("--debug"),
                err);
    }

    /**
     * Runs {@code command}; an {@link Error} it ends with (picocli hands only exceptions to the command line's handler)
     * becomes one line on {@code err} and exit code 1, with the trace only under {@code --debug}: running out of memory
     * says how to give Assay more.
     */
    static int guarded(IntSupplier command, boolean debug, PrintWriter err) {
        try {
            return command.getAsInt();
        } catch (OutOfMemoryError e) {
            err.println("assay: ran out of memory (" + e.getMessage() + "); use a smaller model or file, or give Assay"
                    + " more heap: ASSAY_HEAP_PERCENT=50 (of the RAM; 25 by default) or ASSAY_JAVA_OPTS=-Xmx8g"
                    + (debug ? "" : " (run with --debug for details)"));
            trace(e, debug, err);
            return 1;
        } catch (StackOverflowError e) {
            err.println("assay: ran out of stack: the input nests too deeply to process"
                    + (debug ? "" : " (run with --debug for details)"));
            trace(e, debug, err);
            return 1;
        } catch (Error e) {
            err.println("assay: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            trace(e, debug, err);
            return 1;
        }
    }

    private static void trace(Error e, boolean debug, PrintWriter err) {
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }
}
