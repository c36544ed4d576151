package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JourneyTest {

    static OrderData mini64;
    static Journey.Result journey;

    @BeforeAll
    static void load() {
        mini64 = Fixtures.mini64();
        journey = Journey.analyse(mini64);
    }

    @AfterAll
    static void close() {
        mini64.close();
    }

    @Test
    void summaryOnMini64EqualsTheReference() {
        Map<String, String> e = Fixtures.metrics(Fixtures.reference("mini64/journey_summary.csv"));
        var s = journey.summary();
        assertThat(s.lines()).isEqualTo(Long.parseLong(e.get("lines")));
        assertThat(s.baskets()).isEqualTo(Long.parseLong(e.get("baskets")));
        assertThat(s.distinctProducts()).isEqualTo(Long.parseLong(e.get("distinct_products")));
        assertThat(s.basketSizeMean()).isCloseTo(d(e, "basket_size_mean"), within(1e-9));
        assertThat(s.basketSizeMedian()).isEqualTo(d(e, "basket_size_median"));
        assertThat(s.basketSizeP90()).isCloseTo(d(e, "basket_size_p90"), within(1e-9));
        assertThat(s.basketSizeMax()).isEqualTo(Long.parseLong(e.get("basket_size_max")));
        assertThat(s.reorderedShare()).isCloseTo(d(e, "reordered_rate_lines"), within(1e-12));
        assertThat(s.reorderedShareRepeatOrders())
                .isCloseTo(d(e, "reordered_rate_lines_order_number_ge2"), within(1e-12));
        assertThat(s.customers()).isEqualTo(64);
        assertThat(s.orders()).isEqualTo(1000);
        assertThat(s.ordersWithCustomer()).isEqualTo(1000);
        assertThat(journey.weekdays().names())
                .containsExactly("day 0", "day 1", "day 2", "day 3", "day 4", "day 5", "day 6");
        assertThat(journey.weekdays().convention()).contains("does not say which weekday 0 is");
        assertThat(s.ordersByEvalSet())
                .containsEntry("prior", 936L)
                .containsEntry("train", 37L)
                .containsEntry("test", 27L);
        assertThat(s.repeatCustomerShare()).isEqualTo(1.0);
        assertThat(s.oneTimeCustomerShare()).isZero();
        assertThat(s.firstOrderShare()).isCloseTo(d(e, "first_order_share_of_orders"), within(1e-12));
        assertThat(s.ordersPerCustomerMean()).isCloseTo(d(e, "orders_per_user_mean"), within(1e-12));
        assertThat(s.ordersPerCustomerMedian()).isEqualTo(d(e, "orders_per_user_median"));
        assertThat(s.ordersPerCustomerMin()).isEqualTo(4);
        assertThat(s.ordersPerCustomerMax()).isEqualTo(82);
        assertThat(s.gapMean()).isCloseTo(d(e, "days_since_prior_mean"), within(1e-9));
        assertThat(s.gapMedian()).isEqualTo(d(e, "days_since_prior_median"));
        assertThat(s.gapCappedShare()).isCloseTo(d(e, "days_since_prior_eq30_share"), within(1e-12));
        for (int dow = 0; dow < 7; dow++) {
            assertThat(s.weekdayShares().get(dow)).isCloseTo(d(e, "order_dow_" + dow + "_share"), within(1e-12));
        }
    }

    /** Expected figures computed with pandas from the same files (orders.csv, both line files, aisles.csv). */
    @Test
    void aislesHourOfWeekAndDaysBetweenOrdersOnMini64AgreeWithPandas() {
        var aisle = journey.aisles().getFirst();
        assertThat(aisle.category()).isEqualTo("fresh vegetables");
        assertThat(aisle.lines()).isEqualTo(808);
        assertThat(aisle.reorderedShare()).isCloseTo(0.538366, within(5e-6));
        assertThat(journey.aisles()).hasSize(130);
        var produce = journey.categories().getFirst();
        assertThat(produce.lines()).isEqualTo(2154);
        assertThat(produce.reorderedShare()).isCloseTo(0.577530, within(5e-6));

        assertThat(journey.hourOfWeek()).hasSize(133);
        assertThat(journey.hourOfWeek())
                .filteredOn(h -> h.weekday() == 1 && h.hour() == 13)
                .singleElement()
                .satisfies(h -> assertThat(h.orders()).isEqualTo(31));
        assertThat(journey.hourOfWeek().stream()
                        .mapToLong(Journey.HourOfWeek::orders)
                        .sum())
                .isEqualTo(1000);

        assertThat(journey.daysBetween().stream()
                        .mapToLong(Journey.DaysBetween::orders)
                        .sum())
                .isEqualTo(936);
        assertThat(journey.daysBetween())
                .filteredOn(d -> d.days() == 30)
                .singleElement()
                .satisfies(d -> assertThat(d.orders()).isEqualTo(88));
        assertThat(journey.daysBetween())
                .filteredOn(d -> d.days() == 7)
                .singleElement()
                .satisfies(d -> assertThat(d.orders()).isEqualTo(90));
    }

    @Test
    void distributionsOnMini64EqualTheReference() {
        var sizes = Fixtures.csv(Fixtures.reference("mini64/order_size_distribution.csv"));
        assertThat(journey.basketSizes()).hasSize(sizes.size());
        for (int k = 0; k < sizes.size(); k++) {
            assertThat(journey.basketSizes().get(k).size())
                    .isEqualTo(Long.parseLong(sizes.get(k).get("basket_size")));
            assertThat(journey.basketSizes().get(k).orders())
                    .isEqualTo(Long.parseLong(sizes.get(k).get("n_orders")));
        }
        var perUser = Fixtures.csv(Fixtures.reference("mini64/orders_per_user_distribution.csv"));
        assertThat(journey.ordersPerCustomer()).hasSize(perUser.size());
        assertThat(journey.ordersPerCustomer().getFirst().customers())
                .isEqualTo(Long.parseLong(perUser.getFirst().get("n_users")));
        var reorder = Fixtures.csv(Fixtures.reference("mini64/reorder_by_order_number.csv"));
        assertThat(journey.reorderByOrderNumber()).hasSize(reorder.size());
        for (int k = 0; k < reorder.size(); k++) {
            var r = journey.reorderByOrderNumber().get(k);
            assertThat(r.orderNumber())
                    .isEqualTo(Integer.parseInt(reorder.get(k).get("order_number")));
            assertThat(r.lines()).isEqualTo(Long.parseLong(reorder.get(k).get("lines")));
            assertThat(r.reorderedShare())
                    .isCloseTo(Double.parseDouble(reorder.get(k).get("reorder_rate")), within(5e-6));
        }
        var departments = Fixtures.csv(Fixtures.reference("mini64/department_share.csv"));
        assertThat(journey.categories().getFirst().category())
                .isEqualTo(departments.getFirst().get("department"));
        for (int k = 0; k < departments.size(); k++) {
            String dep = departments.get(k).get("department");
            double share = Double.parseDouble(departments.get(k).get("share_of_lines"));
            assertThat(journey.categories())
                    .filteredOn(c -> c.category().equals(dep))
                    .singleElement()
                    .satisfies(c -> assertThat(c.share()).isCloseTo(share, within(5e-6)));
        }
        var top = Fixtures.csv(Fixtures.reference("mini64/top_products.csv"));
        assertThat(journey.topProducts().getFirst().name())
                .isEqualTo(top.getFirst().get("product_name"));
        assertThat(journey.topProducts().getFirst().lines())
                .isEqualTo(Long.parseLong(top.getFirst().get("lines")));
    }

    private static double d(Map<String, String> e, String key) {
        return Double.parseDouble(e.get(key));
    }
}
