package io.assay.report;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import io.assay.leakage.Finding;
import io.assay.leakage.LeakageResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Writes the executive summary of an analysis: by a language model behind an OpenAI-compatible chat-completions
 * endpoint when one is configured, from the same facts the deterministic summary uses, else (and whenever the model
 * fails, times out or answers nothing) by {@link ExecutiveSummary}. The result says who wrote it.
 *
 * <pre>{@code
 * LeakageResult withSummary = Summaries.summarize(result, Summaries.Endpoint.fromEnvironment(System.getenv()));
 * }</pre>
 */
public final class Summaries {

    /** Who wrote a summary when no model did. */
    private static final String DETERMINISTIC = "deterministic";

    private static final String SYSTEM_PROMPT = "You are a revenue-assurance analyst. Write an executive summary of"
            + " a revenue-leakage analysis for management: at most 180 words, plain text, no markdown. Use only the"
            + " facts given (numbers exactly as given, with the currency): the money at risk, the leak types that"
            + " matter most, the rows or places to look at first, and any checks that could not run.";

    /**
     * An OpenAI-compatible endpoint.
     *
     * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434/v1}
     * @param apiKey sent as a bearer token when not blank
     * @param model the model name
     * @param timeout the longest wait for the whole answer
     */
    public record Endpoint(URI baseUrl, String apiKey, String model, Duration timeout) {
        public Endpoint {
            if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
                throw new InvalidOptionException("ASSAY_LLM_BASE_URL", baseUrl, "must be an http(s) URL");
            }
            if (model == null || model.isBlank()) {
                throw new InvalidOptionException("ASSAY_LLM_MODEL", model, "name the model");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new InvalidOptionException(
                        "ASSAY_LLM_TIMEOUT_S", timeout, "must be a positive number of seconds");
            }
        }

        /**
         * The endpoint the environment configures, or null: {@code ASSAY_LLM_BASE_URL} (else {@code OPENAI_BASE_URL}),
         * {@code ASSAY_LLM_API_KEY} (else {@code OPENAI_API_KEY}), {@code ASSAY_LLM_MODEL} (default
         * {@code gpt-4o-mini}), {@code ASSAY_LLM_TIMEOUT_S} (default 30).
         */
        public static Endpoint fromEnvironment(Map<String, String> env) {
            String base = first(env, "ASSAY_LLM_BASE_URL", "OPENAI_BASE_URL");
            if (base == null) {
                return null;
            }
            String timeout = env.getOrDefault("ASSAY_LLM_TIMEOUT_S", "30").trim();
            double seconds;
            try {
                seconds = Double.parseDouble(timeout);
            } catch (NumberFormatException e) {
                throw new InvalidOptionException("ASSAY_LLM_TIMEOUT_S", timeout, "must be a number of seconds");
            }
            String model = first(env, "ASSAY_LLM_MODEL");
            URI uri;
            try {
                uri = URI.create(base.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("ASSAY_LLM_BASE_URL", base, "is not a URL");
            }
            return new Endpoint(
                    uri,
                    first(env, "ASSAY_LLM_API_KEY", "OPENAI_API_KEY"),
                    model == null ? "gpt-4o-mini" : model,
                    Duration.ofMillis(Math.round(seconds * 1000)));
        }

        private static String first(Map<String, String> env, String... names) {
            for (String n : names) {
                String v = env.get(n);
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
            return null;
        }

        /** How the summary's source names it: {@code llm:<model>}. */
        String source() {
            return "llm:" + model;
        }
    }

    private Summaries() {}

    /**
     * {@code result} with its executive summary: from {@code endpoint} when it is not null and answers in time, else
     * deterministic (the source then says why the model was not used).
     */
    public static LeakageResult summarize(LeakageResult result, Endpoint endpoint) {
        String fallback = ExecutiveSummary.deterministic(result);
        if (endpoint == null) {
            return result.withSummary(fallback, DETERMINISTIC);
        }
        try {
            String text = ask(endpoint, facts(result, fallback));
            return result.withSummary(text, endpoint.source());
        } catch (LlmFailure e) {
            return result.withSummary(
                    fallback, DETERMINISTIC + " (" + endpoint.source() + " failed: " + e.getMessage() + ")");
        }
    }

    /** The facts the model writes from: the headline numbers, money per type, top findings, skipped checks. */
    static Map<String, Object> facts(LeakageResult r, String deterministic) {
        var m = r.metrics();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("file", r.file());
        facts.put("domain", r.domain());
        facts.put("rows_analysed", m.totalRows());
        facts.put("rows_with_leakage", m.anomaliesDetected());
        facts.put("anomaly_rate", m.anomalyRate());
        facts.put("currency", m.revenueImpact().currency());
        facts.put("total_revenue_at_risk", m.revenueImpact().totalRevenueAtRisk());
        facts.put("critical_rows", m.revenueImpact().highImpactAnomalies());
        facts.put("by_type", m.revenueImpact().byType());
        facts.put("severity_breakdown", m.severityBreakdown());
        facts.put(
                "data_quality_grade",
                m.dataQuality() == null ? null : m.dataQuality().grade());
        var top = new ArrayList<Map<String, Object>>();
        for (Finding f : r.topFindings().subList(0, Math.min(10, r.topFindings().size()))) {
            var t = new LinkedHashMap<String, Object>();
            t.put("row_index", f.rowIndex());
            t.put("type", f.type());
            t.put("severity", f.severity().label());
            t.put("revenue_impact", f.revenueImpact());
            t.put("description", f.description());
            top.add(t);
        }
        facts.put("top_findings", top);
        facts.put(
                "skipped_checks",
                r.rules().stream()
                        .filter(s -> "skipped".equals(s.status()))
                        .map(s -> s.id() + ": " + s.reason())
                        .toList());
        facts.put("forecast_trend", r.forecast() == null ? null : r.forecast().trendDirection());
        facts.put("reference_summary", deterministic);
        return facts;
    }

    private static final class LlmFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LlmFailure(String message) {
            super(message);
        }
    }

    private static String ask(Endpoint endpoint, Map<String, Object> facts) throws LlmFailure {
        var body = new LinkedHashMap<String, Object>();
        body.put("model", endpoint.model());
        body.put("temperature", 0.2);
        body.put(
                "messages",
                List.of(
                        Map.of("role", "system", "content", SYSTEM_PROMPT),
                        Map.of("role", "user", "content", "Facts (JSON):\n" + Json.write(facts))));
        String base = endpoint.baseUrl().toString().replaceAll("/+$", "");
        var request = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(endpoint.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new LlmFailure("no answer within " + endpoint.timeout().toMillis() / 1000.0 + " s");
        } catch (IOException e) {
            throw new LlmFailure("cannot reach it: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmFailure("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new LlmFailure("HTTP " + response.statusCode());
        }
        try {
            JsonNode root = Json.mapper().readTree(response.body());
            String text = root.path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asString("")
                    .trim();
            if (text.isEmpty()) {
                throw new LlmFailure("empty answer");
            }
            return text.length() > 8000 ? text.substring(0, 8000) : text;
        } catch (JacksonException e) {
            throw new LlmFailure("answer is not chat-completions JSON");
        }
    }
}
