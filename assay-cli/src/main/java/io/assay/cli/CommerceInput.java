package io.assay.cli;

import io.assay.commerce.OrderSource;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Ingest;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where the order data of a commerce command comes from, and in which layout. */
final class CommerceInput {

    enum Layout {
        AUTO,
        INSTACART,
        LINES,
        ONLINE_RETAIL
    }

    @Parameters(
            index = "0",
            paramLabel = "DATA",
            description = "An Instacart folder (orders.csv, order_products__*.csv, products.csv), or a table of order"
                    + " lines (CSV, XLSX, Parquet, JSON lines), or the online-retail export.")
    Path data;

    @Option(
            names = "--layout",
            paramLabel = "auto|instacart|lines|online_retail",
            defaultValue = "auto",
            description = "How DATA is laid out (default: detected).")
    Layout layout;

    @Option(
            names = "--lines",
            paramLabel = "prior|train|both",
            defaultValue = "both",
            description = "Instacart: which order-line files to read (default: both).")
    OrderSource.InstacartLines lines;

    @Option(
            names = "--sheet",
            paramLabel = "NAME",
            description = "Order lines in a workbook: the sheet to read (default: the first).")
    String sheet;

    @Option(
            names = "--header-row",
            paramLabel = "N",
            description = "Order lines in a workbook: the row holding the column names, numbered as Excel shows it"
                    + " (default: detected below any title and notes).")
    Integer headerRow;

    @Option(names = "--order", paramLabel = "COLUMN", description = "Order lines: the order (invoice) id column.")
    String order;

    @Option(names = "--item", paramLabel = "COLUMN", description = "Order lines: the product column.")
    String item;

    @Option(names = "--customer", paramLabel = "COLUMN", description = "Order lines: the customer column.")
    String customer;

    @Option(names = "--item-name", paramLabel = "COLUMN", description = "Order lines: the product name column.")
    String itemName;

    @Option(names = "--category", paramLabel = "COLUMN", description = "Order lines: the product category column.")
    String category;

    @Option(names = "--quantity", paramLabel = "COLUMN", description = "Order lines: the quantity column.")
    String quantity;

    @Option(names = "--price", paramLabel = "COLUMN", description = "Order lines: the unit price column.")
    String price;

    @Option(names = "--amount", paramLabel = "COLUMN", description = "Order lines: the line total column.")
    String amount;

    @Option(names = "--date", paramLabel = "COLUMN", description = "Order lines: the order date column.")
    String date;

    @Option(
            names = "--calendar",
            paramLabel = "FILE",
            description = "Instacart: order dates (order_id,order_date) for recency (default: DATA/ext/ if present).")
    Path calendar;

    @Option(
            names = "--prices",
            paramLabel = "FILE",
            description = "Instacart: unit prices (product_id,unit_price) for money (default: DATA/ext/ if present).")
    Path prices;

    /** The order data, read with the workbook options given. */
    OrderSource source() {
        return layout().readWith(Ingest.Options.defaults().withSheet(sheet).withHeaderRow(headerRow));
    }

    private OrderSource layout() {
        boolean mapped = order != null || item != null;
        boolean columnsNamed = mapped
                || customer != null
                || itemName != null
                || category != null
                || quantity != null
                || price != null
                || amount != null
                || date != null;
        return switch (layout) {
            case INSTACART -> instacart(OrderSource.Instacart.inFolder(data, lines));
            case ONLINE_RETAIL -> new OrderSource.OnlineRetail(data);
            case LINES -> new OrderSource.Lines(data, columnsNamed ? mapping() : OrderSource.Mapping.GUESSED);
            case AUTO -> {
                if (mapped) {
                    yield new OrderSource.Lines(data, mapping());
                }
                OrderSource s = OrderSource.detect(data, lines);
                if (columnsNamed && s instanceof OrderSource.Lines) {
                    yield new OrderSource.Lines(data, mapping());
                }
                if (columnsNamed) {
                    throw new InvalidOptionException(
                            "column options",
                            data,
                            "name columns of an order-lines table; this is "
                                    + (s instanceof OrderSource.Instacart
                                            ? "an Instacart folder"
                                            : "the online-retail export")
                                    + ", read with its own columns (--layout lines to map it yourself)");
                }
                yield s instanceof OrderSource.Instacart i ? instacart(i) : s;
            }
        };
    }

    private OrderSource.Instacart instacart(OrderSource.Instacart s) {
        return new OrderSource.Instacart(
                s.orders(),
                s.lineFiles(),
                s.products(),
                s.departments(),
                s.aisles(),
                calendar != null ? calendar : s.calendar(),
                prices != null ? prices : s.prices());
    }

    /** The columns named on the command line; when --order or --item is left out, the loader guesses the rest. */
    private OrderSource.Mapping mapping() {
        return new OrderSource.Mapping(order, item, customer, itemName, category, quantity, price, amount, date);
    }
}
