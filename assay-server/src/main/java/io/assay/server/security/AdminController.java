package io.assay.server.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/admin}: users and their API keys (admin keys only). */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "admin", description = "Users and API keys (admin role)")
class AdminController {

    record NewUser(@NotBlank String name) {}

    /** @param role admin, analyst or viewer */
    record NewKey(@NotBlank String user, @NotBlank String role, String label) {}

    private final ApiKeys keys;

    AdminController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping("/users")
    @Operation(summary = "Create a user (an owner of datasets, analyses and models)")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.User createUser(@Valid @RequestBody NewUser body) {
        return keys.createUser(body.name());
    }

    @GetMapping("/users")
    @Operation(summary = "Every user")
    List<ApiKeys.User> users() {
        return keys.users();
    }

    @PostMapping("/keys")
    @Operation(summary = "Create an API key for a user; the secret is in this response only")
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.NewKey createKey(@Valid @RequestBody NewKey body) {
        return keys.createKey(body.user(), Role.parse(body.role()), body.label(), null);
    }

    @GetMapping("/keys")
    @Operation(summary = "Every live key (never the secret)")
    List<ApiKeys.KeyInfo> list() {
        return keys.keys();
    }

    @DeleteMapping("/keys/{id}")
    @Operation(summary = "Revoke a key; it stops working at once")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
