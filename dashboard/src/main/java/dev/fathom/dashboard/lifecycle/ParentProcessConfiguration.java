package dev.fathom.dashboard.lifecycle;

import dev.fathom.dashboard.config.DashboardProperties;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With {@code fathom.parent-pid} set, the dashboard stops itself when that process is gone. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("fathom.parent-pid")
class ParentProcessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessConfiguration.class);

    @Bean(destroyMethod = "close")
    ParentProcessWatch parentProcessWatch(DashboardProperties properties, ConfigurableApplicationContext context) {
        long pid = Objects.requireNonNull(properties.parentPid(), "fathom.parent-pid is set but has no value");
        log.info("will stop when process {} is gone", pid);
        return new ParentProcessWatch(pid, Duration.ofSeconds(1), () -> {
            log.info("parent process {} is gone; shutting down", pid);
            // Closes the context (graceful web server shutdown) and then ends the JVM with its exit code.
            System.exit(SpringApplication.exit(context));
        });
    }
}
