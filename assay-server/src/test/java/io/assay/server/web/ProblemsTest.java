package io.assay.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A body of the wrong shape is explained by field and need, in words, without Java type names. */
class ProblemsTest {

    enum Kind {
        RETAIL,
        TELECOM
    }

    record Body(Integer rows, List<Map<String, Object>> items, Boolean explain, Kind kind, List<Long> ids) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static String reason(String body) {
        var e = catchThrowableOfType(JacksonException.class, () -> JSON.readValue(body, Body.class));
        assertThat(e).as(body).isNotNull();
        return Problems.reason(new HttpMessageNotReadableException("unreadable", e, null));
    }

    @Test
    void wrongTypesAreNamedByFieldAndNeedInWords() {
        assertThat(reason("{\"rows\":999999999999}")).isEqualTo(": 'rows' is too large");
        assertThat(reason("{\"rows\":-999999999999}")).isEqualTo(": 'rows' is too small");
        assertThat(reason("{\"rows\":\"lots\"}")).isEqualTo(": 'rows' must be a whole number");
        assertThat(reason("{\"items\":\"x\"}")).isEqualTo(": 'items' must be a list of objects");
        assertThat(reason("{\"items\":[1]}")).isEqualTo(": 'items[0]' must be an object");
        assertThat(reason("{\"explain\":\"maybe\"}")).isEqualTo(": 'explain' must be true or false");
        assertThat(reason("{\"ids\":[\"a\"]}")).isEqualTo(": 'ids[0]' must be a whole number");
        assertThat(reason("{\"kind\":\"bakery\"}")).isEqualTo(": 'kind' must be one of [RETAIL, TELECOM]");
        assertThat(reason("{\"nope\":1}"))
                .isEqualTo(": unknown field 'nope' (allowed: rows, items, explain, kind, ids)");
        assertThat(reason("[1]")).isEqualTo(": the body must be an object");
    }

    @Test
    void noMessageNamesAJavaType() {
        for (String body : List.of(
                "{\"rows\":999999999999}", "{\"rows\":\"lots\"}", "{\"items\":\"x\"}", "[1]", "{\"kind\":\"x\"}")) {
            assertThat(reason(body))
                    .as(body)
                    .doesNotContain("java")
                    .doesNotContain("`")
                    .doesNotContain("io.assay");
        }
    }

    record Checked(String task) {
        Checked {
            if (task != null) {
                io.assay.ml.Task.parse(task);
            }
        }
    }

    @Test
    void aValueTheRequestItselfRefusesKeepsItsReason() {
        var e = catchThrowableOfType(
                JacksonException.class, () -> JSON.readValue("{\"task\":\"guess\"}", Checked.class));
        assertThat(Problems.reason(new HttpMessageNotReadableException("unreadable", e, null)))
                .isEqualTo(": invalid task 'guess': use classification, regression, clustering, anomaly_detection or"
                        + " recommendation");
    }

    @Test
    void syntaxErrorsKeepTheParsersFirstLine() {
        assertThat(reason("{not json")).startsWith(": Unexpected character");
    }

    @Test
    void validatedFieldsAreNamedAsTheBodyNamesThem() {
        assertThat(Problems.snakeCase("datasetId")).isEqualTo("dataset_id");
        assertThat(Problems.snakeCase("threshold.ruleName")).isEqualTo("threshold.rule_name");
        assertThat(Problems.snakeCase("rows[0]")).isEqualTo("rows[0]");
        assertThat(Problems.snakeCase("params[maxDepth]"))
                .as("a map key stays as sent")
                .isEqualTo("params[maxDepth]");
    }
}
