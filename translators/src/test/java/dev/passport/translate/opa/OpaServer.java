package dev.passport.translate.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code opa run --server} on a free loopback port, spoken to as Trino does: {@code POST
 * /v1/data/<package>/<rule>} with {@code {"input": ...}}. Close it to stop the process.
 */
final class OpaServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OpaServer(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  static OpaServer start(Path binary, List<Path> files) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary.toString(),
                "run",
                "--server",
                "--addr",
                "127.0.0.1:" + port,
                "--log-level",
                "error"));
    for (Path file : files) {
      command.add(file.toString());
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    OpaServer server = new OpaServer(process, URI.create("http://127.0.0.1:" + port));
    try {
      server.awaitHealthy();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("opa run exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(base.resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IOException("opa did not become healthy on " + base);
  }

  /** The {@code result} member of the answer; a missing node when the rule is undefined. */
  JsonNode query(String path, JsonNode input) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.set("input", input);
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve("/v1/data/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("OPA answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("result");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
