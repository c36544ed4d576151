package io.assay.leakage.generator;

import io.assay.core.error.InvalidOptionException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Telecom billing records with known leaks: accounts on plans (a monthly fee plus a rate per usage unit; a free
 * plan bills nothing), one record per account and month, log-normal usage that varies by account and month, some
 * first periods shorter than a month (fee prorated by days over 30), and payments: most bills paid in full, some
 * unpaid or overdue, some partly paid.
 *
 * <p>Injected leaks, each on its own record, and their truth impact:
 *
 * <ul>
 *   <li>{@code unbilled_usage}: usage on a paying plan billed zero; impact the plan's bill.
 *   <li>{@code underbilling}: billed 40–90% of the plan's bill; impact the difference.
 *   <li>{@code payment_status_mismatch}: marked paid with 0–80% of the bill paid (impact the unpaid part), or, one in
 *       five, marked unpaid although paid in full (impact 0).
 * </ul>
 *
 * As for retail, a leak is only injected where it moves money by more than three times the default rounding
 * tolerance.
 */
public final class TelecomData {

    /** A plan: monthly fee, rate per usage unit, median monthly usage, share of accounts. */
    public record Plan(String name, double fee, double rate, double medianUsage, double weight) {
        public Plan {
            if (fee < 0 || rate < 0 || medianUsage <= 0 || weight <= 0) {
                throw new InvalidOptionException("plan", name, "needs a fee and rate ≥ 0, a usage and a weight > 0");
            }
        }

        boolean free() {
            return fee == 0 && rate == 0;
        }
    }

