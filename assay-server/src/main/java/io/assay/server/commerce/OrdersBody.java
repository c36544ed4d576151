package io.assay.server.commerce;

import io.assay.commerce.OrderSource;
import io.assay.core.error.InvalidOptionException;
import io.assay.server.datasets.DatasetRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.function.Function;

/**
 * Order data for the customer analytics: an uploaded dataset of order lines in one of two single-file layouts, or the
 * Instacart layout's files uploaded as datasets one by one.
 *
 * @param datasetId the order-lines dataset ({@code lines} and {@code online_retail})
 * @param layout {@code lines} (any order-lines table; columns guessed unless mapped; the default),
 *     {@code online_retail} (the UCI export, with cancellations, returns and fee lines handled and reported) or
 *     {@code instacart} (the files named in {@code instacart})
 * @param instacart the Instacart layout's datasets, by file
 * @param mapping which column holds what, for {@code lines} ({@code order} and {@code item} required)
 * @param top affinity: pairs to return (default 20)
 * @param minPairs affinity: minimum co-occurrence count of a pair (default 10)
 * @param minCustomers affinity: different customers who must have bought a rule's two products together (default 3;
 *     1 turns the floor off)
 * @param minSupport affinity: minimum support of a rule
 * @param minConfidence affinity: minimum confidence of a rule
 * @param minLift affinity: minimum lift of a rule
 * @param countBy affinity: {@code baskets} (default) or {@code customers}
 * @param name recommender training: the registered name
 * @param factors recommender training: latent factors (default 64)
 * @param iterations recommender training: ALS iterations (default 15)
 */
record OrdersBody(
        String datasetId,
        String layout,
        Instacart instacart,
        Mapping mapping,
        Integer top,
        Long minPairs,
        Integer minCustomers,
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

    /**
     * The Instacart layout's files, each an uploaded dataset's id: {@code orders} and at least one of the order-line
     * files are required; a calendar ({@code order_id,order_date}) and unit prices ({@code product_id,unit_price})
     * are the optional extensions {@code assay recommend train DIR} also reads.
     */
    record Instacart(
            String orders,
            String orderProductsPrior,
            String orderProductsTrain,
            String products,
            String departments,
            String aisles,
            String calendar,
            String prices) {}

    boolean isInstacart() {
        return "instacart".equals(layoutName());
    }

    private String layoutName() {
        return layout == null ? "lines" : layout.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The dataset the job is filed under: the order lines, or the Instacart orders file. */
    String subject() {
        if (isInstacart()) {
            if (instacart == null
                    || instacart.orders() == null
                    || instacart.orders().isBlank()) {
                throw new InvalidOptionException(
                        "instacart", "{}", "the Instacart layout needs at least the orders dataset (instacart.orders)");
            }
            return instacart.orders();
        }
        if (datasetId == null || datasetId.isBlank()) {
            throw new InvalidOptionException("dataset_id", "", "name the order-lines dataset");
        }
        return datasetId;
    }

    /**
     * The order data, each dataset id resolved by {@code dataset} and read from its stored file ({@code file}) the way
     * it was uploaded: a workbook's chosen sheet and header row.
     */
    OrderSource source(Function<String, DatasetRecord> dataset, Function<DatasetRecord, Path> stored) {
        Function<String, Path> file = id -> stored.apply(dataset.apply(id));
        String first = subject();
        if (isInstacart()) {
            var lines = new ArrayList<Path>();
            for (String id : new String[] {instacart.orderProductsPrior(), instacart.orderProductsTrain()}) {
                if (id != null && !id.isBlank()) {
                    lines.add(file.apply(id));
                }
            }
            return new OrderSource.Instacart(
                    file.apply(first),
                    lines,
                    optional(instacart.products(), file),
                    optional(instacart.departments(), file),
                    optional(instacart.aisles(), file),
                    optional(instacart.calendar(), file),
                    optional(instacart.prices(), file));
        }
        DatasetRecord linesDataset = dataset.apply(first);
        Path lines = stored.apply(linesDataset);
        OrderSource source = switch (layoutName()) {
            case "online_retail" -> new OrderSource.OnlineRetail(lines);
            case "lines" ->
                new OrderSource.Lines(lines, mapping == null ? OrderSource.Mapping.GUESSED : linesMapping());
            default -> throw new InvalidOptionException("layout", layout, "use lines, online_retail or instacart");
        };
        return source.readWith(linesDataset.ingest());
    }

    /** The columns {@code mapping} names for the {@code lines} layout; null for other layouts or without a mapping. */
    OrderSource.Mapping linesMapping() {
        if (mapping == null || !"lines".equals(layoutName())) {
            return null;
        }
        return new OrderSource.Mapping(
                mapping.order(),
                mapping.item(),
                mapping.customer(),
                mapping.itemName(),
                mapping.category(),
                mapping.quantity(),
                mapping.unitPrice(),
                mapping.amount(),
                mapping.date());
    }

    private static Path optional(String id, Function<String, Path> file) {
        return id == null || id.isBlank() ? null : file.apply(id);
    }
}
