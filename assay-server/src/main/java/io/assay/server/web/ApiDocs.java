package io.assay.server.web;

import io.assay.core.AssayVersion;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * What {@code /v3/api-docs} (and so Swagger UI) says about the service beyond the controllers' own annotations: its
 * name and version, the API key (sent as {@code Authorization: Bearer KEY}, so Swagger UI has an Authorize button)
 * required everywhere except health and the docs, and the RFC 9457 problem+json answers every operation can give.
 */
@Configuration
class ApiDocs {

    static final String API_KEY = "apiKey";
    private static final String PROBLEM = "Problem";
    private static final List<String> PUBLIC = List.of("/health");

    @Bean
    OpenAPI assayApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Assay API")
                        .version(AssayVersion.get())
                        .description("Revenue leakage and anomaly analyses, tabular model training, versioning and"
                                + " prediction, and customer analytics on uploaded tables. Long work answers 202"
                                + " with a job to poll at /api/v1/jobs/{id}. Every call except health and these"
                                + " docs needs an API key: Authorization: Bearer KEY (Authorize above). Errors are"
                                + " application/problem+json with a stable type urn:assay:problem:<code>. Field"
                                + " names are snake_case; an unknown field is refused (400 malformed-body).")
                        .license(new License().name("GPL-3.0-or-later").url("https://www.gnu.org/licenses/gpl-3.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API key: the admin key printed at the first start, or one an"
                                                + " admin created (POST /api/v1/admin/keys). X-API-Key: KEY works"
                                                + " too.")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }

    /**
     * Schemas with the names the service reads and writes: snake_case, as {@code spring.jackson.property-naming-strategy}
     * (swagger-core reads types with a Jackson 2 mapper of its own, which knows nothing of the service's Jackson 3 one).
     */
    @Bean
    ModelResolver snakeCaseSchemas() {
        return new ExplicitArrayBounds(io.swagger.v3.core.util.Json.mapper()
                .copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }

    /**
     * Reads types as swagger-core does, except that an {@code @ArraySchema(minItems = 1)} beside {@code @Size(max =
     * N)} keeps its lower bound (swagger-core lets the bean-validation annotation's default minimum, 0, win), so that a
     * list the server refuses empty is documented with {@code minItems: 1}.
     */
    private static final class ExplicitArrayBounds extends ModelResolver {

        ExplicitArrayBounds(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            super(mapper);
        }

        @Override
        @SuppressWarnings("rawtypes") // swagger-core's signature
        protected boolean applyBeanValidatorAnnotations(
                com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition definition,
                Schema property,
                Annotation[] annotations,
                Schema parent,
                boolean applyNotNullAnnotations) {
            boolean applied = super.applyBeanValidatorAnnotations(
                    definition, property, annotations, parent, applyNotNullAnnotations);
            if (annotations != null && property != null) {
                for (Annotation a : annotations) {
                    if (a instanceof ArraySchema array && array.minItems() != Integer.MAX_VALUE) {
                        property.setMinItems(array.minItems());
                    }
                }
            }
            return applied;
        }
    }

    static {
        // a JSON tree in a body (e.g. the seed's rows as arrays or objects) is any JSON value, not an object of getters
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>().description("any JSON value"));
    }

    /**
     * An operation that may answer later: its 202 beside its 200; one that answers with no body
     * ({@code ResponseEntity<Void>}, e.g. every delete): 204 instead of 200.
     */
    @Bean
    OperationCustomizer answersLater() {
        return (operation, handler) -> {
            if (answersNoContent(handler.getReturnType().getGenericParameterType())
                    && operation.getResponses() != null
                    && operation.getResponses().remove("200") != null) {
                operation.getResponses().addApiResponse("204", new ApiResponse().description("No Content: done"));
            }
            MayAnswerLater later = handler.getMethodAnnotation(MayAnswerLater.class);
            if (later != null && operation.getResponses() != null) {
                var ok = operation.getResponses().get("200");
                operation
                        .getResponses()
                        .addApiResponse(
                                "202",
                                new ApiResponse()
                                        .description("Accepted: " + later.value())
                                        .content(ok == null ? null : ok.getContent()));
            }
            return operation;
        };
    }

    /** {@code ResponseEntity<Void>}: an answer with a status and no body. */
    static boolean answersNoContent(Type type) {
        return type instanceof ParameterizedType p
                && p.getRawType() == ResponseEntity.class
                && p.getActualTypeArguments()[0] == Void.class;
    }

