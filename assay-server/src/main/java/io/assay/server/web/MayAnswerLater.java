package io.assay.server.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation that answers 200 with its result when the work is quick (or finished within the wait) and 202
 * with a job to poll otherwise; {@link ApiDocs} documents both answers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MayAnswerLater {

    /** What the 202 answer holds, e.g. "dataset_id given: the prediction job". */
    String value();
}
