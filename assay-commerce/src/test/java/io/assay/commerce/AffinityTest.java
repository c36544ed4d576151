package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AffinityTest {

    static OrderData mini64;

    @BeforeAll
    static void load() {
        mini64 = Fixtures.mini64();
    }

    @AfterAll
    static void close() {
        mini64.close();
    }

    @Test
    void topPairsOnMini64EqualTheReferenceExactly() {
        var result = Affinity.analyse(mini64, Affinity.Options.defaults().withTop(20), Progress.NONE);
        List<Map<String, String>> expected = Fixtures.csv(Fixtures.reference("mini64/pairs_top20.csv"));
        assertThat(result.transactions()).isEqualTo(973);
        assertThat(result.distinctItems()).isEqualTo(2861);
        assertThat(result.pairs()).hasSize(20);
        for (int k = 0; k < 20; k++) {
            var e = expected.get(k);
            var p = result.pairs().get(k);
            assertThat(p.rank()).isEqualTo(k + 1);
            assertThat(p.itemA()).isEqualTo(e.get("product_a"));
            assertThat(p.itemB()).isEqualTo(e.get("product_b"));
            assertThat(p.nameA()).isEqualTo(e.get("name_a"));
            assertThat(p.count()).isEqualTo(Long.parseLong(e.get("n_ab")));
            assertThat(p.countA()).isEqualTo(Long.parseLong(e.get("n_a")));
            assertThat(p.countB()).isEqualTo(Long.parseLong(e.get("n_b")));
            assertThat(p.transactions()).isEqualTo(973);
            assertThat(p.support()).isCloseTo(Double.parseDouble(e.get("support")), within(5e-6));
            assertThat(p.confidenceAToB()).isCloseTo(Double.parseDouble(e.get("confidence_a_to_b")), within(5e-6));
            assertThat(p.confidenceBToA()).isCloseTo(Double.parseDouble(e.get("confidence_b_to_a")), within(5e-6));
            assertThat(p.lift()).isCloseTo(Double.parseDouble(e.get("lift")), within(5e-4));
        }
    }

    @Test
    void boughtWithOneProductAgreesWithTheReferencePairs() {
        List<Map<String, String>> pairs = Fixtures.csv(Fixtures.reference("mini64/pairs_top20.csv"));
        String a = pairs.getFirst().get("product_a");
        var with = Affinity.boughtWith(
                mini64,
                a,
                Affinity.Options.defaults().withTop(500).withMinPairCount(1).withMinCustomers(1));
        assertThat(with).isNotEmpty().allSatisfy(r -> assertThat(r.antecedent()).isEqualTo(a));
        assertThat(with).extracting(Affinity.Rule::confidence).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        for (var e : pairs) {
            String other = e.get("product_a").equals(a)
                    ? e.get("product_b")
                    : e.get("product_b").equals(a) ? e.get("product_a") : null;
            if (other == null) {
                continue;
            }
            long nab = Long.parseLong(e.get("n_ab"));
            assertThat(with)
                    .filteredOn(r -> r.consequent().equals(other))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.count()).isEqualTo(nab);
                        assertThat(r.confidence()).isCloseTo((double) nab / r.antecedentCount(), within(1e-12));
                        assertThat(r.lift()).isCloseTo(Double.parseDouble(e.get("lift")), within(5e-4));
                    });
        }
        assertThat(Affinity.boughtWith(mini64, a, Affinity.Options.defaults().withMinPairCount(1_000)))
                .isEmpty();
        assertThatThrownBy(() -> Affinity.boughtWith(mini64, "no-such-product", Affinity.Options.defaults()))
                .isInstanceOf(UnknownKeyException.class)
                .hasMessageContaining("no-such-product");
    }

    @Test
    void rulesByLiftWithOnlyABasketFloorEqualTheReferenceExactly() {
        // the reference defines rules by a floor on baskets alone (compute_reference.py --min-pair-count 10)
        var result = Affinity.analyse(
                mini64, Affinity.Options.defaults().withMinPairCount(10).withMinCustomers(1), Progress.NONE);
        List<Map<String, String>> expected = Fixtures.csv(Fixtures.reference("mini64/rules_top20_by_lift.csv"));
        assertThat(result.rules()).hasSize(expected.size());
        for (int k = 0; k < expected.size(); k++) {
            var e = expected.get(k);
            var r = result.rules().get(k);
            assertThat(r.antecedent()).as("rule %d", k + 1).isEqualTo(e.get("antecedent"));
            assertThat(r.consequent()).as("rule %d", k + 1).isEqualTo(e.get("consequent"));
            assertThat(r.consequentName()).isEqualTo(e.get("consequent_name"));
            assertThat(r.count()).isEqualTo(Long.parseLong(e.get("n_ab")));
            assertThat(r.antecedentCount()).isEqualTo(Long.parseLong(e.get("n_antecedent")));
            assertThat(r.confidence()).isCloseTo(Double.parseDouble(e.get("confidence")), within(5e-6));
            assertThat(r.lift()).isCloseTo(Double.parseDouble(e.get("lift")), within(5e-4));
        }
    }

    @Test
    void byDefaultARuleNeedsThreeCustomersNotOneCustomersHabit() {
        var result = Affinity.analyse(mini64, Affinity.Options.defaults().withTop(1000), Progress.NONE);
        assertThat(result.customerFloor()).isEqualTo(3);
        Map<String, java.util.Set<String>> customersWithBoth = customersWithBoth();
        assertThat(result.rules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.count()).isGreaterThanOrEqualTo(10);
            assertThat(r.customers())
                    .as("%s -> %s", r.antecedentName(), r.consequentName())
                    .isGreaterThanOrEqualTo(3)
                    .isEqualTo(customersWithBoth
                            .getOrDefault(pairKey(r.antecedent(), r.consequent()), java.util.Set.of())
                            .size());
        });
        // the basket-only reference's top rules are one customer's habits: Honey Buns -> Bars Peanut Butter
        // (user 29), Jalapeno Pepper <-> 80 Vodka; none of them survives
        for (var e : Fixtures.csv(Fixtures.reference("mini64/rules_top20_by_lift.csv"))) {
            if (customersWithBoth
                            .get(pairKey(e.get("antecedent"), e.get("consequent")))
                            .size()
                    < 3) {
                assertThat(result.rules())
                        .noneMatch(r -> r.antecedent().equals(e.get("antecedent"))
                                && r.consequent().equals(e.get("consequent")));
            }
        }
        assertThat(customersWithBoth.get(pairKey("39185", "36543"))).hasSize(1);
        // the most frequent pair, milk and water in 28 baskets, is one customer's: pairs say so
        assertThat(result.pairs().getFirst().customers()).isEqualTo(1);
        assertThat(result.pairs())
                .allSatisfy(p -> assertThat(p.customers())
                        .isEqualTo(customersWithBoth
                                .get(pairKey(p.itemA(), p.itemB()))
                                .size()));
        assertThat(Affinity.boughtWith(mini64, "39185", Affinity.Options.defaults()))
                .allSatisfy(r -> assertThat(r.customers()).isGreaterThanOrEqualTo(3));
    }

    @Test
    void dataWithoutCustomersKeepsBasketRulesAndSaysTheCustomerFloorWasNotApplied(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var f = dir.resolve("receipts.csv");
        java.nio.file.Files.writeString(f, "receipt,sku\nr1,A\nr1,B\nr2,A\nr2,B\nr3,A\nr3,B\nr4,C\n");
        try (var data = OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(f, null), Progress.NONE)) {
            var result = Affinity.analyse(data, Affinity.Options.defaults().withMinPairCount(3), Progress.NONE);
            assertThat(result.customerFloor()).isEqualTo(1);
            assertThat(result.rules()).hasSize(2).allSatisfy(r -> {
                assertThat(r.count()).isEqualTo(3);
                assertThat(r.customers()).isZero();
            });
            assertThat(Affinity.boughtWith(
                            data, "A", Affinity.Options.defaults().withMinPairCount(3)))
                    .singleElement()
                    .satisfies(r -> assertThat(r.consequent()).isEqualTo("B"));
        }
    }

    /** Who bought each pair of products in one order, counted from the mini64 files themselves. */
    private static Map<String, java.util.Set<String>> customersWithBoth() {
        var dir = io.assay.testkit.SharedData.file("instacart/mini64");
        var userOf = new java.util.HashMap<String, String>();
        Fixtures.csv(dir.resolve("orders.csv")).forEach(o -> userOf.put(o.get("order_id"), o.get("user_id")));
        var basket = new java.util.HashMap<String, java.util.Set<String>>();
        for (String f : List.of("order_products__prior.csv", "order_products__train.csv")) {
            Fixtures.csv(dir.resolve(f))
                    .forEach(l -> basket.computeIfAbsent(l.get("order_id"), k -> new java.util.TreeSet<>())
                            .add(l.get("product_id")));
        }
        var out = new java.util.HashMap<String, java.util.Set<String>>();
        basket.forEach((order, items) -> {
            for (String a : items) {
                for (String b : items) {
                    if (a.compareTo(b) < 0) {
                        out.computeIfAbsent(pairKey(a, b), k -> new java.util.HashSet<>())
                                .add(userOf.get(order));
                    }
                }
            }
        });
        return out;
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + "+" + b : b + "+" + a;
    }

    @Test
    void thresholdsFilterRules() {
        var basketFloor = Affinity.Options.defaults().withTop(1000).withMinCustomers(1);
        var all = Affinity.analyse(mini64, basketFloor, Progress.NONE);
        var strict = Affinity.analyse(mini64, basketFloor.withRuleThresholds(0.02, 0.8, 20), Progress.NONE);
        assertThat(strict.rules()).isNotEmpty().hasSizeLessThan(all.rules().size());
        assertThat(strict.rules())
                .allSatisfy(r -> assertThat(r.support()).isGreaterThanOrEqualTo(0.02))
                .allSatisfy(r -> assertThat(r.confidence()).isGreaterThanOrEqualTo(0.8))
                .allSatisfy(r -> assertThat(r.lift()).isGreaterThanOrEqualTo(20));
        assertThat(all.rules()).allSatisfy(r -> assertThat(r.count()).isGreaterThanOrEqualTo(10));
    }

    @Test
    void countingCustomersInsteadOfBasketsRemovesSingleCustomerHabits() {
        var byCustomer = Affinity.analyse(
                mini64,
                Affinity.Options.defaults()
                        .withCountBy(Affinity.CountBy.CUSTOMERS)
                        .withMinPairCount(3),
                Progress.NONE);
        assertThat(byCustomer.transactions()).isEqualTo(64);
        // every rule is now backed by at least three different customers
        assertThat(byCustomer.rules())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.count()).isGreaterThanOrEqualTo(3));
        // the basket-level top pair (one customer's milk + water habit, 28 baskets) drops out of the top
        assertThat(byCustomer.pairs())
                .noneMatch(p -> p.itemA().equals("5612") && p.itemB().equals("6182"));
        assertThat(byCustomer.pairs().getFirst().count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void fpGrowthFindsLargerItemsetsConsistentWithPairCounts() {
        var result =
                Affinity.analyse(mini64, Affinity.Options.defaults().withTop(50).withItemsets(0.01, 3), Progress.NONE);
        assertThat(result.itemsets()).isNotEmpty();
        assertThat(result.itemsets()).allSatisfy(s -> {
            assertThat(s.items()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(s.count()).isGreaterThanOrEqualTo((long) Math.ceil(0.01 * 973));
        });
        // a triple can never be more frequent than the most frequent pair
        assertThat(result.itemsets().getFirst().count())
                .isLessThanOrEqualTo(result.pairs().getFirst().count());
        for (int k = 1; k < result.itemsets().size(); k++) {
            assertThat(result.itemsets().get(k).count())
                    .isLessThanOrEqualTo(result.itemsets().get(k - 1).count());
        }
    }

    @Nested
    class RejectsBadOptions {
        @Test
        void confidenceAboveOne() {
            assertThatThrownBy(() -> Affinity.Options.defaults().withRuleThresholds(0, 1.5, 0))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("'1.5'");
        }

        @Test
        void zeroCustomerFloor() {
            assertThatThrownBy(() -> Affinity.Options.defaults().withMinCustomers(0))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("minimum customers '0'");
        }

        @Test
        void zeroPairFloor() {
            assertThatThrownBy(() -> Affinity.Options.defaults().withMinPairCount(0))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("minimum pair count '0'");
        }
    }
}
