package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.server.security.ApiKeys;
import io.assay.server.security.Role;
import org.junit.jupiter.api.Test;

/**
 * A secret presented before its key exists (a client polling with the configured admin key while the service starts)
 * works as soon as the key is created, not only once the refusal has left the 30-second cache.
 */
class KeyCreatedAfterRefusalTest {

    @Test
    void aKeyWorksAtOnceAfterItsSecretWasRefused() {
        var keys = TestServer.shared(Database.SQLITE).bean(ApiKeys.class);
        String secret = "assay_presented-before-it-existed-0001";
        assertThat(keys.authenticate(secret)).as("not a key yet").isEmpty();

        keys.createUser("early-poller");
        keys.createKey("early-poller", Role.ANALYST, "test", secret);

        assertThat(keys.authenticate(secret))
                .as("the cached refusal is forgotten")
                .isPresent();
    }
}
