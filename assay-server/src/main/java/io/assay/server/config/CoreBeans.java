package io.assay.server.config;

import io.assay.app.Assay;
import io.assay.app.AssayHome;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The use-case facade the service calls, opened on the data directory, and the clock. */
@Configuration
class CoreBeans {

    @Bean
    AssayHome assayHome(ServerSettings settings) {
        return new AssayHome(settings.dataDir()).ensure();
    }

    @Bean(destroyMethod = "close")
    Assay assay(AssayHome home) {
        return Assay.open(home, Assay.Engine.fromEnvironment(System.getenv()));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
