package io.collabstream.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * What a running job says about itself in its Flink job configuration ({@code GET
 * /jobs/:id/config}, {@code execution-config.user-config}), so that {@code collab-stream deploy
 * --upgrade} compares the new version with the one actually running and can roll back to the jar it
 * came from, without trusting a git ref or a local file to match the cluster.
 *
 * <p>The compiler's IR and state manifest travel in the jar ({@code collab-stream/ir/<id>.ir.json},
 * {@code collab-stream/manifests/<id>.state.json}); they are published gzipped and base64'd (about
 * 6 KB instead of 60). The CLI passes {@code --collab.jar-id}; every {@code collab.*} argument is
 * published as given, every other one as {@code collab.arg.<key>}, so that a rollback runs the old
 * jar with the old arguments, except those whose key looks secret (password, secret, token, jaas,
 * credentials, key): credentials belong in the environment, and are never shown in the web UI.
 */
public final class DeployedVersion {
  /** {@code base64(gzip({"ir": <IR>, "manifest": <manifest>}))}. */
  public static final String VERSION_KEY = "collab.version";

  public static final String JOB_ID_KEY = "collab.job-id";
  public static final String ARGUMENT_PREFIX = "collab.arg.";
  static final String PUBLISHED_ARGUMENT_PREFIX = "collab.";
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|secret|token|jaas|credential).*|.*key$");

  private DeployedVersion() {}

  public static String irResource(String jobId) {
    return "collab-stream/ir/" + jobId + ".ir.json";
  }

  public static String manifestResource(String jobId) {
    return "collab-stream/manifests/" + jobId + ".state.json";
  }

  /**
   * The job's published parameters: its id, its {@code collab.*} arguments and, when the jar holds
   * them, its IR and manifest (a job built without them, e.g. in a test, publishes no version).
   */
  public static Map<String, String> parameters(
      String jobId, Map<String, String> arguments, ClassLoader resources) {
    Map<String, String> published = new LinkedHashMap<>();
    published.put(JOB_ID_KEY, jobId);
    arguments.forEach(
        (key, value) -> {
          if (key.startsWith(PUBLISHED_ARGUMENT_PREFIX)) {
            published.put(key, value);
          } else if (!SECRET_KEY.matcher(key).matches()) {
            published.put(ARGUMENT_PREFIX + key, value);
          }
        });
    String ir = readResource(resources, irResource(jobId));
    String manifest = readResource(resources, manifestResource(jobId));
    if (ir != null && manifest != null) {
      published.put(
          VERSION_KEY,
          gzipBase64("{\"ir\":" + ir.strip() + ",\"manifest\":" + manifest.strip() + "}"));
    }
    return published;
  }

  private static String readResource(ClassLoader resources, String name) {
    try (InputStream in = resources.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name + " from the job jar", e);
    }
  }

  static String gzipBase64(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
