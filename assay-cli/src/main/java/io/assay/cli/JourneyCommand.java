package io.assay.cli;

import static io.assay.cli.CommerceOutput.num;
import static io.assay.cli.CommerceOutput.pct;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Journey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code assay journey DATA}: first-time and repeat customers, basket sizes, reorders, gaps. */
@Command(
        name = "journey",
        mixinStandardHelpOptions = true,
        description = {
            "How customers come back: first-time and repeat customers, orders per customer, basket sizes, how the",
            "reorder share grows with each order, gaps between orders, weekdays, top products and departments."
        },
        footer = {
            "",
            "Examples:",
            "  assay journey ../shared/data/instacart/mini64",
            "  assay journey online_retail.csv --format json",
            "  assay journey orders/ -o journey.csv"
        })
final class JourneyCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommerceInput input;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    JourneyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        Commerce.Report<Journey.Result> report;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "journey")) {
            report = new Commerce(assay).journey(input.source(), progress);
        }
        Journey.Result j = report.result();
        var s = j.summary();
        var metrics = new ArrayList<List<String>>();
        metric(metrics, "customers", num(s.customers()));
        metric(metrics, "orders (all)", num(s.orders()));
        metric(metrics, "orders naming a customer (per-customer figures)", num(s.ordersWithCustomer()));
        if (s.cancelledOrders() > 0) {
            metric(
                    metrics,
                    "of the orders, cancelled or returned in full (counted as placed)",
                    num(s.cancelledOrders()));
        }
        metric(metrics, "baskets (orders with lines used)", num(s.baskets()));
        metric(metrics, "order lines", num(s.lines()));
        metric(metrics, "distinct products", num(s.distinctProducts()));
        metric(metrics, "repeat customers (2+ orders)", pct(s.repeatCustomerShare()));
        metric(metrics, "one-time customers", pct(s.oneTimeCustomerShare()));
        metric(metrics, "first orders among orders naming a customer", pct(s.firstOrderShare()));
        metric(metrics, "orders per customer: mean", num(s.ordersPerCustomerMean()));
        metric(metrics, "orders per customer: median", num(s.ordersPerCustomerMedian()));
        metric(metrics, "orders per customer: min / max", s.ordersPerCustomerMin() + " / " + s.ordersPerCustomerMax());
        metric(metrics, "basket size: mean", num(s.basketSizeMean()));
        metric(
                metrics,
                "basket size: median / p90 / max",
                num(s.basketSizeMedian()) + " / " + num(s.basketSizeP90()) + " / " + s.basketSizeMax());
        metric(metrics, "reordered lines", pct(s.reorderedShare()));
        metric(metrics, "reordered lines, orders 2+", pct(s.reorderedShareRepeatOrders()));
        metric(metrics, "days between orders: mean", num(s.gapMean()));
        metric(metrics, "days between orders: median", num(s.gapMedian()));
        if (!Double.isNaN(s.gapCappedShare())) {
            metric(metrics, "gaps of 30 or more days (Instacart caps gaps at 30)", pct(s.gapCappedShare()));
        }
        s.ordersByEvalSet().forEach((k, v) -> metric(metrics, "orders in " + k, num(v)));
        var tables = new ArrayList<CommerceOutput.Table>();
        tables.add(new CommerceOutput.Table("Summary", List.of("metric", "value"), metrics));
        var reorder = new ArrayList<List<String>>();
        for (var r : j.reorderByOrderNumber()) {
            if (r.orderNumber() <= 20) {
                reorder.add(List.of(String.valueOf(r.orderNumber()), num(r.lines()), pct(r.reorderedShare())));
            }
        }
        tables.add(new CommerceOutput.Table(
                "Reorder share by order number (first 20)", List.of("order_number", "lines", "reordered"), reorder));
        var top = new ArrayList<List<String>>();
        for (var p : j.topProducts()) {
            top.add(List.of(p.item(), p.name(), num(p.lines()), pct(p.reorderedShare())));
        }
        tables.add(new CommerceOutput.Table("Top products", List.of("item", "name", "lines", "reordered"), top));
        groupTable(tables, "Departments", "department", j.categories(), Integer.MAX_VALUE);
        groupTable(tables, "Aisles (top 20)", "aisle", j.aisles(), 20);
        if (!j.hourOfWeek().isEmpty()) {
            var header = new ArrayList<String>();
            header.add("weekday");
            for (int h = 0; h < 24; h++) {
                header.add(Integer.toString(h));
            }
            var cells = new long[7][24];
            for (var c : j.hourOfWeek()) {
                if (c.weekday() >= 0 && c.weekday() < 7 && c.hour() >= 0 && c.hour() < 24) {
                    cells[c.weekday()][c.hour()] = c.orders();
                }
            }
            var heat = new ArrayList<List<String>>();
            for (int d = 0; d < 7; d++) {
                var row = new ArrayList<String>();
                String name = j.weekdays().names().get(d);
                row.add(name.equals("day " + d) ? name : name + " (" + d + ")");
                for (long n : cells[d]) {
                    row.add(Long.toString(n));
                }
                heat.add(row);
            }
            tables.add(new CommerceOutput.Table(
                    "Orders by weekday and hour (weekdays " + j.weekdays().convention() + ")", header, heat));
        }
        var gaps = daysBetweenRows(j.daysBetween(), !Double.isNaN(s.gapCappedShare()));
        if (!gaps.isEmpty()) {
            tables.add(new CommerceOutput.Table(
                    "Days between orders (one row per day up to 14, then ranges; JSON has every day)",
                    List.of("days", "orders"),
                    gaps));
        }
        output.emit(
                spec.commandLine().getOut(),
                new CommerceOutput.View(CommerceOutput.describe(report.data()), tables, report));
        return 0;
    }

    /** Upper ends of the ranges that gaps beyond two weeks are grouped into (the last range is open). */
    private static final int[] RANGE_ENDS = {21, 29, 44, 59, 89, 179, 364};

    /** Gaps of 0..14 days one per row, longer ones in ranges; {@code capped}: Instacart's 30 means 30 or more. */
    static List<List<String>> daysBetweenRows(List<io.assay.commerce.Journey.DaysBetween> gaps, boolean capped) {
        var rows = new ArrayList<List<String>>();
        var ranges = new java.util.TreeMap<Integer, Long>();
        for (var g : gaps) {
            if (g.days() <= 14) {
                rows.add(List.of(Integer.toString(g.days()), num(g.orders())));
            } else {
                int start = 15;
                for (int end : RANGE_ENDS) {
                    if (g.days() <= end) {
                        break;
                    }
                    start = end + 1;
                }
                ranges.merge(start, g.orders(), Long::sum);
            }
        }
        ranges.forEach((start, orders) -> {
            int k = 0;
            while (k < RANGE_ENDS.length && RANGE_ENDS[k] < start) {
                k++;
            }
            String label;
            if (capped && start == 30) {
                label = "30 or more";
            } else if (k == RANGE_ENDS.length) {
                label = start + " or more";
            } else {
                label = start + "-" + RANGE_ENDS[k];
            }
            rows.add(List.of(label, num(orders)));
        });
        return rows;
    }

    private static void groupTable(
            List<CommerceOutput.Table> tables,
            String title,
            String column,
            List<io.assay.commerce.Journey.CategoryShare> groups,
            int limit) {
        var rows = new ArrayList<List<String>>();
        for (var c : groups.subList(0, Math.min(limit, groups.size()))) {
            rows.add(List.of(c.category(), num(c.lines()), pct(c.share()), pct(c.reorderedShare())));
        }
        if (!rows.isEmpty()) {
            tables.add(new CommerceOutput.Table(title, List.of(column, "lines", "share_of_lines", "reordered"), rows));
        }
    }

    private static void metric(List<List<String>> rows, String name, String value) {
        rows.add(List.of(name, value));
    }
}
