package io.assay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A domain's hint written with the command's options reads in the request's fields over HTTP. */
class HttpWordsTest {

    @Test
    void commandLineOptionsBecomeTheRequestsFields() {
        assertThat(HttpWords.of("retail analysis needs a 'category' column, but none of the file's columns is named"
                        + " category, product_line (map one with --map category=COLUMN); the file has: a, b"))
                .isEqualTo("retail analysis needs a 'category' column, but none of the file's columns is named"
                        + " category, product_line (map one with \"mapping\": {\"category\": \"COLUMN\"}); the file"
                        + " has: a, b");
        assertThat(HttpWords.of("xgboost learns from a target column: name it with --target"))
                .isEqualTo("xgboost learns from a target column: name it with 'target'");
        assertThat(HttpWords.of("no order column; name it (--order COLUMN, --item COLUMN). Columns: x"))
                .isEqualTo("no order column; name it ('mapping.order', 'mapping.item'). Columns: x");
        assertThat(HttpWords.of("invalid --param '[a]': cannot be combined with --model (the detector is fitted)"))
                .isEqualTo("invalid 'params' '[a]': cannot be combined with 'model' (the detector is fitted)");
        assertThat(HttpWords.of("churn@1 is a recommender, not an anomaly detector; train one with assay detect FILE"
                        + " --save NAME"))
                .endsWith("train one with POST /api/v1/detections with \"save\": NAME");
        assertThat(HttpWords.of("churn@1 is production and cannot become archived: promote another version first, or"
                        + " delete the whole model with --force"))
                .endsWith("or delete the whole model with the query parameter force=true");
        assertThat(HttpWords.of(
                        "no label column (leak_type, label) and no truth file x.truth.csv; name one with --label or"
                                + " --truth"))
                .endsWith("no truth file x.truth.csv; name one with 'label'");
    }

    @Test
    void otherTextIsLeftAlone() {
        assertThat(HttpWords.of("the range 1--5 and a-b--c stay; so does x -- y"))
                .isEqualTo("the range 1--5 and a-b--c stay; so does x -- y");
        assertThat(HttpWords.of(null)).isNull();
    }
}
