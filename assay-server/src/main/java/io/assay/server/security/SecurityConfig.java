package io.assay.server.security;

import io.assay.server.config.ServerSettings;
import io.assay.server.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what: public health, docs and dashboard; reading for every role; creating and changing for analysts
 * and admins; key management and metrics for admins. Stateless (API keys, no cookies, so no CSRF tokens), CORS only
 * for configured origins, security headers on every response, and problem+json for 401 and 403.
 */
@Configuration
class SecurityConfig {

    static final String[] PUBLIC = {
        "/",
        "/index.html",
        "/favicon.ico",
        "/health",
        "/actuator/health",
        "/actuator/health/**",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/v3/api-docs.yaml",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/error"
    };

    @Bean
    SecurityFilterChain api(
            HttpSecurity http, ApiKeys keys, ServerSettings settings, Problems problems, RateLimits limits)
            throws Exception {
        var keyFilter = new ApiKeyFilter(keys, settings, problems);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(c -> c.configurationSource(cors(settings)))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                        + " script-src 'self'; object-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(keyFilter, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limits, problems), ApiKeyFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(PUBLIC)
                        .permitAll()
                        .requestMatchers("/api/v1/admin/**", "/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/**")
                        .hasAnyRole(Role.VIEWER.name(), Role.ANALYST.name(), Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/v1/models/*/predict", "/predict")
                        .hasAnyRole(Role.VIEWER.name(), Role.ANALYST.name(), Role.ADMIN.name())
                        .anyRequest()
                        .hasAnyRole(Role.ANALYST.name(), Role.ADMIN.name()))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problems.write(
                                problems.problem(
                                        HttpStatus.UNAUTHORIZED,
                                        "unauthenticated",
                                        "an API key is required: send 'Authorization: Bearer KEY'",
                                        request),
                                response))
                        .accessDeniedHandler((request, response, ex) -> problems.write(
                                problems.problem(
                                        HttpStatus.FORBIDDEN,
                                        "forbidden",
                                        "this API key's role may not do that",
                                        request),
                                response)));
        return http.build();
    }

    private static CorsConfigurationSource cors(ServerSettings settings) {
        var source = new UrlBasedCorsConfigurationSource();
        if (!settings.cors().allowedOrigins().isEmpty()) {
            var c = new CorsConfiguration();
            c.setAllowedOrigins(settings.cors().allowedOrigins());
            c.addAllowedMethod("*");
            c.addAllowedHeader("*");
            c.addExposedHeader("X-Request-Id");
            c.addExposedHeader("Retry-After");
            c.setMaxAge(3600L);
            source.registerCorsConfiguration("/**", c);
        }
        return source;
    }

    /** No users with passwords: only API keys. */
    @Bean
    UserDetailsService noPasswordUsers() {
        return name -> {
            throw new UsernameNotFoundException("Assay authenticates with API keys only");
        };
    }
}
