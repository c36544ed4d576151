package io.assay.cli;

import java.io.PrintWriter;
import java.util.Map;

/** Entry point of the {@code assay} executable. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs one command line; returns the exit code (0 ok, 2 bad input or usage, 1 internal error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        return Cli.commandLine(out, err, environment).execute(args);
    }
}
