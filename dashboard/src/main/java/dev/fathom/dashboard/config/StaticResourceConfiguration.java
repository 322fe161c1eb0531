package dev.fathom.dashboard.config;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How long browsers keep the chart scripts. ECharts (1 MB) is fetched and compiled on every page
 * load without a cache header; its WebJar path carries its version, so it is cached for a year
 * (and Chrome then also keeps its compiled code). Fathom's own chart element has no version in its
 * path, so browsers revalidate it (a 304 when unchanged) and never run an old one after an upgrade.
 * Registered before Spring Boot's handlers, which then leave {@code /webjars/**} alone.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StaticResourceConfiguration implements WebMvcConfigurer {

    static final Duration VERSIONED = Duration.ofDays(365);

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(VERSIONED).cachePublic());
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/META-INF/resources/js/")
                .setCacheControl(CacheControl.noCache());
    }
}
