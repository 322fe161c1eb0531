package dev.fathom.collectors.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    private static PrometheusFamily family(PrometheusTextParser.Result result, String name) {
        return result.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void helpTypeEscapesSpecialValuesAndTimestamps() {
        String text = """
                # HELP http_requests_total The total number of HTTP requests.\\nSecond line with a \\\\ backslash.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                # A normal comment.
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                # TYPE weird gauge
                weird{a="x",} +Inf
                weird{a="y"} -Inf
                weird{a="z"} NaN
                """;
        PrometheusTextParser.Result result = PrometheusTextParser.parse(text, "example");
        assertThat(result.errors()).isEmpty();
        PrometheusFamily requests = family(result, "http_requests_total");
        assertThat(requests.type()).isEqualTo(PrometheusFamily.Type.COUNTER);
        assertThat(requests.help()).isEqualTo("The total number of HTTP requests.\nSecond line with a \\ backslash.");
        assertThat(requests.samples()).hasSize(2);
        assertThat(requests.samples().get(0).labels()).containsExactly(Map.entry("method", "post"), Map.entry("code", "200"));
        assertThat(requests.samples().get(1).value()).isEqualTo(3);
        assertThat(requests.samples().get(1).timestampMillis()).isEqualTo(1395066363000L);

        PrometheusSample file = family(result, "msdos_file_access_time_seconds").samples().get(0);
        assertThat(file.labels().get("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(file.labels().get("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(file.value()).isEqualTo(1.458255915e9);
        assertThat(file.timestampMillis()).isNull();
        assertThat(family(result, "metric_without_timestamp_and_labels").type()).isEqualTo(PrometheusFamily.Type.UNTYPED);

        List<PrometheusSample> weird = family(result, "weird").samples();
        assertThat(weird.get(0).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(weird.get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(weird.get(2).value()).isNaN();
    }

    @Test
    void histogramAndSummarySeriesBelongToTheirFamily() {
        String text = """
                # HELP http_request_duration_seconds A histogram of the request duration.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="0.99"} 76656
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """;
        PrometheusTextParser.Result result = PrometheusTextParser.parse(text, "example");
        assertThat(result.errors()).isEmpty();
        assertThat(result.families()).extracting(PrometheusFamily::name)
                .containsExactly("http_request_duration_seconds", "rpc_duration_seconds");
        PrometheusFamily histogram = family(result, "http_request_duration_seconds");
        assertThat(histogram.samples()).hasSize(5);
        assertThat(histogram.samples().get(2).labels().get("le")).isEqualTo("+Inf");
        assertThat(histogram.samples().get(4).name()).isEqualTo("http_request_duration_seconds_count");
        PrometheusFamily summary = family(result, "rpc_duration_seconds");
        assertThat(summary.type()).isEqualTo(PrometheusFamily.Type.SUMMARY);
        assertThat(summary.samples()).extracting(PrometheusSample::value).containsExactly(3102.0, 76656.0, 1.7560473e7, 2693.0);
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndTheRestIsKept() {
        String text = String.join("\n",
                "# TYPE good gauge",
                "good 1",
                "good{a=\"unclosed} 2",
                "{no_name=\"x\"} 3",
                "good{a=\"b\"} three",
                "good{a=\"b\"} 4 not-a-time",
                "# TYPE good counter",
                "# TYPE other histogramm",
                "good{a=\"b\",a=\"c\"} 5",
                "good{a=\"\\q\"} 6",
                "good{b=\"c\"} 7",
                "good{c=\"d\"} 8 123 extra");
        PrometheusTextParser.Result result = PrometheusTextParser.parse(text, "bad");
        assertThat(result.errors()).containsExactly(
                "bad line 3: the value of label a is not closed with '\"'",
                "bad line 4: a sample must start with a metric name, found '{no_name=\"x\"} 3'",
                "bad line 5: 'three' is not a number",
                "bad line 6: timestamp 'not-a-time' of good is not an integer (milliseconds)",
                "bad line 7: a second # TYPE for good",
                "bad line 8: 'histogramm' is not a metric type (counter, gauge, histogram, summary, untyped)",
                "bad line 9: label a appears twice",
                "bad line 10: unknown escape '\\q' in the value of label a",
                "bad line 12: unexpected text after the timestamp of good: 'extra'");
        assertThat(family(result, "good").samples()).extracting(PrometheusSample::value).containsExactly(1.0, 7.0);
    }

    @Test
    void bytesThatAreNotUtf8SpoilOnlyTheirLine() {
        byte[] head = "ok_metric 1\nbad_metric{a=\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"} 2\nok_metric_two 3\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3;
        body[head.length + 1] = (byte) 0x28; // an invalid two-byte sequence
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        PrometheusTextParser.Result result = PrometheusTextParser.parse(body, "latin");
        assertThat(result.errors()).containsExactly("latin line 2: not valid UTF-8; line skipped");
        assertThat(result.families()).extracting(PrometheusFamily::name).containsExactly("ok_metric", "ok_metric_two");
    }
}
