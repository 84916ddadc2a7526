package io.collabstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A fixed id → schema table, for tests and for offline runs (differential tests decode the same
 * framed bytes as the TypeScript evaluator without a registry). Serializable: it is its own
 * factory.
 */
public final class StaticSchemaLookup implements SchemaLookup, SchemaLookupFactory {
  private static final long serialVersionUID = 1L;

  /** Schema JSON by id; strings, so serialization does not depend on Avro's Schema being so. */
  private final Map<Integer, String> schemaJson;

  private transient Map<Integer, Schema> parsed;

  public StaticSchemaLookup(Map<Integer, Schema> schemas) {
    Map<Integer, String> json = new LinkedHashMap<>();
    schemas.forEach((id, schema) -> json.put(id, schema.toString()));
    this.schemaJson = json;
  }

  /**
   * The ids that {@code schemas/registry.json} promises: every version of every topic, registered
   * in file order on an empty registry, gets ids 1, 2, 3, …
   */
  public static StaticSchemaLookup fromRegistryJson(Path registryJson) {
    try {
      JsonNode root =
          new ObjectMapper()
              .readTree(new String(Files.readAllBytes(registryJson), StandardCharsets.UTF_8));
      Path dir = registryJson.getParent().resolve("avro");
      Map<Integer, Schema> schemas = new LinkedHashMap<>();
      int nextId = 1;
      for (Iterator<JsonNode> topics = root.get("topics").elements(); topics.hasNext(); ) {
        for (JsonNode file : topics.next().get("versions")) {
          Path avsc = dir.resolve(file.asText());
          String text = new String(Files.readAllBytes(avsc), StandardCharsets.UTF_8);
          schemas.put(nextId++, new Schema.Parser().parse(text));
        }
      }
      return new StaticSchemaLookup(schemas);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + registryJson, e);
    }
  }

  @Override
  public synchronized Schema writerSchema(int id) throws UnknownSchemaIdException {
    if (parsed == null) {
      parsed = new LinkedHashMap<>();
      schemaJson.forEach((k, v) -> parsed.put(k, new Schema.Parser().parse(v)));
    }
    Schema schema = parsed.get(id);
    if (schema == null) {
      throw new UnknownSchemaIdException(id, "schema id " + id + " is not in the static table");
    }
    return schema;
  }

  @Override
  public SchemaLookup create() {
    return this;
  }
}
