package io.assay.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderDataTest {

    @TempDir
    Path dir;

    static Map<String, Long> issues(OrderData data) {
        return data.report().issues().stream().collect(Collectors.toMap(RowIssue::problem, RowIssue::count));
    }

    /** Order lines of a small shop, with one of each problem a real export has. */
    Path shopLines() throws Exception {
        Path f = dir.resolve("lines.csv");
        Files.writeString(f, """
                receipt,member,sku,title,qty,price,day
                r1,m1,A,Apple,2,0.5,2024-01-01
                r1,m1,B,Bread,1,2.0,2024-01-01
                r2,m1,A,Apple,1,0.5,2024-01-08
                r2,m1,A,Apple,3,0.5,2024-01-08
                r3,m2,B,Bread,1,2.0,2024-01-03
                r3,m2,C,Cheese,1,4.0,2024-01-03
                r4,,C,Cheese,1,4.0,2024-01-04
                r5,m2,C,Cheese,-1,4.0,2024-01-05
                ,m2,A,Apple,1,0.5,2024-01-05
                r6,m2,A,Apple,1,0.5,2024-01-03
                """);
        return f;
    }

    @Test
    void guessesTheColumnsOfOrderLinesAndReportsEveryProblem() throws Exception {
        try (var data = OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(shopLines(), null), Progress.NONE)) {
            var r = data.report();
            assertThat(r.layout()).isEqualTo("lines");
            assertThat(r.mapping())
                    .isEqualTo(new OrderSource.Mapping(
                            "receipt", "sku", "member", "title", null, "qty", "price", null, "day"));
            assertThat(r.linesRead()).isEqualTo(10);
            assertThat(issues(data))
                    .containsEntry("negative-quantity", 1L)
                    .containsEntry("missing-order", 1L)
                    .containsEntry("missing-customer", 1L)
                    .containsEntry("repeated-product", 1L);
            assertThat(r.orders()).isEqualTo(5); // r5 held only a return
            assertThat(r.linesUsed()).isEqualTo(7);
            assertThat(r.customers()).isEqualTo(2);
            assertThat(r.hasDates()).isTrue();
            assertThat(r.hasMoney()).isTrue();
            // m1 bought apples again in r2; m2's r6 follows r3 on the same day (no gap); r4 has no customer
            var journey = Journey.analyse(data);
            assertThat(journey.summary().reorderedShare()).isEqualTo(1.0 / 6);
            assertThat(journey.summary().gapMean()).isEqualTo(7.0);
            // every order counts as an order; r4 names no customer, so it is not behind the per-customer figures
            assertThat(journey.summary().orders()).isEqualTo(r.orders()).isEqualTo(5);
            assertThat(journey.summary().ordersWithCustomer()).isEqualTo(4);
            // exact dates: no "30 or more" cap, weekdays named from Sunday
            assertThat(journey.summary().gapCappedShare()).isNaN();
            assertThat(journey.weekdays().names().getFirst()).isEqualTo("Sunday");
            // r1 and r2 on Mondays (1), r3 and r6 on a Wednesday (3), r4 on a Thursday (4)
            assertThat(journey.summary().weekdayShares()).containsOnlyKeys(1, 3, 4);
        }
    }

    @Test
    void moneyIsQuantityTimesPriceAndRepeatedLinesAddUp() throws Exception {
        try (var data = OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(shopLines(), null), Progress.NONE)) {
            var r = Customers.analyse(data, Customers.Options.defaults());
            var m1 = r.customers().stream()
                    .filter(c -> c.customer().equals("m1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(m1.orders()).isEqualTo(2);
            assertThat(m1.monetary()).isEqualTo(2 * 0.5 + 2.0 + (1 + 3) * 0.5);
            assertThat(m1.recencyDays()).isEqualTo(0); // the snapshot is the latest order day, 2024-01-08
            assertThat(r.summary().snapshot()).hasToString("2024-01-08");
        }
    }

    @Test
    void readsTheQuotedZeroPaddedInstacartCopies() {
        Path f = SharedData.file("instacart/fragments");
        var source = new OrderSource.Instacart(
                f.resolve("orders_random3k.csv"),
                List.of(f.resolve("order_products__prior_random3k.csv")),
                SharedData.file("instacart/products.csv"),
                null,
                null,
                null,
                null);
        try (var data = OrderData.load(Fixtures.ENGINE, source, Progress.NONE)) {
            assertThat(data.report().linesRead()).isEqualTo(32_290);
            assertThat(data.report().baskets()).isEqualTo(3_214);
            assertThat(issues(data)).doesNotContainKeys("unreadable-order", "unreadable-line");
            var hours = Journey.analyse(data).summary();
            assertThat(hours.orders()).isEqualTo(3_220);
        }
    }

    @Nested
    class BadInput {
        @Test
        void aFolderWithoutOrdersIsNotInstacart() {
            assertThatThrownBy(() -> OrderSource.Instacart.inFolder(dir, OrderSource.InstacartLines.BOTH))
                    .isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("has no orders.csv");
        }

        @Test
        void anInstacartFileWithoutItsKeyColumnSaysWhichOne() throws Exception {
            Files.writeString(dir.resolve("orders.csv"), "order_id,customer,order_number\n1,2,1\n");
            Files.writeString(dir.resolve("order_products__prior.csv"), "order_id,product_id\n1,5\n");
            var source = OrderSource.Instacart.inFolder(dir, OrderSource.InstacartLines.PRIOR);
            assertThatThrownBy(() -> OrderData.load(Fixtures.ENGINE, source, Progress.NONE))
                    .isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("has no column 'user_id'");
        }

        @Test
        void unreadableIdsAreCountedNotFatal() throws Exception {
            Files.writeString(dir.resolve("orders.csv"), "order_id,user_id,order_number\n1,7,1\nx,7,2\n2,7,2\n");
            Files.writeString(dir.resolve("order_products__prior.csv"), "order_id,product_id\n1,5\n1,six\n2,5\n");
            var source = OrderSource.Instacart.inFolder(dir, OrderSource.InstacartLines.PRIOR);
            try (var data = OrderData.load(Fixtures.ENGINE, source, Progress.NONE)) {
                assertThat(issues(data)).containsEntry("unreadable-order", 1L).containsEntry("unreadable-line", 1L);
                assertThat(data.report().linesUsed()).isEqualTo(2);
            }
        }

        @Test
        void aMappedColumnThatDoesNotExistIsNamed() throws Exception {
            var mapping = new OrderSource.Mapping("receipt", "product", null, null, null, null, null, null, null);
            assertThatThrownBy(() ->
                            OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(shopLines(), mapping), Progress.NONE))
                    .isInstanceOf(ColumnNotFoundException.class)
                    .hasMessageStartingWith("no column 'product'");
        }

        @Test
        void aMappingNamingOnlyTheItemGuessesTheRestAndNamesAMissingColumn() throws Exception {
            var onlyItem = new OrderSource.Mapping(null, "sku", null, null, null, null, null, null, null);
            try (var data =
                    OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(shopLines(), onlyItem), Progress.NONE)) {
                assertThat(data.report().mapping())
                        .isEqualTo(new OrderSource.Mapping(
                                "receipt", "sku", "member", "title", null, "qty", "price", null, "day"));
            }
            var unknown = new OrderSource.Mapping(null, "nosuch", null, null, null, null, null, null, null);
            assertThatThrownBy(() ->
                            OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(shopLines(), unknown), Progress.NONE))
                    .isInstanceOf(ColumnNotFoundException.class)
                    .hasMessageStartingWith("no column 'nosuch'");
        }

        @Test
        void aFileWhereEveryLineHasAProblemIsRefused() throws Exception {
            Path f = dir.resolve("returns.csv");
            Files.writeString(f, "order,item,quantity\no1,A,-1\no2,B,-2\no3,C,0\n");
            assertThatThrownBy(() -> OrderData.load(Fixtures.ENGINE, new OrderSource.Lines(f, null), Progress.NONE))
                    .isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("has no usable order line")
                    .hasMessageContaining("2 negative-quantity");
        }

        @Test
        void anOrderIdIsRequiredInAMapping() {
            assertThatThrownBy(() -> new OrderSource.Mapping(" ", "sku", null, null, null, null, null, null, null))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("order column");
        }
    }
}
