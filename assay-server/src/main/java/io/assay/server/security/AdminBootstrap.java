package io.assay.server.security;

import io.assay.server.config.ServerSettings;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At the first start (no admin key yet) creates the {@code admin} user and an admin key, and shows the key once on
 * standard output; only its hash is kept. A key given by configuration ({@code ASSAY_AUTH_ADMIN_KEY} or
 * {@code ASSAY_AUTH_ADMIN_KEY_FILE}) is installed instead and not shown.
 */
@Component
class AdminBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final ApiKeys keys;
    private final ServerSettings settings;
    private final PrintStream out;

    AdminBootstrap(ApiKeys keys, ServerSettings settings) {
        this.keys = keys;
        this.settings = settings;
        this.out = System.out;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureAdminKey() {
        if (!settings.auth().enabled()) {
            log.warn("authentication is off (--no-auth): every caller on this loopback address is an administrator");
            return;
        }
        if (keys.anyAdminKey()) {
            return;
        }
        if (keys.findUser("admin").isEmpty()) {
            keys.createUser("admin");
        }
        String given = settings.auth().adminKey();
        var created = keys.createKey(
                "admin", Role.ADMIN, "created at first start", given == null || given.isBlank() ? null : given);
        if (given != null && !given.isBlank()) {
            log.info("installed the admin API key given by configuration");
            return;
        }
        out.println();
        out.println("================================================================================");
        out.println(" Assay admin API key (shown once: store it now; only its hash is kept):");
        out.println();
        out.println("   " + created.secret());
        out.println();
        out.println(" Send it as 'Authorization: Bearer <key>'. Create keys for other users with");
        out.println(" POST /api/v1/admin/users and POST /api/v1/admin/keys.");
        out.println("================================================================================");
        out.println();
        out.flush();
        log.info("created the admin API key (shown once on standard output)");
    }
}
