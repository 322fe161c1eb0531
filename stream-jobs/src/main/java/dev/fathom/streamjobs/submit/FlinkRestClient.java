package dev.fathom.streamjobs.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The parts of Flink's REST API a job submission needs: {@code POST /jars/upload} (multipart,
 * field {@code jarfile}), {@code POST /jars/:jarid/run} and {@code GET /jobs/:jobid}. Plain
 * {@code java.net.http}: Flink's own RestClient would pull Flink's runtime into the CLI.
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public FlinkRestClient(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            uri = URI.create("invalid:x");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("--flink-rest must be an http(s) URL such as http://127.0.0.1:8081, got '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Uploads a jar; returns the id Flink gives it. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "fathom-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "uploading " + jar);
        String filename = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || filename.isEmpty()) {
            throw new IOException("Flink did not accept the jar upload: " + answer);
        }
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar; returns the job id. */
    public String run(String jarId, String entryClass, List<String> programArgs, Integer parallelism, String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (parallelism != null) {
            request.put("parallelism", parallelism);
        }
        if (savepointPath != null && !savepointPath.isBlank()) {
            request.put("savepointPath", savepointPath);
        }
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())), "running jar " + jarId);
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("Flink ran the jar but returned no job id: " + answer);
        }
        return jobId;
    }

    /** The job's state, e.g. RUNNING, FINISHED, FAILED. */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId)).GET(), "reading job " + jobId).path("state").asText();
    }

    private JsonNode send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("Flink REST API at " + baseUrl + " is unreachable while " + what + ": " + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            String errors = response.body();
            try {
                JsonNode node = JSON.readTree(errors);
                if (node.has("errors")) {
                    errors = node.get("errors").toString();
                }
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new IOException("Flink answered HTTP " + response.statusCode() + " while " + what + ": "
                    + (errors.length() > 2000 ? errors.substring(0, 2000) + "..." : errors));
        }
        return JSON.readTree(response.body());
    }
}
