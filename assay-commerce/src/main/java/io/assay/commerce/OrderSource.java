package io.assay.commerce;

import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Ingest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where order data comes from, in one of three layouts: the Instacart files as published, any table of order lines
 * with a column mapping, or the UCI online-retail export (with its cancellations, returns and fee lines reported).
 */
public sealed interface OrderSource {

    /** Which order lines of an Instacart folder to analyse. */
    enum InstacartLines {
        PRIOR,
        TRAIN,
        BOTH
    }

    /**
     * The Instacart layout: {@code orders.csv}, {@code order_products__prior.csv} / {@code __train.csv} and
     * {@code products.csv} (each optionally gzipped), plus two optional extensions Instacart lacks: a calendar
     * ({@code order_id,order_date}) for recency, and unit prices ({@code product_id,unit_price}) for money.
     *
     * @param orders {@code orders.csv}
     * @param lineFiles the order-line files to read
     * @param products {@code products.csv} (null: items are shown by id)
     * @param departments {@code departments.csv} (null: no department names)
     * @param aisles {@code aisles.csv} (null: no aisle names)
     * @param calendar order dates (null: no calendar)
     * @param prices unit prices (null: no money)
     */
    record Instacart(
            Path orders, List<Path> lineFiles, Path products, Path departments, Path aisles, Path calendar, Path prices)
            implements OrderSource {
        public Instacart {
            if (orders == null) {
                throw new InvalidOptionException("orders file", "null", "the Instacart layout needs orders.csv");
            }
            if (lineFiles == null || lineFiles.isEmpty()) {
                throw new InvalidOptionException(
                        "order-line files", "[]", "give order_products__prior.csv and/or order_products__train.csv");
            }
            lineFiles = List.copyOf(lineFiles);
        }

        /**
         * The Instacart files in {@code dir}; the calendar and prices are taken from {@code dir/ext} when present
         * (as the synthetic data ships them).
         */
        public static Instacart inFolder(Path dir, InstacartLines lines) {
            Path orders = find(dir, "orders.csv");
            if (orders == null) {
                throw new InvalidFileException(dir, "is not an Instacart folder: it has no orders.csv(.gz)");
            }
            var files = new ArrayList<Path>();
            if (lines != InstacartLines.TRAIN) {
                addIfPresent(files, find(dir, "order_products__prior.csv"));
            }
            if (lines != InstacartLines.PRIOR) {
                addIfPresent(files, find(dir, "order_products__train.csv"));
            }
            if (files.isEmpty()) {
                throw new InvalidFileException(
                        dir,
                        "has no order_products__"
                                + lines.name().toLowerCase(Locale.ROOT).replace("both", "prior") + ".csv(.gz)");
            }
            Path ext = dir.resolve("ext");
            // a sample folder may keep the catalogue one level up (as shared/data/instacart/mini64 does)
            Path catalogue =
                    find(dir, "products.csv") == null && dir.toAbsolutePath().getParent() != null
                            ? dir.toAbsolutePath().getParent()
                            : dir;
            return new Instacart(
                    orders,
                    files,
                    find(catalogue, "products.csv"),
                    find(catalogue, "departments.csv"),
                    find(catalogue, "aisles.csv"),
                    find(ext, "orders_calendar.csv"),
                    find(ext, "product_prices.csv"));
        }

        private static void addIfPresent(List<Path> files, Path p) {
            if (p != null) {
                files.add(p);
            }
        }
    }

    /**
     * A table of order lines (CSV, XLSX, Parquet, JSON lines) whose columns are named by a {@link Mapping}.
     *
     * @param file the table
     * @param mapping which column holds what (null: guessed from the column names, and a table with the online-retail
     *     export's {@code InvoiceNo} and {@code StockCode} columns, in a workbook or a Parquet file too, is read as that
     *     export; {@link Mapping#GUESSED}: guessed, read as order lines whatever the columns)
     * @param input how to read the file, e.g. a workbook's sheet and header row (null: the defaults)
     */
    record Lines(Path file, Mapping mapping, Ingest.Options input) implements OrderSource {
        public Lines {
            if (file == null) {
                throw new InvalidOptionException("order lines file", "null", "give a file");
            }
            input = input == null ? Ingest.Options.defaults() : input;
        }

        /** Order lines read with the defaults (a workbook's first sheet, its header detected). */
        public Lines(Path file, Mapping mapping) {
            this(file, mapping, null);
        }
    }

    /**
     * The UCI online-retail export ({@code InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
     * CustomerID, Country}). Cancellations ({@code C...} invoices), other negative quantities, non-product codes
     * (postage, fees, manual adjustments), zero prices and lines without a customer are counted and reported.
     *
     * @param file the export (CSV or XLSX)
     * @param input how to read the file, e.g. a workbook's sheet and header row (null: the defaults)
     */
    record OnlineRetail(Path file, Ingest.Options input) implements OrderSource {
        public OnlineRetail {
            if (file == null) {
                throw new InvalidOptionException("online-retail file", "null", "give a file");
            }
            input = input == null ? Ingest.Options.defaults() : input;
        }

