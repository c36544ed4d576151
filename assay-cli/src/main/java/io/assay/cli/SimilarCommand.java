package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Recommender;
import io.assay.core.error.InvalidOptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay similar --model NAME --item ID}: items (or customers) most alike in a trained recommender. */
@Command(
        name = "similar",
        mixinStandardHelpOptions = true,
        description =
                "Products bought by the same kind of customers (or customers who buy alike): cosine over ALS factors.",
        footer = {
            "",
            "Examples:",
            "  assay similar --model synth --item 24852",
            "  assay similar --model synth --customer 42 --top 5 --format json"
        })
final class SimilarCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PRODUCT_ID", description = "Find products like this one.")
    String productId;

    @Option(
            names = "--model",
            paramLabel = "NAME[@VERSION]",
            description = "The trained recommender (default: the only one there is).")
    String model;

    @Option(names = "--item", paramLabel = "ID", description = "Find products like this one (or PRODUCT_ID).")
    String item;

    @Option(names = "--customer", paramLabel = "ID", description = "Find customers like this one.")
    String customer;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "How many (default: 10).")
    int top;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    SimilarCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        if (productId != null) {
            if (item != null && !item.equals(productId)) {
                throw new InvalidOptionException("--item", item, "give the product once");
            }
            item = productId;
        }
        if ((item == null) == (customer == null)) {
            throw new InvalidOptionException(
                    "--item", item == null ? "(missing)" : item, "give either --item or --customer");
        }
        if (top < 1 || top > 10_000) {
            throw new InvalidOptionException("--top", top, "must be between 1 and 10000");
        }
        List<Recommender.Scored> similar;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment))) {
            var commerce = new Commerce(assay);
            if (model == null) {
                model = commerce.onlyRecommender();
            }
            Recommender r = commerce.recommender(model);
            similar = item != null ? r.similarItems(item, top) : r.similarCustomers(customer, top);
        }
        var rows = new ArrayList<List<String>>();
        int rank = 1;
        for (var s : similar) {
            String cosine = String.format(Locale.ROOT, "%.4f", s.score());
            // customers have no names in order data: their table has no name column
            rows.add(
                    item != null
                            ? List.of(String.valueOf(rank++), s.item(), s.name() == null ? "" : s.name(), cosine)
                            : List.of(String.valueOf(rank++), s.item(), cosine));
        }
        String what = item != null ? "item " + item : "customer " + customer;
        output.emit(
                spec.commandLine().getOut(),
                new CommerceOutput.View(
                        List.of("Most similar to " + what + " in '" + model + "' (cosine of ALS factors)"),
                        List.of(new CommerceOutput.Table(
                                item != null ? "Items" : "Customers",
                                item != null
                                        ? List.of("rank", "item", "name", "cosine")
                                        : List.of("rank", "customer", "cosine"),
                                rows)),
                        similar));
        return 0;
    }
}
