package io.assay.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.assay.core.json.Json;
import io.assay.leakage.LeakageResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The executive summary: deterministic and specific by default; written by a model behind an OpenAI-compatible
 * endpoint when configured (a fake one on a local port here), falling back to the deterministic text on errors and
 * timeouts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummariesTest {

    LeakageResult result;
    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    void analyse(@TempDir Path dir) {
        result = Results.retail(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        requests.clear();
    }

    private Summaries.Endpoint serve(int status, String body, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(Json.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            assertThat(exchange.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer test-key");
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Summaries.Endpoint.fromEnvironment(Map.of(
                "ASSAY_LLM_BASE_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/",
                "ASSAY_LLM_API_KEY",
                "test-key",
                "ASSAY_LLM_MODEL",
                "fake-model",
                "ASSAY_LLM_TIMEOUT_S",
                "1"));
    }

    @Nested
    class Deterministic {

        @Test
        void namesTheMoneyTheTopTypesAndWhereToLookFirst() {
            String s = ExecutiveSummary.deterministic(result);
            var money = result.metrics().revenueImpact();
            assertThat(s).contains(ExecutiveSummary.amount(money.totalRevenueAtRisk()) + " USD");
            assertThat(s).contains(money.byType().keySet().iterator().next().replace('_', ' '));
            assertThat(s)
                    .contains("Look first at 1) row "
                            + result.topFindings().getFirst().rowIndex());
            assertThat(s).isEqualTo(ExecutiveSummary.deterministic(result));
        }

        @Test
        void countsLeakingRowsApartFromRowsThatAreOnlyUnusual() {
            long leaking = result.findings().stream()
                    .filter(f -> !f.type().equals("unusual_pattern"))
                    .map(io.assay.leakage.Finding::rowIndex)
                    .distinct()
                    .count();
            long unusual = result.metrics().anomaliesDetected() - leaking;
            assertThat(unusual)
                    .as("the generated file has rows only the detector flags")
                    .isPositive();
            assertThat(ExecutiveSummary.deterministic(result))
                    .contains(String.format(
                            java.util.Locale.ROOT,
                            "%,d of %,d retail rows",
                            leaking,
                            result.metrics().totalRows()))
                    .contains(String.format(
                            java.util.Locale.ROOT,
                            "%,d more row(s) (%s) show unusual patterns that no rule explains",
                            unusual,
                            ExecutiveSummary.rowShare(unusual, result.metrics().totalRows())));
        }

        @Test
        void aFileWithOnlyUnusualRowsIsNotSaidToLeak() {
            // BigML's telecom file: no rule fires, the detector points at a few rows; no money is at risk
            var telecom = Results.analyse(
                    io.assay.testkit.SharedData.file("domains/telecom_usage_charges_churn_bigml.csv"), "telecom");
            assertThat(telecom.findings()).isNotEmpty().allMatch(f -> f.type().equals("unusual_pattern"));
            assertThat(ExecutiveSummary.deterministic(telecom))
                    .contains("no revenue leakage found by the rules or the leak model")
                    .contains("show unusual patterns that no rule explains")
                    .doesNotContain("show revenue leakage");
        }

        @Test
        void isUsedWhenNoEndpointIsConfigured() {
            assertThat(Summaries.Endpoint.fromEnvironment(Map.of())).isNull();
            var r = Summaries.summarize(result, null);
            assertThat(r.summarySource()).isEqualTo("deterministic");
            assertThat(r.summary()).isEqualTo(ExecutiveSummary.deterministic(result));
        }
    }

    @Nested
    class Llm {

        @Test
        void writesTheSummaryFromTheFacts() throws Exception {
            var endpoint = serve(
                    200,
                    "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"  Leakage is concentrated in price below cost. \"},"
                            + "\"finish_reason\":\"stop\"}]}",
                    0);
            var r = Summaries.summarize(result, endpoint);
            assertThat(r.summary()).isEqualTo("Leakage is concentrated in price below cost.");
            assertThat(r.summarySource()).isEqualTo("llm:fake-model");
            JsonNode sent = requests.getFirst();
            assertThat(sent.get("model").asString()).isEqualTo("fake-model");
            String facts = sent.get("messages").get(1).get("content").asString();
            assertThat(facts)
                    .contains("total_revenue_at_risk")
                    .contains(Double.toString(result.metrics().revenueImpact().totalRevenueAtRisk()));
        }

        @Test
        void fallsBackWhenTheEndpointFails() throws Exception {
            var r = Summaries.summarize(result, serve(500, "{\"error\":\"down\"}", 0));
            assertThat(r.summary()).isEqualTo(ExecutiveSummary.deterministic(result));
            assertThat(r.summarySource()).startsWith("deterministic").contains("HTTP 500");
        }

        @Test
        void fallsBackWhenTheEndpointIsTooSlow() throws Exception {
            long start = System.nanoTime();
            var r = Summaries.summarize(result, serve(200, "{}", 3_000));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
            assertThat(r.summary()).isEqualTo(ExecutiveSummary.deterministic(result));
            assertThat(r.summarySource()).contains("no answer within 1.0 s");
        }

        @Test
        void fallsBackOnAnEmptyOrMalformedAnswer() throws Exception {
            assertThat(Summaries.summarize(result, serve(200, "{\"choices\":[]}", 0))
                            .summarySource())
                    .contains("empty answer");
            stop();
            assertThat(Summaries.summarize(result, serve(200, "not json", 0)).summarySource())
                    .contains("not chat-completions JSON");
        }

        @Test
        void fallsBackWhenNothingListens() {
            var endpoint =
                    new Summaries.Endpoint(URI.create("http://127.0.0.1:9/v1"), null, "m", Duration.ofSeconds(1));
            assertThat(Summaries.summarize(result, endpoint).summarySource()).contains("cannot reach it");
        }
    }
}