    /** Marks the public operations as such and documents the problem+json answers of every operation. */
    @Bean
    OpenApiCustomizer problemsAndPublicRoutes() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getPaths().forEach((path, item) -> document(path, item));
            plainValues(api);
        };
    }

    /**
     * A request body's map of names to {@code Object} (hyperparameters, a row to predict) takes plain values: text, a
     * number, true/false or null, never an object or a list (the server refuses or cannot read those), whereas
     * swagger-core calls {@code Object} an object.
     */
    @SuppressWarnings("rawtypes") // swagger-core's schema properties are raw
    private static void plainValues(OpenAPI api) {
        var schemas = api.getComponents().getSchemas();
        var names = new java.util.LinkedHashSet<String>();
        api.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(op -> {
                    if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                        op.getRequestBody()
                                .getContent()
                                .values()
                                .forEach(m -> referenced(m.getSchema(), schemas, names));
                    }
                }));
        for (String name : names) {
            Map<String, Schema> properties = schemas.get(name).getProperties();
            if (properties == null) {
                continue;
            }
            properties.values().forEach(p -> {
                Schema<?> map = p.getItems() != null ? p.getItems() : p;
                if (map.getAdditionalProperties() instanceof Schema<?> value
                        && "object".equals(value.getType())
                        && value.getProperties() == null
                        && value.get$ref() == null) {
                    map.setAdditionalProperties(plainValue());
                }
            });
        }
    }

    /** The component schemas {@code schema} refers to, directly or through their properties and items. */
    @SuppressWarnings("rawtypes") // swagger-core's schema properties are raw
    private static void referenced(Schema<?> schema, Map<String, Schema> schemas, java.util.Set<String> out) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (schemas.containsKey(name) && out.add(name)) {
                referenced(schemas.get(name), schemas, out);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> referenced(p, schemas, out));
        }
        referenced(schema.getItems(), schemas, out);
    }

    private static Schema<?> plainValue() {
        return new Schema<>()
                .types(new java.util.LinkedHashSet<>(List.of("string", "number", "boolean", "null")))
                .description("text, a number or true/false (not an object or a list)");
    }

    private static void document(String path, PathItem item) {
        boolean open = PUBLIC.contains(path);
        item.readOperationsMap().forEach((method, op) -> {
            if (open) {
                op.setSecurity(List.of());
            }
            document(op, method, open);
        });
    }

    private static void document(Operation op, PathItem.HttpMethod method, boolean open) {
        if (op.getResponses() == null) {
            op.setResponses(new ApiResponses());
        }
        var responses = op.getResponses();
        var ok = responses.get("200");
        if (ok != null
                && ok.getContent() != null
                && ok.getContent().values().stream()
                        .anyMatch(m -> m.getSchema() != null
                                && "binary".equals(m.getSchema().getFormat()))) {
            ok.setContent(new Content()
                    .addMediaType(
                            "application/octet-stream", new MediaType().schema(new StringSchema().format("binary"))));
        }
        boolean multipart = op.getRequestBody() != null
                && op.getRequestBody().getContent() != null
                && op.getRequestBody().getContent().containsKey("multipart/form-data");
        boolean changes = method != PathItem.HttpMethod.GET;
        add(responses, "400", "Bad request: a missing or invalid parameter or body field, named in the detail");
        if (!open) {
            add(responses, "401", "No API key, or one that is not valid");
            add(responses, "403", "This API key's role may not do that");
            add(responses, "404", "No such resource, or it is someone else's");
            add(responses, "429", "Too many requests for this API key: wait for Retry-After seconds");
        }
        if (changes && !open) {
            add(responses, "409", "Conflict with the resource's state (e.g. a dataset still being read: Retry-After)");
        }
        if (multipart) {
            add(
                    responses,
                    "413",
                    "The upload is larger than the limit, or one part's headers or the number of parts is (the detail"
                            + " says which)");
            add(responses, "415", "The upload's content is not a supported table format");
        }
        add(responses, "500", "Internal error; the detail gives a request id to quote");
    }

    private static void add(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(
                    status,
                    new ApiResponse()
                            .description(description)
                            .content(new Content()
                                    .addMediaType(
                                            "application/problem+json",
                                            new MediaType()
                                                    .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
    }

    @SuppressWarnings("rawtypes") // swagger-core's schema properties are raw
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new java.util.LinkedHashMap<>();
        properties.put("type", new StringSchema().example("urn:assay:problem:model-not-found"));
        properties.put("title", new StringSchema().example("Not Found"));
        properties.put("status", new IntegerSchema().example(404));
        properties.put("detail", new StringSchema().example("no model churn; models: members"));
        properties.put("instance", new StringSchema().example("/api/v1/models/churn"));
        properties.put("request_id", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details: a stable type, the status and a one-line detail")
                .properties(properties);
    }
}
