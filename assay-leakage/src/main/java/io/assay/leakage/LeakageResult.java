package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The result of a revenue-leakage analysis, in the shape of the contract's result summary (JSON field names in
 * snake case): the domain, the column mapping, the learned norms, the metrics (counts, severities, money at risk,
 * data quality), the executive summary, data for charts, a 7-day forecast where the file has dates, the top
 * findings, and how every rule and detector went. All findings, ranked by money at risk then confidence, are in
 * {@link #findings()} (not part of the JSON: the findings files hold them).
 *
 * @param file the input file's name
 * @param summary the executive summary (empty until a summary writer fills it, see {@link #withSummary})
 * @param summarySource who wrote the summary: {@code deterministic} or {@code llm:<model>}
 * @param forecast expected findings for the next 7 days, or null when the file has no dates
 * @param topFindings the first {@code top} of {@link #findings()}
 * @param rules each rule: ran (with its findings and money) or skipped (with the reason)
 * @param detectors the leak model and the unusual-pattern detector: what they did or why they did not run
 * @param notes anything else a person should know about this run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LeakageResult(
        String domain,
        String file,
        ColumnMapping columnMapping,
        List<Norm> norms,
        Metrics metrics,
        String summary,
        String summarySource,
        VisualizationData visualizationData,
        Forecast forecast,
        List<Finding> topFindings,
        List<RuleStatus> rules,
        List<DetectorStatus> detectors,
        List<String> notes,
        @JsonIgnore List<Finding> findings) {

    public LeakageResult {
        norms = List.copyOf(norms);
        topFindings = List.copyOf(topFindings);
        rules = List.copyOf(rules);
        detectors = List.copyOf(detectors);
        notes = List.copyOf(notes);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** This result with an executive summary written by {@code source}. */
    public LeakageResult withSummary(String text, String source) {
        return new LeakageResult(
                domain,
                file,
                columnMapping,
                norms,
                metrics,
                text,
                source,
                visualizationData,
                forecast,
                topFindings,
                rules,
                detectors,
                notes,
                findings);
    }

    /** This result with the processing time measured by the caller (e.g. including reading the file). */
    public LeakageResult withProcessingTime(double seconds) {
        Metrics m = metrics;
        return new LeakageResult(
                domain,
                file,
                columnMapping,
                norms,
                new Metrics(
                        m.totalRows(),
                        m.anomaliesDetected(),
                        m.findings(),
                        m.anomalyRate(),
                        m.confidenceAvg(),
                        m.severityBreakdown(),
                        Math.round(seconds * 1000) / 1000.0,
                        m.dataQuality(),
                        m.revenueImpact()),
                summary,
                summarySource,
                visualizationData,
                forecast,
                topFindings,
                rules,
                detectors,
                notes,
                findings);
    }

    /** The columns of the input file, in order, as the findings' source rows carry them. */
    @JsonIgnore
    public List<String> sourceColumns() {
        return findings.isEmpty() || findings.getFirst().source() == null
                ? List.of()
                : findings.getFirst().source().columns();
    }

    /**
     * The headline numbers.
     *
     * @param anomaliesDetected rows with at least one finding
     * @param findings findings in all (a row may carry several)
     * @param anomalyRate anomalous rows over all rows
     * @param confidenceAvg mean confidence of the anomalous rows (each row's most confident finding)
     * @param severityBreakdown findings per severity
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metrics(
            long totalRows,
            long anomaliesDetected,
            long findings,
            double anomalyRate,
            double confidenceAvg,
            Map<String, Long> severityBreakdown,
            double processingTimeS,
            DataQualitySummary dataQuality,
            RevenueImpact revenueImpact) {
        public Metrics {
            severityBreakdown = Collections.unmodifiableMap(new LinkedHashMap<>(severityBreakdown));
        }
    }

    /** The data-quality score of the input (see {@code io.assay.core.profile.DataQuality}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DataQualitySummary(
            double completeness,
            double validity,
            Double consistency,
            double uniqueness,
            double overallScore,
            String grade,
            List<String> deductions) {
        public DataQualitySummary {
            deductions = List.copyOf(deductions);
        }
    }

    /**
     * Money at risk. Totals count each row once, with its largest impact.
     *
     * @param highImpactAnomalies rows whose most severe finding is critical
     * @param byType per leak type: findings and the sum of their impacts
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RevenueImpact(
            double totalRevenueAtRisk,
            double averagePerAnomaly,
            long highImpactAnomalies,
            String currency,
            Map<String, TypeImpact> byType) {
        public RevenueImpact {
            byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        }
    }

    /** Findings of one type and the sum of their impacts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TypeImpact(long count, double revenueImpact) {}

    /** What the dashboard and the report draw. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record VisualizationData(
            List<TypeCount> anomalyByType,
            List<SeverityCount> severityDistribution,
            List<ConfidenceBin> confidenceDistribution,
            List<DailyPoint> dailyTrend) {
        public VisualizationData {
            anomalyByType = List.copyOf(anomalyByType);
            severityDistribution = List.copyOf(severityDistribution);
            confidenceDistribution = List.copyOf(confidenceDistribution);
            dailyTrend = dailyTrend == null ? null : List.copyOf(dailyTrend);
        }
    }

    /** Findings of one type: count, share of all findings (percent), money. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TypeCount(String label, long count, double percentage, double revenueImpact) {}

    public record SeverityCount(String severity, long count) {}

    /** Findings whose confidence falls in {@code range} (e.g. {@code 0.9-1.0}). */
    public record ConfidenceBin(String range, long count) {}

    /** One day: rows, anomalous rows and money at risk. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DailyPoint(String date, long rows, long anomalies, double revenueImpact) {}

    /**
     * Expected anomalous rows per day for the 7 days after the last date in the file.
     *
     * @param method how the numbers were made, in a sentence
     * @param trendDirection {@code increasing}, {@code decreasing} or {@code stable}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Forecast(String method, String trendDirection, List<ForecastDay> days) {
        public Forecast {
            days = List.copyOf(days);
        }
    }

    /** One forecast day with an 80% interval. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ForecastDay(String date, double expectedAnomalies, double low, double high) {}

    /** How one rule went: {@code ran} with its findings and money, or {@code skipped} with the reason. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RuleStatus(
            String id, String type, String status, String reason, long findings, double revenueImpact) {}

    /** How one detector went (the leak model, the unusual-pattern detector). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DetectorStatus(String name, String status, String detail, long findingsAdded) {}
}
