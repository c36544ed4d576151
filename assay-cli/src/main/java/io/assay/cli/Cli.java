package io.assay.cli;

import io.assay.core.AssayVersion;
import io.assay.core.error.AssayException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Builds the {@code assay} command line: subcommands, help, version, and the one place where errors become exit
 * codes (0 ok, 2 bad input or usage, 1 internal error) and one line on stderr ({@code --debug} adds the trace).
 */
@Command(
        name = "assay",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = {
            "Machine learning on business tables: profile files, find revenue leakage and anomalies, train and serve"
                    + " models, explain customers. Runs on embedded defaults; data lives in $ASSAY_HOME (~/.assay)."
        },
        subcommands = {
            ProfileCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            DetectCommand.class,
            ModelsCommand.class,
            BasketsCommand.class,
            JourneyCommand.class,
            CustomersCommand.class,
            RecommendCommand.class,
            SimilarCommand.class,
            AnalyzeCommand.class,
            GenerateCommand.class,
            TrainDomainCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  assay profile sales.csv",
            "  assay profile book.xlsx --sheet Orders --format json --out profile.json"
        })
final class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory of the command that follows (default: $ASSAY_HOME, else ~/.assay).")
    java.nio.file.Path dataDir;

    @CommandLine.Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        var cl = new CommandLine(new Cli(), new Factory(environment));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        listCommandsBySummary(cl);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = false;
            for (var p = parseResult; p != null; p = p.subcommand()) { // assay [--debug] models [--debug] prune ...
                debug |= p.hasMatchedOption("--debug");
            }
            PrintWriter w = commandLine.getErr();
            if (e instanceof AssayException a) {
                w.println("assay: " + a.getMessage());
                if (debug) {
                    e.printStackTrace(w);
                }
                return a.kind() == AssayException.Kind.INTERNAL ? 1 : 2;
            }
            w.println("assay: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(w);
            }
            return 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("assay: " + e.getMessage());
            w.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cl;
    }

    /** Command lists (here and under `models`, `recommend`) show each command's first phrase, not a cut line. */
    private static void listCommandsBySummary(CommandLine cl) {
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Cli::commandList);
        cl.getSubcommands().values().forEach(Cli::listCommandsBySummary);
    }

    private static String commandList(CommandLine.Help help) {
        var subcommands = new java.util.LinkedHashSet<CommandLine.Model.CommandSpec>();
        help.subcommands().values().forEach(h -> subcommands.add(h.commandSpec()));
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = 2;
        for (var spec : subcommands) {
            nameWidth = Math.max(nameWidth, String.join(", ", spec.names()).length() + 2);
        }
        int width = help.commandSpec().usageMessage().width();
        var table = CommandLine.Help.TextTable.forColumns(
                help.colorScheme(),
                new CommandLine.Help.Column(nameWidth + 2, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(
                        Math.max(20, width - nameWidth - 2), 2, CommandLine.Help.Column.Overflow.WRAP));
        for (var spec : subcommands) {
            String[] header = spec.usageMessage().header();
            table.addRowValues(
                    String.join(", ", spec.names()),
                    summary(header.length > 0 ? header : spec.usageMessage().description()));
        }
        return table.toString();
    }

    /**
     * The first phrase of a command's description: up to its first '.', ':' or ';' outside parentheses, at most about
     * 140 characters.
     */
    static String summary(String[] description) {
        String text = String.join(" ", description).replace("%n", " ").strip();
        int end = text.length();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            boolean stop = c == '.' || c == ':' || c == ';';
            if (stop && depth <= 0 && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                end = i;
                break;
            }
        }
        if (end <= 140) {
            return text.substring(0, end);
        }
        int space = text.lastIndexOf(' ', 140);
        String cut = text.substring(0, space > 0 ? space : 140);
        int open = cut.lastIndexOf('(');
        if (open > 0 && cut.indexOf(')', open) < 0) {
            cut = cut.substring(0, open).strip(); // not inside a parenthesis
        }
        return cut + "…";
    }

    /**
     * Gives commands the environment they run in (for $ASSAY_HOME) instead of reading it from a static: a command
     * with a constructor taking {@code Map<String, String>} gets it.
     */
    private record Factory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(Map.class);
                constructor.setAccessible(true);
                return constructor.newInstance(environment);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"assay " + AssayVersion.get(), "Java " + Runtime.version()};
        }
    }
}
