package dev.fathom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationConfiguration;
import dev.fathom.dashboard.security.FirstRunAdmin;
import jakarta.servlet.ServletContext;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Boots the real application (production-mode Vaadin, Tomcat, Spring Security) with no users
 * configured and asks for pages over HTTP. ClickHouse is deliberately absent: pages must still be
 * served, and a failed audit write must not block a login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fathom.clickhouse.url=http://127.0.0.1:9", "fathom.data-dir=target/dashboard-application-test"})
class DashboardApplicationTest {

    static final Path PASSWORD_FILE = Path.of("target/dashboard-application-test", FirstRunAdmin.FILE_NAME);
    static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    ServletContext servletContext;

    final HttpClient anonymous = HttpClient.newHttpClient();

    HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnonymousUserIsSentToLoginFromEveryPage() throws Exception {
        for (String path : new String[] {"/", "/cost", "/alerts?range=7d", "/timeline"}) {
            HttpResponse<String> page = get(anonymous, path);
            assertThat(page.statusCode()).as(path).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).as(path).hasValue("http://127.0.0.1:" + port + "/login");
        }
        HttpResponse<String> login = get(anonymous, "/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<!doctype html>").contains("VAADIN/build/");
    }

    @Test
    void theFirstRunAdminLogsInWithThePasswordFromItsFileAndGetsThePages() throws Exception {
        String password = Files.readString(PASSWORD_FILE).trim();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        assertThat(login(browser, "admin", "wrong").headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/login?error");
        HttpResponse<String> ok = login(browser, "admin", password);
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/");

        assertThat(get(browser, "/").statusCode()).isEqualTo(200);
        assertThat(get(browser, "/cost").statusCode()).isEqualTo(200);
        assertThat(get(browser, "/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode()).isEqualTo(200);
        assertThat(get(browser, "/js/fathom-echart.js").body()).contains("customElements.define('fathom-echart'");
    }

    @Test
    void vaadinRunsInProductionModeAndChartScriptsAreCachedAndCompressed() throws Exception {
        // The tests run the app from target/classes, ./fathom up from the jar: both in production mode.
        assertThat(ApplicationConfiguration.get(new VaadinServletContext(servletContext)).isProductionMode()).isTrue();

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        login(browser, "admin", Files.readString(PASSWORD_FILE).trim());
        HttpResponse<byte[]> echarts = browser.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webjars/echarts/5.3.1/dist/echarts.min.js"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000"));
        assertThat(echarts.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(echarts.body().length).isLessThan(500_000);
        HttpResponse<String> element = get(browser, "/js/fathom-echart.js");
        assertThat(element.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    HttpResponse<String> login(HttpClient browser, String user, String password) throws Exception {
        Matcher csrf = CSRF.matcher(get(browser, "/login").body());
        assertThat(csrf.find()).as("the login page carries Spring's CSRF token").isTrue();
        return post(browser, "/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1)));
    }

    HttpResponse<String> post(HttpClient browser, String path, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
