package io.assay.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a file meets a domain pack: {@code --map} and {@code --param}, shared by analyze and train-domain. */
final class DomainOptions {

    @Option(
            names = "--map",
            paramLabel = "CANONICAL=COLUMN",
            description = "Use this file column for a canonical column (wins over automatic mapping). Repeatable.")
    Map<String, String> mapping = new LinkedHashMap<>();

    @Option(
            names = "--param",
            paramLabel = "KEY=VALUE",
            description =
                    "A parameter or norm override, e.g. max_discount_share=0.3 or tax_rate.Food=0.07. Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();
}
