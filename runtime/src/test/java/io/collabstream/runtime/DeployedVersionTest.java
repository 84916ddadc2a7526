package io.collabstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DeployedVersionTest {
  /** Serves the two resources of job {@code demo} from memory. */
  private static final ClassLoader JAR_WITH_VERSION =
      new ClassLoader(null) {
        @Override
        public InputStream getResourceAsStream(String name) {
          String text =
              name.equals(DeployedVersion.irResource("demo"))
                  ? "{\"id\": \"demo\"}\n"
                  : name.equals(DeployedVersion.manifestResource("demo"))
                      ? "{\"manifestVersion\": 1}\n"
                      : null;
          return text == null
              ? null
              : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
      };

  private static String gunzipBase64(String text) throws IOException {
    try (InputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void publishesTheJarsIrAndManifestAndOnlyTheCollabArguments() throws IOException {
    Map<String, String> published =
        DeployedVersion.parameters(
            "demo",
            Map.of(
                "collab.jar-id",
                "abc_jobs.jar",
                "kafka.bootstrap",
                "broker:9092",
                "kafka.sasl.jaas.config",
                "org.apache.kafka...ScramLoginModule required password=\"p\";",
                "s3.secret-key",
                "s",
                "registry.password",
                "p"),
            JAR_WITH_VERSION);
    assertEquals("demo", published.get(DeployedVersion.JOB_ID_KEY));
    assertEquals("abc_jobs.jar", published.get("collab.jar-id"));
    assertEquals("broker:9092", published.get("collab.arg.kafka.bootstrap"));
    assertFalse(published.containsKey("kafka.bootstrap"));
    assertEquals(
        4, published.size(), "the secret-looking arguments are withheld: " + published.keySet());
    assertEquals(
        "{\"ir\":{\"id\": \"demo\"},\"manifest\":{\"manifestVersion\": 1}}",
        gunzipBase64(published.get(DeployedVersion.VERSION_KEY)));
  }

  @Test
  void aJarWithoutTheCompilersOutputPublishesNoVersion() {
    Map<String, String> published = DeployedVersion.parameters("other", Map.of(), JAR_WITH_VERSION);
    assertEquals(Map.of(DeployedVersion.JOB_ID_KEY, "other"), published);
  }
}
