package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import io.assay.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancellations and returns come off the customer's money, and an order cancelled in full is no order. */
class CancellationsTest {

    static OrderData retail;
    static Customers.Result customers;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        retail = OrderData.load(
                Fixtures.ENGINE,
                new OrderSource.OnlineRetail(SharedData.file("domains/online_retail_uci_2010-12_to_2011-05.csv")),
                Progress.NONE);
        customers = Customers.analyse(retail, Customers.Options.defaults());
    }

    @AfterAll
    static void close() {
        retail.close();
    }

    static Optional<Customers.Customer> customer(Customers.Result r, String key) {
        return r.customers().stream().filter(c -> c.customer().equals(key)).findFirst();
    }

    @Test
    void aCustomerWhoseOnlyOrderWasCancelledIsLeftOutAsRefunded() {
        // 541431: 74,215 × 23166 at 1.04 on 2011-01-18 10:01, C541433 cancels all of it 16 minutes later
        assertThat(customer(customers, "12346")).isEmpty();
        var refunded = customers.refunded().stream()
                .filter(c -> c.customer().equals("12346"))
                .findFirst()
                .orElseThrow();
        assertThat(refunded.orders()).isEqualTo(1);
        assertThat(refunded.cancelledOrders()).isEqualTo(1);
        assertThat(refunded.bought()).isCloseTo(77_183.60, within(0.005));
        assertThat(refunded.cancelled()).isCloseTo(77_183.60, within(0.005));
    }

    @Test
    void moneyIsNetOfCancellationsAndAFullyCancelledOrderIsNoOrder() {
        // 15749 bought 44,534.30 in three invoices; C550456 credits 22,998.40 (540815 in full, one line of 540818 and
        // a product never bought), then 550461 re-orders the same goods at lower prices
        var c = customer(customers, "15749").orElseThrow();
        assertThat(c.cancelled()).isCloseTo(22_998.40, within(0.005));
        assertThat(c.monetary()).isCloseTo(44_534.30 - 22_998.40, within(0.005));
        assertThat(c.cancelledOrders()).isEqualTo(1);
        assertThat(c.orders()).isEqualTo(2);
        assertThat(c.averageOrderValue()).isCloseTo((44_534.30 - 22_998.40) / 2, within(0.005));
        // the predicted value rests on the net order value, not on the cancelled 44k
        assertThat(c.predictedValue()).isLessThan(3_512.98);
    }

    @Test
    void theSummaryAndTheLoadReportSayWhatWasNetted() {
        var s = customers.summary();
        // checked independently in Python: the credit notes with a customer and a product code of the 809 customers
        // who bought here come to 165,483.01; 10 of those customers were credited at least what they bought
        assertThat(s.cancelledMoney()
                        + customers.refunded().stream()
                                .mapToDouble(Customers.Refunded::cancelled)
                                .sum())
                .isCloseTo(165_483.01, within(0.01));
        assertThat(customers.refunded())
                .extracting(Customers.Refunded::customer)
                .containsExactlyInAnyOrder(
                        "12346", "12908", "13672", "13762", "14113", "14205", "14460", "16042", "16546", "17548");
        assertThat(s.customers() + customers.refunded().size())
                .isEqualTo((int) retail.report().customers());
        // no customer credited exactly what they bought stays listed with a rounding remainder (1e-14)
        assertThat(customers.customers())
                .allSatisfy(c -> assertThat(c.monetary()).isGreaterThan(0.005));
        assertThat(s.segments().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(s.customers());
        var cancellation = retail.report().issues().stream()
                .filter(i -> i.problem().equals("cancellation"))
                .findFirst()
                .orElseThrow();
        assertThat(cancellation.count()).isEqualTo(3_783);
        assertThat(cancellation.action())
                .isEqualTo(
                        "3,325 lines of 809 customers netted against their money, 165,483.01 (642 match no earlier"
                                + " purchase in the data; 51 orders returned in full no longer count as orders); 122 lines of"
                                + " customers with no purchase in the data left out; 336 without a customer or product excluded");
    }

    @Test
    void theJourneyCountsOrdersAsPlacedAndSaysHowManyWereCancelledInFull() {
        var journey = Journey.analyse(retail);
        assertThat(journey.summary().cancelledOrders()).isEqualTo(51);
        // 12346's one order was placed (a visit) though it was cancelled: the journey keeps it, customers do not
        assertThat(journey.summary().customers()).isEqualTo(retail.report().customers());
    }

    @Test
    void aReturnInAnyOrderLinesFileIsNettedAndRecencySkipsTheCancelledOrder() throws Exception {
        Path f = dir.resolve("lines.csv");
        Files.writeString(f, """
                receipt,member,sku,qty,price,day
                r1,m1,A,1,10,2024-01-01
                r2,m1,A,1,10,2024-01-05
                r3,m1,B,2,5,2024-01-20
                x3,m1,B,-2,5,2024-01-21
                r4,m2,A,1,10,2024-01-02
                r5,m2,A,1,10,2024-01-25
                """);
        try (var data = OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(f, null), Progress.NONE)) {
            var r = Customers.analyse(data, Customers.Options.defaults());
            var m1 = customer(r, "m1").orElseThrow();
            assertThat(m1.orders()).isEqualTo(2);
            assertThat(m1.cancelledOrders()).isEqualTo(1);
            assertThat(m1.monetary()).isEqualTo(20.0);
            assertThat(m1.cancelled()).isEqualTo(10.0);
            assertThat(m1.averageOrderValue()).isEqualTo(10.0);
            // the last order that stands is r2: 20 days before the snapshot (r5's day), not r3's 5
            assertThat(m1.recencyDays()).isEqualTo(20.0);
            assertThat(r.summary().cancelledOrders()).isEqualTo(1);
            assertThat(OrderDataTest.issues(data)).containsEntry("negative-quantity", 1L);
        }
    }
}
