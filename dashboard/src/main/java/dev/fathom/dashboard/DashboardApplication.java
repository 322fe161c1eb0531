package dev.fathom.dashboard;

import dev.fathom.dashboard.config.DashboardProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;

/** The Fathom web UI: one Spring Boot process that reads ClickHouse and serves Vaadin views. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DashboardApplication {

    private static final Logger log = LoggerFactory.getLogger(DashboardApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }

    /** One line that says where to point the browser; `./fathom up` and people both look for it. */
    @EventListener
    void logWhereToBrowse(ApplicationReadyEvent event) {
        DashboardProperties properties = event.getApplicationContext().getBean(DashboardProperties.class);
        String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "localhost");
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        log.info("Fathom dashboard is up at http://{}:{}/ (ClickHouse {}, database {})",
                host, port, properties.clickhouse().url(), properties.clickhouse().database());
    }
}