    /**
     * How the data looks.
     *
     * @param plans the plans
     * @param columns canonical column → header written (absent: not written)
     * @param paidLabel the payment status of a bill paid in full
     * @param unpaidLabels statuses of unpaid bills
     * @param partialLabel the status of a partly paid bill
     * @param usageSpread log-normal spread of usage between accounts
     * @param decimals money decimals
     * @param start the first billing period's first day
     * @param months billing periods per account
     * @param leakWeights relative frequency of each leak type
     */
    public record Spec(
            List<Plan> plans,
            Map<String, String> columns,
            String paidLabel,
            List<String> unpaidLabels,
            String partialLabel,
            double usageSpread,
            int decimals,
            LocalDate start,
            int months,
            Map<String, Double> leakWeights) {

        public Spec {
            plans = List.copyOf(plans);
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            unpaidLabels = List.copyOf(unpaidLabels);
            leakWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leakWeights));
            if (months < 1 || decimals < 0 || decimals > 4 || plans.isEmpty()) {
                throw new InvalidOptionException("telecom spec", months, "needs plans, months ≥ 1, 0–4 decimals");
            }
        }

        public static Spec defaults() {
            var columns = new LinkedHashMap<String, String>();
            for (String c : ORDER) {
                columns.put(c, c);
            }
            var weights = new LinkedHashMap<String, Double>();
            TYPES.forEach(t -> weights.put(t, 1.0));
            return new Spec(
                    List.of(
                            new Plan("Lite Prepaid", 0, 0.09, 120, 0.15),
                            new Plan("Basic 100", 12.5, 0.04, 250, 0.25),
                            new Plan("Standard 500", 29, 0.02, 600, 0.25),
                            new Plan("Unlimited", 59, 0, 1200, 0.15),
                            new Plan("Business Pro", 85, 0.015, 1500, 0.12),
                            new Plan("Community Free", 0, 0, 60, 0.08)),
                    columns,
                    "paid",
                    List.of("unpaid", "overdue"),
                    "partial",
                    0.6,
                    2,
                    LocalDate.of(2025, 1, 1),
                    6,
                    weights);
        }

        public Spec withColumns(Map<String, String> c) {
            return new Spec(
                    plans, c, paidLabel, unpaidLabels, partialLabel, usageSpread, decimals, start, months, leakWeights);
        }

        public Spec withPlans(List<Plan> p) {
            return new Spec(
                    p,
                    columns,
                    paidLabel,
                    unpaidLabels,
                    partialLabel,
                    usageSpread,
                    decimals,
                    start,
                    months,
                    leakWeights);
        }

        public Spec withStatuses(String paid, List<String> unpaid, String partial) {
            return new Spec(plans, columns, paid, unpaid, partial, usageSpread, decimals, start, months, leakWeights);
        }

        public Spec withShape(double spread, int moneyDecimals, int periods) {
            return new Spec(
                    plans,
                    columns,
                    paidLabel,
                    unpaidLabels,
                    partialLabel,
                    spread,
                    moneyDecimals,
                    start,
                    periods,
                    leakWeights);
        }
    }

    static final List<String> TYPES = List.of("unbilled_usage", "underbilling", "payment_status_mismatch");

    static final List<String> ORDER = List.of(
            "account_id",
            "service_type",
            "billing_period_start",
            "billing_period_end",
            "billing_days",
            "total_usage",
            "bill_amount",
            "amount_paid",
            "payment_status",
            "due_date",
            "payment_date",
            "customer_segment");

    private final Spec spec;
    private final SplittableRandom rnd;
    private final double unit;

    TelecomData(Spec spec, long seed) {
        this.spec = spec;
        this.rnd = new SplittableRandom(seed);
        this.unit = 1.0 / Cells.pow10(spec.decimals());
    }

    private double gaussian() {
        double u = Math.max(1e-12, rnd.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private int pick(double[] cumulative) {
        return Cells.pick(cumulative, rnd);
    }

    void generate(int rows, double leakRate, Sink sink) {
        var written = ORDER.stream().filter(spec.columns()::containsKey).toList();
        sink.header(written.stream().map(spec.columns()::get).toList());
        double[] planCumulative =
                Cells.cumulative(spec.plans().stream().mapToDouble(Plan::weight).toArray());
        double[] typeCumulative = Cells.cumulative(TYPES.stream()
                .mapToDouble(t -> spec.leakWeights().getOrDefault(t, 0.0) + 1e-12)
                .toArray());
        String[] segments = {"Consumer", "SME", "Enterprise"};
        double[] segmentCumulative = Cells.cumulative(new double[] {0.7, 0.2, 0.1});
        int dp = spec.decimals();
        int row = 0;
        int account = 0;
        while (row < rows) {
            account++;
            Plan plan = spec.plans().get(pick(planCumulative));
            String segment = segments[pick(segmentCumulative)];
            double level = Math.exp(spec.usageSpread() * gaussian());
            int joinDay = rnd.nextDouble() < 0.05 ? 2 + rnd.nextInt(24) : 1;
            for (int m = 0; m < spec.months() && row < rows; m++) {
                LocalDate periodStart = spec.start().plusMonths(m);
                LocalDate periodEnd = periodStart.plusMonths(1).minusDays(1);
                if (m == 0 && joinDay > 1) {
                    periodStart = periodStart.withDayOfMonth(joinDay);
                }
                int days = (int) (periodEnd.toEpochDay() - periodStart.toEpochDay()) + 1;
                double share = days >= 28 ? 1.0 : days / 30.0;
                double usage = Math.max(
                        0, Math.round(plan.medianUsage() * level * share * Math.exp(0.25 * gaussian()) * 10) / 10.0);
                double expected = plan.free() ? 0 : Cells.round(plan.fee() * share + plan.rate() * usage, dp);
                double bill = expected;
                String status;
                double paid;
                double u = rnd.nextDouble();
                if (plan.free() || u < 0.86) {
                    status = spec.paidLabel();
                    paid = bill;
                } else if (u < 0.94) {
                    status = spec.unpaidLabels()
                            .get(rnd.nextInt(spec.unpaidLabels().size()));
                    paid = 0;
                } else {
                    status = spec.partialLabel();
                    paid = Cells.round(bill * (0.2 + 0.7 * rnd.nextDouble()), dp);
                }
                String leak = null;
                double impact = 0;
                double tolerance = 2 * unit + 0.001 * expected;
                if (!plan.free() && rnd.nextDouble() < leakRate) {
                    leak = TYPES.get(pick(typeCumulative));
                    switch (leak) {
                        case "unbilled_usage" -> {
                            if (usage > 0 && expected > 3 * tolerance) {
                                bill = 0;
                                paid = 0;
                                status = spec.paidLabel();
                                impact = expected;
                            } else {
                                leak = null;
                            }
                        }
                        case "underbilling" -> {
                            double b = Cells.round(expected * (0.4 + 0.5 * rnd.nextDouble()), dp);
                            if (expected - b > 3 * tolerance && b > tolerance) {
                                bill = b;
                                paid = b;
                                status = spec.paidLabel();
                                impact = expected - b;
                            } else {
                                leak = null;
                            }
                        }
                        case "payment_status_mismatch" -> {
                            if (rnd.nextInt(5) == 0) {
                                status = spec.unpaidLabels().getFirst();
                                paid = bill;
                                impact = 0;
                                if (bill <= 3 * tolerance) {
                                    leak = null;
                                    status = spec.paidLabel();
                                }
                            } else {
                                double p = Cells.round(bill * 0.8 * rnd.nextDouble(), dp);
                                if (bill - p > 3 * tolerance) {
                                    status = spec.paidLabel();
                                    paid = p;
                                    impact = bill - p;
                                } else {
                                    leak = null;
                                }
                            }
                        }
                        default -> throw new IllegalStateException(leak);
                    }
                }
                LocalDate due = periodEnd.plusDays(14);
                LocalDate paidOn = paid > 0 ? periodEnd.plusDays(1 + rnd.nextInt(20)) : null;
                var values = new LinkedHashMap<String, String>();
                values.put("account_id", "AC" + (100000 + account));
                values.put("service_type", plan.name());
                values.put("billing_period_start", periodStart.toString());
                values.put("billing_period_end", periodEnd.toString());
                values.put("billing_days", Integer.toString(days));
                values.put("total_usage", Cells.fixed(usage, 1));
                values.put("bill_amount", Cells.fixed(bill, dp));
                values.put("amount_paid", Cells.fixed(paid, dp));
                values.put("payment_status", status);
                values.put("due_date", due.toString());
                values.put("payment_date", paidOn == null ? "" : paidOn.toString());
                values.put("customer_segment", segment);
                var cells = new ArrayList<String>(written.size());
                written.forEach(w -> cells.add(values.get(w)));
                sink.row(cells);
                if (leak != null) {
                    sink.leak(
                            row,
                            leak,
                            Cells.round(impact, 4),
                            plan.name() + " bill " + bill + ", expected " + expected);
                }
                row++;
            }
        }
    }
}
