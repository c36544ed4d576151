package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import io.assay.testkit.SharedData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CustomersTest {

    static OrderData synth;
    static Customers.Result result;
    static Map<String, Integer> churned = new HashMap<>();

    @BeforeAll
    static void load() {
        synth = OrderData.load(
                Fixtures.ENGINE,
                OrderSource.Instacart.inFolder(SharedData.file("instacart-synth"), OrderSource.InstacartLines.BOTH),
                Progress.NONE);
        result = Customers.analyse(synth, Customers.Options.defaults());
        for (var row : Fixtures.csv(SharedData.file("instacart-synth/ext/users_truth.csv"))) {
            churned.put(row.get("user_id"), Integer.parseInt(row.get("churned")));
        }
    }

    @AfterAll
    static void close() {
        synth.close();
    }

    @Test
    void rfmOfEveryCustomerEqualsTheReference() {
        List<Map<String, String>> expected =
                Fixtures.csv(SharedData.file("instacart-synth/reference/rfm_per_user.csv"));
        assertThat(result.customers()).hasSize(expected.size());
        Map<String, Customers.Customer> byKey = new HashMap<>();
        result.customers().forEach(c -> byKey.put(c.customer(), c));
        for (var e : expected) {
            var c = byKey.get(e.get("user_id"));
            assertThat(c.recencyDays()).isEqualTo(Double.parseDouble(e.get("recency_days")));
            assertThat(c.tenureDays()).isEqualTo(Double.parseDouble(e.get("tenure_days")));
            assertThat(c.orders()).isEqualTo(Long.parseLong(e.get("frequency")));
            assertThat(c.monetary()).isCloseTo(Double.parseDouble(e.get("monetary")), within(1e-6));
            assertThat(c.averageOrderValue()).isCloseTo(Double.parseDouble(e.get("avg_order_value")), within(1e-4));
            assertThat(new int[] {c.r(), c.f(), c.m()})
                    .as("RFM scores of user %s", c.customer())
                    .containsExactly(
                            Integer.parseInt(e.get("R")), Integer.parseInt(e.get("F")), Integer.parseInt(e.get("M")));
        }
    }

    @Test
    void summaryEqualsTheReference() {
        var e = Fixtures.metrics(SharedData.file("instacart-synth/reference/rfm_summary.csv"));
        var s = result.summary();
        assertThat(s.snapshot()).hasToString(e.get("snapshot_date"));
        assertThat(s.quintiles().get("recency_days")).containsExactly(4, 11, 24, 52);
        assertThat(s.quintiles().get("frequency")).containsExactly(5, 8, 12, 23);
        assertThat(s.quintiles().get("monetary")[3]).isCloseTo(Double.parseDouble(e.get("monetary_q80")), within(1e-6));
        assertThat(s.totalMoney()).isCloseTo(Double.parseDouble(e.get("monetary_total")), within(1e-3));
        assertThat(s.meanOrderValue()).isCloseTo(Double.parseDouble(e.get("avg_order_value_mean")), within(1e-9));
        assertThat(s.top20ShareOfMoney())
                .isCloseTo(Double.parseDouble(e.get("top20pct_customers_share_of_monetary")), within(1e-9));
        assertThat(s.segments().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(20_000);
    }

    @Test
    void churnRiskWithTheCalendarBeatsRecencyOverMeanGap() {
        double auc = auc(result.customers());
        // reference: recency / mean gap 0.946 (instacart-synth/reference/churn_baseline.csv)
        assertThat(auc).isGreaterThan(0.946);
        var risky = result.customers().stream()
                .filter(c -> c.churnRisk() >= 0.9)
                .findFirst()
                .orElseThrow();
        assertThat(risky.reasons().getFirst()).startsWith("no order for ");
    }

    @Test
    void churnReasonsSayWhoseRhythmTheyUse(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // a: one order; b: two orders 10 days apart; c: six orders two days apart. All gaps: 10, 2, 2, 2, 2, 2.
        Path f = dir.resolve("shop.csv");
        var csv =
                new StringBuilder("receipt,member,sku,day\na1,a,A,2024-01-01\nb1,b,A,2024-01-01\nb2,b,B,2024-01-11\n");
        for (int k = 0; k < 6; k++) {
            csv.append("c")
                    .append(k)
                    .append(",c,A,2024-01-")
                    .append(String.format("%02d", 1 + 2 * k))
                    .append('\n');
        }
        java.nio.file.Files.writeString(f, csv);
        try (var data = OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(f, null), Progress.NONE)) {
            Map<String, List<String>> reasons = new HashMap<>();
            Customers.analyse(data, Customers.Options.defaults())
                    .customers()
                    .forEach(c -> reasons.put(c.customer(), c.reasons()));
            // a single order has no gap: the store's average gap (20 / 6 days) is what it is measured against
            assertThat(reasons.get("a").getFirst())
                    .isEqualTo("only one order, 10 days ago; customers here reorder after 3.3 days on average (3.0×)");
            assertThat(reasons.get("b").getFirst())
                    .isEqualTo("no order for 0 days; customers here reorder after 3.3 days on average (0.0×); too few "
                            + "orders for their own rhythm");
            assertThat(reasons.get("b"))
                    .anySatisfy(r -> assertThat(r)
                            .isEqualTo("recent gaps lengthening: 10 days against the average across customers, 3.3"));
            assertThat(reasons.get("c").getFirst()).startsWith("no order for 0 days; their usual gap ");
        }
    }

    @Test
    void predictedValueIsHigherForCustomersWhoStayed() {
        double stayed =
                mean(result.customers(), c -> churned.get(c.customer()) == 0, Customers.Customer::predictedValue);
        double left = mean(result.customers(), c -> churned.get(c.customer()) == 1, Customers.Customer::predictedValue);
        assertThat(stayed).isGreaterThan(3 * left);
        assertThat(result.customers())
                .allSatisfy(c -> assertThat(c.expectedOrders()).isGreaterThanOrEqualTo(0));
        // champions spend more than hibernating customers
        assertThat(mean(result.customers(), c -> c.segment().equals("champions"), Customers.Customer::monetary))
                .isGreaterThan(2
                        * mean(
                                result.customers(),
                                c -> c.segment().equals("hibernating"),
                                Customers.Customer::monetary));
    }

    private static double mean(
            List<Customers.Customer> customers,
            java.util.function.Predicate<Customers.Customer> which,
            java.util.function.ToDoubleFunction<Customers.Customer> value) {
        return customers.stream().filter(which).mapToDouble(value).average().orElseThrow();
    }

    @Test
    void churnRiskFromInstacartFieldsOnlyBeatsLastGapOverMeanGap() {
        Path dir = SharedData.file("instacart-synth");
        var noCalendar = new OrderSource.Instacart(
                dir.resolve("orders.csv.gz"),
                List.of(dir.resolve("order_products__train.csv.gz")),
                null,
                null,
                null,
                null,
                null);
        try (OrderData data = OrderData.load(Fixtures.ENGINE, noCalendar, Progress.NONE)) {
            var r = Customers.analyse(data, Customers.Options.defaults());
            assertThat(r.summary().snapshot()).isNull();
            assertThat(r.customers().getFirst().recencyDays()).isNaN();
            // reference: last gap / mean gap 0.671 (Instacart fields only)
            assertThat(auc(r.customers())).isGreaterThan(0.671);
        }
    }

    /** ROC AUC of churn risk against the synthetic truth (Mann-Whitney, ties count half). */
    private static double auc(List<Customers.Customer> customers) {
        var sorted = customers.stream()
                .sorted(java.util.Comparator.comparingDouble(Customers.Customer::churnRisk))
                .toList();
        double rankSum = 0;
        long positives = 0;
        int k = 0;
        while (k < sorted.size()) {
            int j = k;
            while (j < sorted.size()
                    && sorted.get(j).churnRisk() == sorted.get(k).churnRisk()) {
                j++;
            }
            double rank = (k + 1 + j) / 2.0;
            for (int q = k; q < j; q++) {
                if (churned.get(sorted.get(q).customer()) == 1) {
                    rankSum += rank;
                    positives++;
                }
            }
            k = j;
        }
        long negatives = sorted.size() - positives;
        double auc = (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        System.out.println("churn ROC AUC " + auc);
        return auc;
    }
}
