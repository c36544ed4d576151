package io.assay.server.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request and response bodies are JSON only. Spring registers a YAML converter whenever a YAML library is on the class
 * path (the API docs bring one), but that converter's mapper knows nothing of the service's JSON settings (snake_case
 * names, unknown fields refused), so a YAML body would be read with other field names and other rules than the same
 * body in JSON; a 415 therefore names only the JSON types.
 */
@Configuration
class BodyFormats implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters ->
                converters.removeIf(c -> c.getSupportedMediaTypes().stream()
                        .anyMatch(type -> type.getSubtype().contains("yaml"))));
    }
}
