package io.assay.cli;

import static io.assay.cli.CommerceOutput.money;
import static io.assay.cli.CommerceOutput.num;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Customers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay customers DATA}: RFM, segments, lifetime and predicted value, churn risk with reasons. */
@Command(
        name = "customers",
        mixinStandardHelpOptions = true,
        description = {
            "Customer value and risk: recency, frequency and money with 1-5 scores and named segments, value so far",
            "and predicted for the next period, and a churn risk with the reasons behind it."
        },
        footer = {
            "",
            "Examples:",
            "  assay customers ../shared/data/instacart-synth --sort risk --top 20",
            "  assay customers online_retail.csv --snapshot 2011-06-01 -o customers.csv",
            "  assay customers orders/ --format json"
        })
final class CustomersCommand implements Callable<Integer> {

    enum Sort {
        RISK,
        VALUE,
        PREDICTED,
        ORDERS
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommerceInput input;

    @Option(
            names = "--snapshot",
            paramLabel = "YYYY-MM-DD",
            description = "Day recency is measured at (default: the latest order date).")
    LocalDate snapshot;

    @Option(
            names = "--horizon",
            defaultValue = "90",
            paramLabel = "DAYS",
            description = "Period the predicted value covers (default: 90 days).")
    int horizon;

    @Option(
            names = "--sort",
            defaultValue = "risk",
            paramLabel = "risk|value|predicted|orders",
            description = "Order of the customer table (default: risk).")
    Sort sort;

    @Option(
            names = "--top",
            defaultValue = "20",
            paramLabel = "N",
            description = "Customers shown in the table (CSV and JSON hold all; default: 20).")
    int top;

    @Option(names = "--segments", description = "Show the segment summary (with --churn: both; neither: everything).")
    boolean segments;

    @Option(
            names = "--churn",
            description = "Show customers by churn risk with the reasons (CSV and JSON: every customer).")
    boolean churn;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    CustomersCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        var options = Customers.Options.defaults().withSnapshot(snapshot).withHorizonDays(horizon);
        Commerce.Report<Customers.Result> report;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "customers")) {
            report = new Commerce(assay).customers(input.source(), options, progress);
        }
        var r = report.result();
        if (churn && !segments) {
            sort = Sort.RISK;
        }
        Comparator<Customers.Customer> order = switch (sort) {
            case RISK ->
                Comparator.comparingDouble(Customers.Customer::churnRisk).reversed();
            case VALUE ->
                Comparator.comparingDouble((Customers.Customer c) -> nz(c.monetary()))
                        .reversed();
            case PREDICTED ->
                Comparator.comparingDouble((Customers.Customer c) -> nz(c.predictedValue()) + c.expectedOrders() * 1e-9)
                        .reversed();
            case ORDERS -> Comparator.comparingLong(Customers.Customer::orders).reversed();
        };
        var sorted = r.customers().stream().sorted(order).toList();
        boolean all = output.effectiveFormat() != CommerceOutput.Format.TABLE;
        var rows = new ArrayList<List<String>>();
        for (var c : all ? sorted : sorted.subList(0, Math.min(top, sorted.size()))) {
            rows.add(List.of(
                    c.customer(),
                    num(c.orders()),
                    money(c.monetary()),
                    money(c.cancelled()),
                    num(c.recencyDays()),
                    c.r() + "" + c.f() + (c.m() == 0 ? "" : "" + c.m()),
                    c.segment(),
                    String.format(Locale.ROOT, "%.3f", c.churnRisk()),
                    String.join("; ", c.reasons()),
                    num(c.expectedOrders()),
                    money(c.predictedValue())));
        }
        var tables = new ArrayList<CommerceOutput.Table>();
        boolean showCustomers = churn || !segments || output.effectiveFormat() == CommerceOutput.Format.CSV;
        boolean showSegments = segments || !churn;
        if (showCustomers) {
            tables.add(new CommerceOutput.Table(
                    "Customers (by " + sort.name().toLowerCase(Locale.ROOT) + ")",
                    List.of(
                            "customer",
                            "orders",
                            "money",
                            "cancelled",
                            "recency_days",
                            "rfm",
                            "segment",
                            "churn_risk",
                            "reasons",
                            "expected_orders_" + horizon + "d",
                            "predicted_value_" + horizon + "d"),
                    rows));
        }
        var seg = new ArrayList<List<String>>();
        r.summary().segments().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> seg.add(List.of(e.getKey(), num(e.getValue()))));
        if (showSegments) {
            tables.add(new CommerceOutput.Table("Segments", List.of("segment", "customers"), seg));
        }
        var lines = new ArrayList<>(CommerceOutput.describe(report.data()));
        var s = r.summary();
        lines.add(String.format(
                Locale.ROOT,
                "%,d customers%s; %,d at high churn risk (≥ 0.9)%s",
                s.customers(),
                s.snapshot() == null
                        ? " (no calendar: recency and R come from the order gaps)"
                        : ", snapshot " + s.snapshot(),
                s.highRisk(),
                Double.isNaN(s.totalMoney())
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; money %,.2f, top 20%% of customers bring %.1f%%",
                                s.totalMoney(),
                                100 * s.top20ShareOfMoney())));
        if (s.cancelledOrders() > 0 || s.cancelledMoney() > 0) {
            lines.add(String.format(
                    Locale.ROOT,
                    "money is net of cancellations and returns%s; %,d of their orders were cancelled in full and are"
                            + " not counted as orders",
                    Double.isNaN(s.cancelledMoney())
                            ? ""
                            : String.format(Locale.ROOT, " (%,.2f taken off the customers listed)", s.cancelledMoney()),
                    s.cancelledOrders()));
        }
        if (!r.refunded().isEmpty()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%,d customers left out (refunded: cancelled or returned at least what they bought here): %s%s",
                    r.refunded().size(),
                    String.join(
                            ", ",
                            r.refunded().stream()
                                    .limit(3)
                                    .map(CustomersCommand::refunded)
                                    .toList()),
                    r.refunded().size() > 3 ? ", …; --format json lists them all" : ""));
        }
        output.emit(spec.commandLine().getOut(), new CommerceOutput.View(lines, tables, report));
        return 0;
    }

    private static String refunded(Customers.Refunded c) {
        return c.customer()
                + (Double.isNaN(c.bought())
                        ? String.format(Locale.ROOT, " (%d of %d orders cancelled)", c.cancelledOrders(), c.orders())
                        : String.format(Locale.ROOT, " (bought %,.2f, cancelled %,.2f)", c.bought(), c.cancelled()));
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