        /** The export read with the defaults (a workbook's first sheet, its header detected). */
        public OnlineRetail(Path file) {
            this(file, null);
        }
    }

    /**
     * This source read with {@code input} (a workbook's sheet and header row); an Instacart folder, made of CSV files,
     * refuses a sheet or a header row.
     */
    default OrderSource readWith(Ingest.Options input) {
        return switch (this) {
            case Lines l -> new Lines(l.file(), l.mapping(), input);
            case OnlineRetail o -> new OnlineRetail(o.file(), input);
            case Instacart i -> {
                if (input != null && (input.sheet() != null || input.headerRow() != null)) {
                    throw new InvalidOptionException(
                            input.sheet() != null ? "sheet" : "header row",
                            input.sheet() != null ? input.sheet() : input.headerRow(),
                            "chooses within a workbook (.xlsx); the Instacart layout is a folder of CSV files");
                }
                yield i;
            }
        };
    }

    /**
     * Which column holds what in a generic order-lines table. A table needs an order and an item column; when the
     * mapping leaves either out, every role it leaves out is guessed from the column names (so {@code --item sku}
     * alone names the product column and lets the rest be found), while a mapping naming both is used as given.
     * Without {@code customer} only basket analyses work, without {@code date} nothing that needs time does.
     *
     * @param order order (basket, invoice) id (null: guessed)
     * @param item product id or code (null: guessed)
     * @param customer customer id (nullable)
     * @param itemName product name (nullable)
     * @param category product category (nullable)
     * @param quantity units on the line (nullable: 1)
     * @param unitPrice price of one unit (nullable)
     * @param amount line total (nullable; used when there is no unit price)
     * @param date order date or timestamp (nullable)
     */
    record Mapping(
            String order,
            String item,
            String customer,
            String itemName,
            String category,
            String quantity,
            String unitPrice,
            String amount,
            String date) {

        /** Every role guessed from the column names. */
        public static final Mapping GUESSED = new Mapping(null, null, null, null, null, null, null, null, null);

        public Mapping {
            if (order != null && order.isBlank()) {
                throw new InvalidOptionException("order column", order, "name the order id column");
            }
            if (item != null && item.isBlank()) {
                throw new InvalidOptionException("item column", item, "name the product column");
            }
        }

        /** Whether the roles left out are to be guessed (the order or the item column is not named). */
        boolean partial() {
            return order == null || item == null;
        }

        /** The columns this mapping names, in role order. */
        List<String> named() {
            var out = new ArrayList<String>();
            for (String c :
                    new String[] {order, item, customer, itemName, category, quantity, unitPrice, amount, date}) {
                if (c != null) {
                    out.add(c);
                }
            }
            return out;
        }

        /**
         * Refuses a mapping that names a column a table of {@code columns} does not have; entry points call it to
         * refuse such a mapping before any work.
         */
        public void checkColumns(List<String> columns) {
            for (String c : named()) {
                if (!columns.contains(c)) {
                    throw new io.assay.core.error.ColumnNotFoundException(c, columns);
                }
            }
        }

        /** This mapping with every role it leaves out taken from {@code guessed}. */
        Mapping orElse(Mapping guessed) {
            return new Mapping(
                    order != null ? order : guessed.order,
                    item != null ? item : guessed.item,
                    customer != null ? customer : guessed.customer,
                    itemName != null ? itemName : guessed.itemName,
                    category != null ? category : guessed.category,
                    quantity != null ? quantity : guessed.quantity,
                    unitPrice != null ? unitPrice : guessed.unitPrice,
                    amount != null ? amount : guessed.amount,
                    date != null ? date : guessed.date);
        }
    }

    /**
     * Picks the layout from what is at {@code path}: a folder with {@code orders.csv} is Instacart, a table with
     * {@code InvoiceNo} and {@code StockCode} columns is the online-retail export, anything else is order lines
     * whose columns are guessed.
     */
    static OrderSource detect(Path path, InstacartLines lines) {
        if (Files.isDirectory(path)) {
            return Instacart.inFolder(path, lines);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidFileException(path, "does not exist");
        }
        String header = firstLine(path).toLowerCase(Locale.ROOT);
        if (header.contains("invoiceno") && header.contains("stockcode")) {
            return new OnlineRetail(path);
        }
        return new Lines(path, null);
    }

    private static String firstLine(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".tsv") && !name.endsWith(".txt")) {
            return "";
        }
        try (var reader = Files.newBufferedReader(path, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(Path dir, String name) {
        for (String suffix : new String[] {"", ".gz"}) {
            Path p = dir.resolve(name + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
