package io.assay.leakage.generator;

import io.assay.core.error.InvalidOptionException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Retail sales lines with known leaks. Receipts of 1–12 lines over a period, more on weekends and at lunch and
 * after work; products with log-normal list prices and Zipf-like popularity within categories; geometric quantities;
 * promotions on some lines (5–30% off); tax per category on the line's net (or gross) amount, rounded to the money
 * unit; one payment method per receipt.
 *
 * <p>Injected leaks, each on its own row, and their truth impact (the contract's formulas with the true norms):
 *
 * <ul>
 *   <li>{@code missing_tax}: a taxable line charged no tax (total = net); impact the tax due.
 *   <li>{@code wrong_tax_rate}: tax at 30–70% of the category's rate, or at another category's lower rate; impact
 *       the difference.
 *   <li>{@code excessive_discount}: a discount of 55–95% of the line, one in seven above the whole line; impact
 *       discount − 0.5 × subtotal (the default {@code max_discount_share}).
 *   <li>{@code total_mismatch}: the amount charged is 50–95% of net + tax; impact the difference.
 *   <li>{@code price_below_cost}: a line without promotion sold at 40–90% of the product's cost, tax and total
 *       consistent with that price; impact (list price − price) × quantity.
 * </ul>
 *
 * A leak is only injected where it moves money by more than three times the default rounding tolerance (two money
 * units plus 0.1% of the line): a leak of a cent on a cheap line is not measurable, in this data or in real data.
 */
public final class RetailData {

    /**
     * A category: its tax rate (0: exempt), the median list price of its products, and how many products it has.
     */
    public record Category(String name, double taxRate, double medianPrice, int products, double weight) {
        public Category {
            if (taxRate < 0 || taxRate >= 1 || medianPrice <= 0 || products < 1 || weight <= 0) {
                throw new InvalidOptionException("category", name, "needs a rate in [0, 1), a price, products, weight");
            }
        }
    }

    /**
     * How the data looks: the defaults are a mid-sized supermarket; tests change names, rates, scales and layout.
     *
     * @param categories the categories
     * @param stores the stores' names
     * @param columns canonical column → header written; a canonical column absent from the map is not written
     * @param taxOnNet tax on the net amount (after discount) or on the gross one
     * @param promoShare share of lines with a promotion
     * @param quantityDecay probability of one more unit (geometric quantities)
     * @param decimals money decimals (2 for cents, 0 for yen-like currencies)
     * @param priceScale multiplies every price (e.g. 100 for a currency with small units)
     * @param start the first day
     * @param days the number of days
     * @param leakWeights relative frequency of each leak type
     */
    public record Spec(
            List<Category> categories,
            List<String> stores,
            Map<String, String> columns,
            boolean taxOnNet,
            double promoShare,
            double quantityDecay,
            int decimals,
            double priceScale,
            LocalDate start,
            int days,
            Map<String, Double> leakWeights) {

        public Spec {
            categories = List.copyOf(categories);
            stores = List.copyOf(stores);
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            leakWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leakWeights));
            if (days < 1 || decimals < 0 || decimals > 4 || priceScale <= 0) {
                throw new InvalidOptionException("retail spec", days, "needs days ≥ 1, 0–4 decimals, a positive scale");
            }
        }

        public static Spec defaults() {
            var columns = new LinkedHashMap<String, String>();
            for (String c : List.of(
                    "transaction_id",
                    "timestamp",
                    "store",
                    "category",
                    "product",
                    "unit_price",
                    "quantity",
                    "discount",
                    "tax_amount",
                    "total",
                    "payment_method",
                    "cost")) {
                columns.put(c, c);
            }
            return new Spec(
                    List.of(
                            new Category("Groceries", 0.05, 3.2, 60, 0.22),
                            new Category("Fresh Produce", 0.0, 2.4, 40, 0.16),
                            new Category("Dairy", 0.05, 2.8, 30, 0.12),
                            new Category("Bakery", 0.05, 3.0, 25, 0.08),
                            new Category("Beverages", 0.10, 2.6, 45, 0.14),
                            new Category("Household", 0.10, 6.5, 40, 0.10),
                            new Category("Health and Beauty", 0.10, 8.9, 50, 0.10),
                            new Category("Electronics", 0.10, 39.0, 30, 0.08)),
                    List.of("Downtown", "Riverside", "Airport", "Northgate", "Harbour"),
                    columns,
                    true,
                    0.15,
                    0.45,
                    2,
                    1.0,
                    LocalDate.of(2025, 1, 6),
                    84,
                    equalWeights());
        }

        static Map<String, Double> equalWeights() {
            var w = new LinkedHashMap<String, Double>();
            for (String t : TYPES) {
                w.put(t, 1.0);
            }
            return w;
        }

        public Spec withColumns(Map<String, String> c) {
            return new Spec(
                    categories,
                    stores,
                    c,
                    taxOnNet,
                    promoShare,
                    quantityDecay,
                    decimals,
                    priceScale,
                    start,
                    days,
                    leakWeights);
        }

        public Spec withCategories(List<Category> c) {
            return new Spec(
                    c,
                    stores,
                    columns,
                    taxOnNet,
                    promoShare,
                    quantityDecay,
                    decimals,
                    priceScale,
                    start,
                    days,
                    leakWeights);
        }

        public Spec withTaxOnNet(boolean net) {
            return new Spec(
                    categories,
                    stores,
                    columns,
                    net,
                    promoShare,
                    quantityDecay,
                    decimals,
                    priceScale,
                    start,
                    days,
                    leakWeights);
        }

        public Spec withScale(int moneyDecimals, double scale) {
            return new Spec(
                    categories,
                    stores,
                    columns,
                    taxOnNet,
                    promoShare,
                    quantityDecay,
                    moneyDecimals,
                    scale,
                    start,
                    days,
                    leakWeights);
        }

        public Spec withShape(double promotions, double decay, int dayCount) {
            return new Spec(
                    categories,
                    stores,
                    columns,
                    taxOnNet,
                    promotions,
                    decay,
                    decimals,
                    priceScale,
                    start,
                    dayCount,
                    leakWeights);
        }
    }

    static final List<String> TYPES =
            List.of("missing_tax", "wrong_tax_rate", "excessive_discount", "total_mismatch", "price_below_cost");

    private record Product(String name, int category, double price, double cost, double weight) {}

    private final Spec spec;
    private final SplittableRandom rnd;
    private final List<Product> products = new ArrayList<>();
    private final double[][] productCumulative; // per category
    private final double[] categoryCumulative;
    private final double unit;

    RetailData(Spec spec, long seed) {
        this.spec = spec;
        this.rnd = new SplittableRandom(seed);
        this.unit = 1.0 / Cells.pow10(spec.decimals());
        int n = spec.categories().size();
        productCumulative = new double[n][];
        categoryCumulative = Cells.cumulative(
                spec.categories().stream().mapToDouble(Category::weight).toArray());
        for (int c = 0; c < n; c++) {
            Category cat = spec.categories().get(c);
            double[] w = new double[cat.products()];
            int first = products.size();
            for (int p = 0; p < cat.products(); p++) {
                double price = priceOf(cat.medianPrice() * spec.priceScale() * Math.exp(0.5 * gaussian()));
                double cost = Cells.round(price * (0.55 + 0.25 * rnd.nextDouble()), spec.decimals());
                w[p] = 1.0 / Math.pow(p + 1, 0.8);
                String code = cat.name().replaceAll("[^A-Za-z]", "").toUpperCase(java.util.Locale.ROOT);
                products.add(new Product(
                        code.substring(0, Math.min(4, code.length())) + "-" + (1001 + first + p),
                        c,
                        price,
                        Math.max(unit, cost),
                        w[p]));
            }
            productCumulative[c] = Cells.cumulative(w);
        }
    }

    /** A shelf price: x.x9 with cents, a round number without. */
    private double priceOf(double raw) {
        if (spec.decimals() >= 2) {
            return Math.max(0.19, Math.round(raw * 10) / 10.0 - 0.01);
        }
        return Math.max(unit, Cells.round(raw, spec.decimals()));
    }

    private int pick(double[] cumulative) {
        return Cells.pick(cumulative, rnd);
    }

    private double gaussian() {
        double u = Math.max(1e-12, rnd.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private double tolerance(double lineAmount) {
        return 2 * unit + 0.001 * Math.abs(lineAmount);
    }

    /** Writes {@code rows} lines, a share {@code leakRate} of them leaking, to {@code sink}. */
    void generate(int rows, double leakRate, Sink sink) {
        var header = new ArrayList<String>();
        var order = List.of(
                "transaction_id",
                "timestamp",
                "store",
                "category",
                "product",
                "unit_price",
                "quantity",
                "discount",
                "tax_amount",
                "total",
                "payment_method",
                "cost");
        var written = new ArrayList<String>();
        for (String c : order) {
            if (spec.columns().containsKey(c)) {
                header.add(spec.columns().get(c));
                written.add(c);
            }
        }
        sink.header(header);
        double[] dayWeight = new double[spec.days()];
        double total = 0;
        for (int d = 0; d < spec.days(); d++) {
            DayOfWeek w = spec.start().plusDays(d).getDayOfWeek();
            double f = switch (w) {
                case SATURDAY -> 1.35;
                case SUNDAY -> 1.1;
                case FRIDAY -> 1.15;
                case MONDAY -> 0.85;
                default -> 0.95;
            };
            dayWeight[d] = f * (1 + 0.002 * d);
            total += dayWeight[d];
        }
        double[] typeCumulative = Cells.cumulative(TYPES.stream()
                .mapToDouble(t -> spec.leakWeights().getOrDefault(t, 0.0))
                .map(v -> v + 1e-12)
                .toArray());
        String[] payments = {"Card", "Cash", "Mobile"};
        double[] paymentCumulative = Cells.cumulative(new double[] {0.55, 0.3, 0.15});
        int row = 0;
        int receipt = 0;
        double quota = 0;
        for (int d = 0; d < spec.days() && row < rows; d++) {
            quota += rows * dayWeight[d] / total;
            int target = d == spec.days() - 1 ? rows : (int) Math.round(quota);
            var times = new ArrayList<LocalDateTime>();
            var sizes = new ArrayList<Integer>();
            int planned = 0;
            while (row + planned < target) {
                int size = Math.min(12, 1 + geometric(0.62));
                size = Math.min(size, target - row - planned);
                sizes.add(size);
                planned += size;
                times.add(spec.start().plusDays(d).atTime(hour(), rnd.nextInt(60), rnd.nextInt(60)));
            }
            times.sort(null);
            for (int k = 0; k < sizes.size(); k++) {
                receipt++;
                String id = "R" + (100000 + receipt);
                String store = spec.stores().get(rnd.nextInt(spec.stores().size()));
                String payment = payments[pick(paymentCumulative)];
                for (int l = 0; l < sizes.get(k); l++) {
                    line(row++, id, times.get(k), store, payment, leakRate, typeCumulative, written, sink);
                }
            }
        }
    }

    private int hour() {
        // a morning, lunch and after-work peak between 8:00 and 21:59
        double u = rnd.nextDouble();
        double h = u < 0.25 ? 9.5 + 1.2 * gaussian() : u < 0.55 ? 12.8 + 1.0 * gaussian() : 18.0 + 1.6 * gaussian();
        return (int) Math.max(8, Math.min(21, Math.floor(h)));
    }

    private int geometric(double p) {
        int k = 0;
        while (rnd.nextDouble() < p && k < 50) {
            k++;
        }
        return k;
    }

    private void line(
            int row,
            String receipt,
            LocalDateTime time,
            String store,
            String payment,
            double leakRate,
            double[] typeCumulative,
            List<String> written,
            Sink sink) {
        int c = pick(categoryCumulative);
        Category cat = spec.categories().get(c);
        int p = pick(productCumulative[c]);
        int index = 0;
        for (int i = 0; i < c; i++) {
            index += spec.categories().get(i).products();
        }
        Product product = products.get(index + p);
        int dp = spec.decimals();
        double price = product.price();
        int qty = Math.min(
                24, 1 + geometric(price < 3 * spec.priceScale() ? spec.quantityDecay() + 0.1 : spec.quantityDecay()));
        boolean promo = rnd.nextDouble() < spec.promoShare();
        double promoDiscount = promo ? Cells.round(price * qty * 0.05 * (1 + rnd.nextInt(6)), dp) : 0;
        double discount = promoDiscount;
        double rate = cat.taxRate();
        String leak = null;
        double impact = 0;
        double chargedRate = rate;
        double chargedTotalShare = 1;
        if (rnd.nextDouble() < leakRate) {
            leak = TYPES.get(pick(typeCumulative));
            switch (leak) {
                case "missing_tax", "wrong_tax_rate" -> {
                    if (rate == 0) {
                        leak = null;
                    } else if (leak.equals("missing_tax")) {
                        chargedRate = 0;
                    } else {
                        double lower = lowerRate(rate);
                        chargedRate = lower > 0 && rnd.nextBoolean() ? lower : rate * (0.3 + 0.4 * rnd.nextDouble());
                    }
                }
                case "excessive_discount" -> {
                    double share = rnd.nextInt(7) == 0 ? 1.02 + 0.48 * rnd.nextDouble() : 0.55 + 0.4 * rnd.nextDouble();
                    discount = Cells.round(price * qty * share, dp);
                }
                case "total_mismatch" -> chargedTotalShare = 0.5 + 0.45 * rnd.nextDouble();
                case "price_below_cost" -> {
                    if (promo) {
                        leak = null;
                    } else {
                        price = Math.max(unit, Cells.round(product.cost() * (0.4 + 0.5 * rnd.nextDouble()), dp));
                        if (price >= product.cost()) {
                            leak = null;
                            price = product.price();
                        }
                    }
                }
                default -> throw new IllegalStateException(leak);
            }
        }
        Amounts a = amounts(price, qty, discount, rate, chargedRate, chargedTotalShare);
        if (leak != null) {
            impact = switch (leak) {
                case "missing_tax", "wrong_tax_rate" -> a.dueTax() - a.tax();
                case "excessive_discount" -> discount - 0.5 * a.subtotal();
                case "total_mismatch" -> a.due() - a.charged();
                case "price_below_cost" -> (product.price() - price) * qty;
                default -> 0;
            };
            if (impact <= 3 * tolerance(Math.abs(a.net()) + Math.abs(a.tax()))) {
                // not measurable: the line is written clean instead
                leak = null;
                price = product.price();
                discount = promo ? promoDiscount : 0;
                a = amounts(price, qty, discount, rate, rate, 1);
            }
        }
        double tax = a.tax();
        double charged = a.charged();
        var values = new LinkedHashMap<String, String>();
        values.put("transaction_id", receipt);
        values.put("timestamp", time.toString().replace('T', ' '));
        values.put("store", store);
        values.put("category", cat.name());
        values.put("product", product.name());
        values.put("unit_price", Cells.fixed(price, dp));
        values.put("quantity", Integer.toString(qty));
        values.put("discount", Cells.fixed(discount, dp));
        values.put("tax_amount", Cells.fixed(tax, dp));
        values.put("total", Cells.fixed(charged, dp));
        values.put("payment_method", payment);
        values.put("cost", Cells.fixed(product.cost(), dp));
        var cells = new ArrayList<String>(written.size());
        for (String w : written) {
            cells.add(values.get(w));
        }
        sink.row(cells);
        if (leak != null) {
            sink.leak(row, leak, Cells.round(impact, 4), detail(leak, cat, chargedRate, price, product));
        }
    }

    /** The money of one line, rounded as a till rounds it. */
    private record Amounts(double subtotal, double net, double dueTax, double tax, double due, double charged) {}

    private Amounts amounts(
            double price, int qty, double discount, double rate, double chargedRate, double chargedTotalShare) {
        int dp = spec.decimals();
        double subtotal = Cells.round(price * qty, dp);
        double net = Cells.round(subtotal - discount, dp);
        double base = spec.taxOnNet() ? Math.max(0, net) : subtotal;
        double dueTax = Cells.round(base * rate, dp);
        double tax = Cells.round(base * chargedRate, dp);
        double due = Cells.round(net + tax, dp);
        double charged = chargedTotalShare < 1 ? Cells.round(due * chargedTotalShare, dp) : due;
        return new Amounts(subtotal, net, dueTax, tax, due, charged);
    }

    private double lowerRate(double rate) {
        return spec.categories().stream()
                .mapToDouble(Category::taxRate)
                .filter(r -> r > 0 && r < rate)
                .max()
                .orElse(0);
    }

    private String detail(String leak, Category cat, double chargedRate, double price, Product product) {
        return switch (leak) {
            case "missing_tax" -> "no tax on a " + cat.name() + " line taxed at " + cat.taxRate();
            case "wrong_tax_rate" -> "taxed at " + Cells.round(chargedRate, 4) + " instead of " + cat.taxRate();
            case "excessive_discount" -> "discount above half the line";
            case "total_mismatch" -> "charged less than net plus tax";
            case "price_below_cost" ->
                "sold at " + price + " below cost " + product.cost() + ", list " + product.price();
            default -> leak;
        };
    }
}
