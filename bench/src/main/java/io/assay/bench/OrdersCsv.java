package io.assay.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a realistic order-lines export of a shop: 20 mixed columns (identifiers, names, e-mails, categories,
 * amounts, timestamps, dates, a yes/no flag), seeded. One million rows are about 150 MB.
 *
 * <pre>java -cp ... io.assay.bench.OrdersCsv ROWS OUT.csv [SEED]</pre>
 */
public final class OrdersCsv {

    private static final String[] FIRST = {
        "Anna", "Ben", "Carla", "David", "Eva", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kemal", "Lena", "Mia", "Noah",
        "Olga", "Pavel", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Yara", "Zoe"
    };
    private static final String[] LAST = {
        "Smith",
        "Müller",
        "Garcia",
        "Rossi",
        "Kowalski",
        "Nguyen",
        "Okafor",
        "Silva",
        "Jensen",
        "Novak",
        "Haddad",
        "Tanaka",
        "Brown",
        "Dubois",
        "Ivanova",
        "Khan"
    };
    private static final String[] CITIES = {
        "London", "Paris", "Berlin", "Madrid", "Rome", "Warsaw", "Lisbon", "Dublin", "Vienna", "Prague", "Oslo",
        "Athens"
    };
    private static final String[] CATEGORIES = {
        "Grocery", "Electronics", "Home", "Beauty", "Toys", "Sports", "Books", "Garden", "Pets", "Fashion"
    };
    private static final String[] PAYMENTS = {"card", "cash", "voucher", "mobile"};
    private static final String[] CHANNELS = {"web", "store", "app"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OrdersCsv() {}

    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 11;
        write(rows, out, seed);
    }

    public static void write(long rows, Path out, long seed) throws IOException {
        var rnd = new SplittableRandom(seed);
        var base = LocalDateTime.of(2024, 1, 1, 0, 0);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(
                    "order_id,line_no,customer_id,customer_name,email,city,store,channel,sku,product_name,category,unit_price,"
                            + "quantity,discount,tax,total,ordered_at,ship_date,returned,payment\n");
            long order = 100_000;
            var sb = new StringBuilder(256);
            for (long i = 0; i < rows; i++) {
                if (rnd.nextDouble() < 0.3) {
                    order++;
                }
                int customer = rnd.nextInt(1, 200_001);
                String first = FIRST[rnd.nextInt(FIRST.length)];
                String last = LAST[rnd.nextInt(LAST.length)];
                double price = Math.round(Math.exp(3 + rnd.nextGaussian()) * 100) / 100.0;
                int qty = rnd.nextInt(1, 13);
                double[] discounts = {0, 0, 0, 0.05, 0.1, 0.2};
                double discount = Math.round(price * qty * discounts[rnd.nextInt(discounts.length)] * 100) / 100.0;
                double tax = Math.round((price * qty - discount) * 0.08 * 100) / 100.0;
                double total = Math.round((price * qty - discount + tax) * 100) / 100.0;
                LocalDateTime at = base.plusSeconds(rnd.nextLong(365L * 86_400));
                int sku = rnd.nextInt(1, 20_001);
                sb.setLength(0);
                sb.append(order)
                        .append(',')
                        .append(i % 7 + 1)
                        .append(',')
                        .append(String.format(Locale.ROOT, "C%06d", customer))
                        .append(',')
                        .append(first)
                        .append(' ')
                        .append(last)
                        .append(',')
                        .append(first.toLowerCase(Locale.ROOT))
                        .append('.')
                        .append(last.toLowerCase(Locale.ROOT))
                        .append(customer % 97)
                        .append("@example.com,")
                        .append(CITIES[rnd.nextInt(CITIES.length)])
                        .append(',')
                        .append(String.format(Locale.ROOT, "S%03d", rnd.nextInt(1, 81)))
                        .append(',')
                        .append(CHANNELS[rnd.nextInt(CHANNELS.length)])
                        .append(',')
                        .append(String.format(Locale.ROOT, "SKU-%05d", sku))
                        .append(',')
                        .append("Product ")
                        .append(sku)
                        .append(' ')
                        .append(CATEGORIES[sku % CATEGORIES.length])
                        .append(" item,")
                        .append(CATEGORIES[rnd.nextInt(CATEGORIES.length)])
                        .append(',')
                        .append(price)
                        .append(',')
                        .append(qty)
                        .append(',')
                        .append(discount)
                        .append(',')
                        .append(tax)
                        .append(',')
                        .append(total)
                        .append(',')
                        .append(STAMP.format(at))
                        .append(',')
                        .append(at.toLocalDate().plusDays(rnd.nextInt(1, 10)))
                        .append(',')
                        .append(rnd.nextInt(4) == 0 ? "yes" : "no")
                        .append(',')
                        .append(PAYMENTS[rnd.nextInt(PAYMENTS.length)])
                        .append('\n');
                w.append(sb);
            }
        }
    }
}
