package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.assay.core.error.InvalidOptionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A domain pack: everything Assay knows about one kind of business table, as data. Canonical columns with their
 * synonyms (for column mapping), default parameters, the norms to learn from the file, derived features, the rules
 * that find leaks, how severe and how certain a finding is, and which features the leak model and the
 * unusual-pattern detector look at. Built-in packs ({@code retail}, {@code telecom}) are YAML resources; a user adds
 * a pack or extra rules from a YAML or JSON file ({@link DomainPacks}) without recompiling.
 *
 * <p>Every expression in a pack (features, rules, norms, defaults, severities) is a SQL row expression that is
 * checked by {@link io.assay.core.sql.SafeExpression} before it runs: it can compute a value from the row and
 * nothing else (no files, no network, no functions outside an allow-list). {@code ${name}} inside an expression is
 * replaced by the number of parameter {@code name}; {@code {impact}} in severity and confidence expressions stands
 * for the rule's impact.
 *
 * @param name the domain's name, e.g. {@code retail}
 * @param aliases other names users may give ({@code supermarket})
 * @param title a few words for reports
 * @param row what one row is, for reports ("one sales line of a receipt")
 * @param currency the currency of money amounts (parameter {@code currency} is not numeric: override it here)
 * @param columns the canonical columns, in matching order
 * @param params numeric parameters with defaults, overridable with {@code --param name=value}
 * @param norms what to learn from the file
 * @param features derived values, in order (a feature may use the ones before it)
 * @param rules the leak rules
 * @param severity severity levels checked in order, the first that holds wins ({@code low} otherwise)
 * @param confidence the confidence of a rule finding when the rule does not say, may use {@code {impact}}
 * @param trendDate a date or timestamp column or feature for the daily trend and forecast (null: none)
 * @param model the features of the supervised leak model (null: no model for this pack)
 * @param unusual the features of the unusual-pattern detector (null: no detector)
 * @param qualityChecks cross-column checks for the data-quality score, over canonical columns in braces, e.g.
 *     {@code abs({total} - {unit_price} * {quantity}) <= 0.01}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DomainPack(
        String name,
        List<String> aliases,
        String title,
        String row,
        String currency,
        List<ColumnSpec> columns,
        Map<String, Param> params,
        List<NormSpec> norms,
        List<FeatureSpec> features,
        List<RuleSpec> rules,
        List<SeverityLevel> severity,
        String confidence,
        String trendDate,
        ModelSection model,
        UnusualSection unusual,
        List<String> qualityChecks) {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Set<String> COLUMN_TYPES = Set.of("string", "category", "number", "datetime", "date", "boolean");

    public DomainPack {
        name = requireName("pack name", name);
        aliases = aliases == null
                ? List.of()
                : aliases.stream().map(a -> requireName("alias", a)).toList();
        title = title == null ? name : title;
        row = row == null ? "one row" : row;
        currency = currency == null || currency.isBlank() ? "USD" : currency.trim();
        columns = columns == null ? List.of() : List.copyOf(columns);
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        norms = norms == null ? List.of() : List.copyOf(norms);
        features = features == null ? List.of() : List.copyOf(features);
        rules = rules == null ? List.of() : List.copyOf(rules);
        severity = severity == null ? List.of() : List.copyOf(severity);
        confidence = confidence == null || confidence.isBlank() ? "0.9" : confidence;
        qualityChecks = qualityChecks == null ? List.of() : List.copyOf(qualityChecks);
        if (columns.isEmpty()) {
            throw new InvalidOptionException("pack " + name, "columns", "a pack needs at least one canonical column");
        }
        var seen = new HashSet<String>();
        for (ColumnSpec c : columns) {
            unique(name, seen, c.name());
        }
        for (NormSpec n : norms) {
            for (String out : n.produces()) {
                unique(name, seen, out);
            }
        }
        for (FeatureSpec f : features) {
            unique(name, seen, f.name());
        }
        for (String p : params.keySet()) {
            requireName("parameter", p);
        }
        var ruleIds = new HashSet<String>();
        for (RuleSpec r : rules) {
            if (!ruleIds.add(r.id())) {
                throw new InvalidOptionException("pack " + name, r.id(), "two rules have this id");
            }
        }
    }

    private static void unique(String pack, Set<String> seen, String column) {
        if (!seen.add(column)) {
            throw new InvalidOptionException(
                    "pack " + pack, column, "two columns, norm outputs or features have this name");
        }
    }

    static String requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidOptionException(
                    what, value, "use lower-case letters, digits and '_', starting with a letter");
        }
        return value;
    }

    /** Whether {@code domain} names this pack or one of its aliases (case-insensitively). */
    public boolean answersTo(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        return name.equals(d) || aliases.contains(d);
    }

    /** The canonical column called {@code name}, or null. */
    public ColumnSpec column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * This pack with {@code extra} rules appended. An extra rule may replace one of the pack's rules only by saying
     * so ({@code replaces: TAX_001}); one that merely has the id of a pack rule is refused, so that a user rule cannot
     * silently stand in for a built-in one.
     *
     * @throws InvalidOptionException for an extra rule with the id of a pack rule it does not replace, or one that
     *     replaces a rule the pack does not have
     */
    public DomainPack withRules(List<RuleSpec> extra) {
        var ids = rules.stream().map(RuleSpec::id).toList();
        var replaced = new HashSet<String>();
        for (RuleSpec e : extra) {
            if (e.replaces() != null) {
                if (!ids.contains(e.replaces())) {
                    throw new InvalidOptionException(
                            "'replaces' of rule " + e.id(),
                            e.replaces(),
                            "the " + name + " pack has no such rule; its rules are " + String.join(", ", ids));
                }
                replaced.add(e.replaces());
            }
        }
        for (RuleSpec e : extra) {
            if (ids.contains(e.id()) && !replaced.contains(e.id())) {
                throw new InvalidOptionException(
                        "rule id",
                        e.id(),
                        "the " + name + " pack has a rule with this id; give yours another id, or add 'replaces: "
                                + e.id() + "' to it to replace the pack's rule");
            }
        }
        var merged = new ArrayList<RuleSpec>();
        for (RuleSpec r : rules) {
            if (!replaced.contains(r.id())) {
                merged.add(r);
            }
        }
        merged.addAll(extra);
        return new DomainPack(
                name,
                aliases,
                title,
                row,
                currency,
                columns,
                params,
                norms,
                features,
                merged,
                severity,
                confidence,
                trendDate,
                model,
                unusual,
                qualityChecks);
    }

    /**
     * A canonical column.
     *
     * @param type {@code string}, {@code category}, {@code number}, {@code datetime}, {@code date} or {@code boolean}
     * @param required whether the analysis cannot run without it
     * @param synonyms other names it goes by, tried in order after its own name
     * @param timeSynonyms for a datetime: names of a separate time-of-day column to combine with a date column
     * @param defaultValue an expression over other canonical columns used where the column is absent or empty
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ColumnSpec(
            String name,
            String type,
            boolean required,
            List<String> synonyms,
            List<String> timeSynonyms,
            @JsonProperty("default") String defaultValue,
            String description) {

        public ColumnSpec {
            name = requireName("column name", name);
            type = type == null ? "string" : type.trim().toLowerCase(Locale.ROOT);
            if (!COLUMN_TYPES.contains(type)) {
                throw new InvalidOptionException(
                        "type of column " + name, type, "use one of " + String.join(", ", COLUMN_TYPES));
            }
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
            timeSynonyms = timeSynonyms == null ? List.of() : List.copyOf(timeSynonyms);
        }

        boolean numeric() {
            return type.equals("number");
        }
    }

    /**
     * A numeric parameter, its default and the values that make sense for it: a share below 0, or a probability
     * above 1, would turn every row into a finding with made-up money at risk.
     *
     * @param min the smallest value allowed (inclusive); null: no bound
     * @param max the largest value allowed (inclusive); null: no bound
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Param(@JsonProperty("default") double defaultValue, Double min, Double max, String description) {
        public Param {
            if (!Double.isFinite(defaultValue)) {
                throw new InvalidOptionException("parameter default", defaultValue, "must be a finite number");
            }
            if (min != null && max != null && min > max) {
                throw new InvalidOptionException("parameter range", min + ".." + max, "min must not exceed max");
            }
            if ((min != null && defaultValue < min) || (max != null && defaultValue > max)) {
                throw new InvalidOptionException("parameter default", defaultValue, "must lie between its min and max");
            }
        }

        /** {@code value} if this parameter allows it; else an error naming the parameter and its range. */
        double check(String name, double value) {
            if ((min != null && value < min) || (max != null && value > max)) {
                String range = min != null && max != null
                        ? "between " + plain(min) + " and " + plain(max)
                        : min != null ? "at least " + plain(min) : "at most " + plain(max);
                throw new InvalidOptionException("parameter " + name, plain(value), "must be " + range);
            }
            return value;
        }

        private static String plain(double v) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    }

    /**
     * A derived value: {@code expr} over canonical columns, learned norms and earlier features.
     *
     * @param label how a finding names it to a reader ("bill as a share of the expected bill"); optional
     */
    public record FeatureSpec(String name, String expr, String description, String label) {
        public FeatureSpec {
            name = requireName("feature name", name);
            if (expr == null || expr.isBlank()) {
                throw new InvalidOptionException("feature " + name, expr, "give an expression");
            }
        }
    }

    /**
     * A leak rule: where {@code when} holds, the row leaks {@code impact} money (clamped at zero) of leak type
     * {@code type}.
     *
     * @param id a stable identifier, e.g. {@code TAX_001}, written in the findings' {@code rule_id}
     * @param type the leak type (a name of the taxonomy, e.g. {@code missing_tax})
     * @param description one sentence for a person, with {@code {column}} placeholders ({@code {x:money}},
     *     {@code {x:pct}}, {@code {x:num}} format them)
     * @param when the condition, a boolean expression
     * @param impact the money lost
     * @param confidence the finding's confidence in 0..1 (null: the pack's)
     * @param criticalWhen where this holds the finding is critical whatever its amount
     * @param requires canonical columns the file must have for the rule to run (else it is skipped, with the reason)
     * @param evidence columns whose values are recorded with every finding
     * @param replaces for an extra rule ({@code --rules}): the id of the pack's rule it replaces (null: it adds to
     *     them, and may not share an id with one)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RuleSpec(
            String id,
            String type,
            String description,
            String when,
            String impact,
            String confidence,
            String criticalWhen,
            List<String> requires,
            List<String> evidence,
            String replaces) {

        static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");

        public RuleSpec {
            if (id == null || !ID.matcher(id).matches()) {
                throw new InvalidOptionException("rule id", id, "use letters, digits, '_', '-' or '.'");
            }
            type = requireName("leak type of rule " + id, type);
            if (when == null || when.isBlank()) {
                throw new InvalidOptionException("rule " + id, "when", "give the condition as an expression");
            }
            impact = impact == null || impact.isBlank() ? "0" : impact;
            description = description == null || description.isBlank() ? type.replace('_', ' ') : description;
            requires = requires == null ? List.of() : List.copyOf(requires);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
            replaces = replaces == null || replaces.isBlank() ? null : replaces.trim();
        }
    }

    /** A severity level and the condition (may use {@code {impact}}) under which a finding has it. */
    public record SeverityLevel(String level, String when) {
        public SeverityLevel {
            Severity.parse(level);
            if (when == null || when.isBlank()) {
                throw new InvalidOptionException("severity " + level, when, "give the condition as an expression");
            }
        }
    }

    /**
     * The supervised leak model: XGBoost over {@code features}, predicting the leak type.
     *
     * @param features numeric features (booleans count as 0/1)
     * @param minProbability a prediction that no rule of its type confirms becomes a finding only at this
     *     probability or more (a number or {@code ${param}})
     * @param hyperparameters XGBoost hyperparameters, e.g. {@code n_estimators: 60}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelSection(List<String> features, String minProbability, Map<String, String> hyperparameters) {
        public ModelSection {
            features = features == null ? List.of() : List.copyOf(features);
            minProbability = minProbability == null ? "0.9" : minProbability;
            hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
            if (features.isEmpty()) {
                throw new InvalidOptionException("model", "features", "name at least one feature");
            }
        }
    }

    /**
     * The unusual-pattern detector (isolation forest) over rows no rule or model flagged.
     *
     * @param maxShare at most this share of all rows is reported as unusual (a number or {@code ${param}})
     * @param minScore only rows scoring at least this (isolation-forest score, 0.5 is ordinary) are reported
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UnusualSection(List<String> features, String maxShare, String minScore) {
        public UnusualSection {
            features = features == null ? List.of() : List.copyOf(features);
            maxShare = maxShare == null ? "0.002" : maxShare;
            minScore = minScore == null ? "0.65" : minScore;
            if (features.isEmpty()) {
                throw new InvalidOptionException("unusual", "features", "name at least one feature");
            }
        }
    }

    /**
     * Something to learn from the file. Each kind is a robust estimator (medians, median absolute deviations,
     * Theil–Sen slopes) so that the leaks the pack looks for do not move the norm. Knobs are numbers or
     * {@code ${param}}.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Decimals.class, name = "decimals"),
        @JsonSubTypes.Type(value = Median.class, name = "median"),
        @JsonSubTypes.Type(value = GroupRate.class, name = "group_rate"),
        @JsonSubTypes.Type(value = GroupMedian.class, name = "group_median"),
        @JsonSubTypes.Type(value = GroupLinear.class, name = "group_linear")
    })
    public sealed interface NormSpec permits Decimals, Median, GroupRate, GroupMedian, GroupLinear {
        String id();

        String description();

        /** The columns this norm adds to every row. */
        List<String> produces();
    }

    /**
     * The money unit: the smallest power of ten that 99% of the values of {@code columns} are whole multiples of
     * (0.01 for cents, 1 for yen), as output column {@code output}.
     */
    public record Decimals(String id, String description, List<String> columns, String output) implements NormSpec {
        public Decimals {
            id = requireName("norm id", id);
            columns = columns == null ? List.of() : List.copyOf(columns);
            output = requireName("output of norm " + id, output);
        }

        @Override
        public List<String> produces() {
            return List.of(output);
        }
    }

    /** The median of {@code value} over the rows where {@code where} holds, as output column {@code output}. */
    public record Median(String id, String description, String value, String where, String output) implements NormSpec {
        public Median {
            id = requireName("norm id", id);
            output = requireName("output of norm " + id, output);
        }

        @Override
        public List<String> produces() {
            return List.of(output);
        }
    }

    /**
     * A rate per group, e.g. the tax rate of each category: the median of {@code amount / base} over the group's
     * rows that carry an amount. A group where fewer than {@code exemptBelow} of the rows carry one is exempt
     * (rate 0). When several {@code bases} are given (e.g. net or gross of discount), the one the amounts fit best
     * is chosen and reported.
     *
     * @param outputs {@code rate}, {@code exempt} and {@code base} (the chosen base's value on each row)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupRate(
            String id,
            String description,
            String group,
            String amount,
            Map<String, String> bases,
            String exemptBelow,
            String minRows,
            Map<String, String> outputs)
            implements NormSpec {
        public GroupRate {
            id = requireName("norm id", id);
            if (bases == null || bases.isEmpty()) {
                throw new InvalidOptionException("norm " + id, "bases", "give at least one base expression");
            }
            bases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bases));
            exemptBelow = exemptBelow == null ? "0.5" : exemptBelow;
            minRows = minRows == null ? "3" : minRows;
            outputs = checkOutputs(id, outputs, List.of("rate", "exempt", "base"));
        }

        @Override
        public List<String> produces() {
            return List.copyOf(outputs.values());
        }
    }

    /**
     * A typical value per group with fallbacks, e.g. the typical price of each product, else of its category: the
     * median of {@code value} in the first of {@code groups} where the group has at least {@code minRows} rows and
     * its values agree (median absolute deviation at most {@code maxSpread} of the median). Where no level is
     * reliable the value is missing, and rules that need it do not fire.
     *
     * @param outputs {@code value} and {@code basis} (which group level the value came from)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupMedian(
            String id,
            String description,
            String value,
            List<String> groups,
            String where,
            String minRows,
            String maxSpread,
            Map<String, String> outputs)
            implements NormSpec {
        public GroupMedian {
            id = requireName("norm id", id);
            groups = groups == null ? List.of() : List.copyOf(groups);
            if (groups.isEmpty()) {
                throw new InvalidOptionException("norm " + id, "groups", "give at least one group column");
            }
            minRows = minRows == null ? "3" : minRows;
            maxSpread = maxSpread == null ? "0.1" : maxSpread;
            outputs = checkOutputs(id, outputs, List.of("value", "basis"));
        }

        @Override
        public List<String> produces() {
            return List.copyOf(outputs.values());
        }
    }

    /**
     * A fixed part plus a rate per unit for each group, e.g. the expected bill of each plan: a Theil–Sen fit of
     * {@code y} on {@code x} over the rows where {@code where} holds, its intercept the median residual. A group
     * whose {@code y} is zero on at least {@code freeShare} of its rows is free (fee and rate 0). {@code spread} is the
     * median absolute deviation of the residuals: how far ordinary rows are from the fitted line.
     *
     * @param outputs {@code fee}, {@code rate}, {@code free} and {@code spread}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GroupLinear(
            String id,
            String description,
            String group,
            String x,
            String y,
            String where,
            String freeShare,
            String minRows,
            Map<String, String> outputs)
            implements NormSpec {
        public GroupLinear {
            id = requireName("norm id", id);
            freeShare = freeShare == null ? "0.95" : freeShare;
            minRows = minRows == null ? "5" : minRows;
            outputs = checkOutputs(id, outputs, List.of("fee", "rate", "free", "spread"));
        }

        @Override
        public List<String> produces() {
            return List.copyOf(outputs.values());
        }
    }

    private static Map<String, String> checkOutputs(String id, Map<String, String> outputs, List<String> keys) {
        if (outputs == null || !outputs.keySet().equals(new HashSet<>(keys))) {
            throw new InvalidOptionException(
                    "outputs of norm " + id, outputs, "name the output columns " + String.join(", ", keys));
        }
        var ordered = new LinkedHashMap<String, String>();
        for (String k : keys) {
            ordered.put(k, requireName("output of norm " + id, outputs.get(k)));
        }
        return java.util.Collections.unmodifiableMap(ordered);
    }
}
