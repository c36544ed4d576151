package io.assay.server.commerce;

import io.assay.commerce.OrderSource;
import io.assay.core.error.InvalidOptionException;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Order data for the customer analytics: an uploaded dataset of order lines, in one of two single-file layouts.
 *
 * @param layout {@code lines} (any order-lines table; columns guessed unless mapped; the default) or
 *     {@code online_retail} (the UCI export, with cancellations, returns and fee lines handled and reported)
 * @param mapping which column holds what, for {@code lines} ({@code order} and {@code item} required)
 * @param top affinity: pairs to return (default 20)
 * @param minPairs affinity: minimum co-occurrence count of a pair (default 10)
 * @param minSupport affinity: minimum support of a rule
 * @param minConfidence affinity: minimum confidence of a rule
 * @param minLift affinity: minimum lift of a rule
 * @param countBy affinity: {@code baskets} (default) or {@code customers}
 * @param name recommender training: the registered name
 * @param factors recommender training: latent factors (default 64)
 * @param iterations recommender training: ALS iterations (default 15)
 */
record OrdersBody(
        @NotBlank String datasetId,
        String layout,
        Mapping mapping,
        Integer top,
        Long minPairs,
        Double minSupport,
        Double minConfidence,
        Double minLift,
        String countBy,
        String name,
        Integer factors,
        Integer iterations) {

    /** The order-lines mapping in the API's field names. */
    record Mapping(
            String order,
            String item,
            String customer,
            String itemName,
            String category,
            String quantity,
            String unitPrice,
            String amount,
            String date) {}

    OrderSource source(Path file) {
        String l = layout == null
                ? "lines"
                : layout.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (l) {
            case "online_retail" -> new OrderSource.OnlineRetail(file);
            case "lines" ->
                new OrderSource.Lines(
                        file,
                        mapping == null
                                ? null
                                : new OrderSource.Mapping(
                                        mapping.order(),
                                        mapping.item(),
                                        mapping.customer(),
                                        mapping.itemName(),
                                        mapping.category(),
                                        mapping.quantity(),
                                        mapping.unitPrice(),
                                        mapping.amount(),
                                        mapping.date()));
            default -> throw new InvalidOptionException("layout", layout, "use lines or online_retail");
        };
    }
}
