package dev.fathom.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The session cookie's attributes and the session timeout, over real HTTP against the real
 * application behind a (simulated) TLS-terminating reverse proxy: the proxy's
 * {@code X-Forwarded-Proto: https} makes the cookie Secure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fathom.clickhouse.url=http://127.0.0.1:9", "fathom.data-dir=target/session-security-test",
        "server.forward-headers-strategy=native", "server.servlet.session.timeout=3s"})
class SessionSecurityTest {

    static final Path PASSWORD_FILE = Path.of("target/session-security-test", FirstRunAdmin.FILE_NAME);
    static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private HttpResponse<String> get(HttpClient http, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> sessionCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("FATHOMSESSION=")).toList();
    }

    @Test
    void overPlainHttpTheCookieIsHttpOnlyAndSameSiteButNotSecure() throws Exception {
        List<String> cookies = sessionCookies(get(HttpClient.newHttpClient(), "/"));
        assertThat(cookies).singleElement().satisfies(cookie -> assertThat(cookie)
                .contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Secure"));
    }

    @Test
    void behindAnHttpsProxyTheCookieIsSecure() throws Exception {
        HttpResponse<String> page = get(HttpClient.newHttpClient(), "/", "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
        assertThat(sessionCookies(page)).singleElement().satisfies(cookie -> assertThat(cookie)
                .contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax"));
        // Redirects keep the scheme the user sees.
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    }

    @Test
    void aSignedInSessionEndsAfterTheTimeoutWithoutUse() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Matcher csrf = CSRF.matcher(get(browser, "/login").body());
        assertThat(csrf.find()).isTrue();
        String form = "username=admin&password=" + encode(Files.readString(PASSWORD_FILE).trim()) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/");
        // A new session id after login (no session fixation), with the same attributes.
        assertThat(sessionCookies(login)).singleElement().satisfies(c -> assertThat(c).contains("; HttpOnly").contains("; SameSite=Lax"));

        assertThat(get(browser, "/").statusCode()).isEqualTo(200);
        Thread.sleep(1_500);
        assertThat(get(browser, "/").statusCode()).as("used within the timeout: still signed in").isEqualTo(200);
        Thread.sleep(4_500);
        HttpResponse<String> expired = get(browser, "/");
        assertThat(expired.statusCode()).as("idle past the timeout").isEqualTo(302);
        assertThat(expired.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/login");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
