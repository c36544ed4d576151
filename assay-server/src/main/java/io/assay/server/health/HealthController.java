package io.assay.server.health;

import io.assay.app.AssayHome;
import io.assay.core.AssayVersion;
import io.assay.server.jobs.Jobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} in the seed systems' shape: status, timestamp, version, models loaded, active sessions, disk,
 * memory and uptime. {@code unhealthy} (503) when the database does not answer or the disk is nearly full.
 * Orchestrators should use {@code /actuator/health/liveness} and {@code /actuator/health/readiness}.
 */
@RestController
@Tag(name = "health")
class HealthController {

    /** Below this much free space in the data directory the service reports itself unhealthy. */
    private static final long MIN_FREE_BYTES = 100L * 1024 * 1024;

    private final JdbcClient db;
    private final AssayHome home;
    private final Jobs jobs;
    private final Clock clock;
    private final IntSupplier modelsLoaded;
    private final Instant started;

    HealthController(JdbcClient db, AssayHome home, Jobs jobs, Clock clock, ModelsLoaded modelsLoaded) {
        this.db = db;
        this.home = home;
        this.jobs = jobs;
        this.clock = clock;
        this.modelsLoaded = modelsLoaded;
        this.started = clock.instant();
    }

    @GetMapping("/health")
    @Operation(summary = "Service health (seed-compatible shape)")
    ResponseEntity<Map<String, Object>> health() {
        var body = new LinkedHashMap<String, Object>();
        boolean database;
        int sessions = 0;
        try {
            sessions =
                    db.sql("SELECT COUNT(*) FROM datasets").query(Integer.class).single();
            database = true;
        } catch (RuntimeException e) {
            database = false;
        }
        var disk = new LinkedHashMap<String, Object>();
        boolean diskOk = true;
        try {
            var store = Files.getFileStore(home.root());
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            disk.put("free_bytes", free);
            disk.put("total_bytes", total);
            disk.put("used_percent", total == 0 ? 0 : Math.round(1000.0 * (total - free) / total) / 10.0);
            diskOk = free >= MIN_FREE_BYTES;
        } catch (IOException e) {
            disk.put("error", "cannot read the data directory's file system");
            diskOk = false;
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        var rt = Runtime.getRuntime();
        boolean healthy = database && diskOk;
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("timestamp", clock.instant().toString());
        body.put("version", AssayVersion.get());
        body.put("models_loaded", modelsLoaded.getAsInt());
        body.put("active_sessions", sessions);
        body.put("active_jobs", database ? jobs.active() : 0);
        body.put("database", database ? "up" : "down");
        body.put("disk_space", disk);
        body.put(
                "memory_usage",
                Map.of(
                        "heap_used_bytes", heap.getUsed(),
                        "heap_max_bytes", heap.getMax(),
                        "process_total_bytes", rt.totalMemory()));
        long up = Duration.between(started, clock.instant()).toSeconds();
        body.put("uptime_seconds", up);
        body.put("uptime", Duration.ofSeconds(up).toString().substring(2).toLowerCase(java.util.Locale.ROOT));
        return ResponseEntity.status(healthy ? 200 : 503).body(body);
    }
}
