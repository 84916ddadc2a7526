package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class StaticSchemaLookupTest {
  @Test
  void idsFollowRegistryJsonOrder() throws Exception {
    StaticSchemaLookup lookup =
        StaticSchemaLookup.fromRegistryJson(TestSchemas.SCHEMAS.resolve("registry.json"));
    assertThat(lookup.writerSchema(1)).isEqualTo(TestSchemas.load("user_events.v1.avsc"));
    assertThat(lookup.writerSchema(2)).isEqualTo(TestSchemas.load("user_events.v2.avsc"));
    assertThat(lookup.writerSchema(3)).isEqualTo(TestSchemas.load("chat_events.v1.avsc"));
    assertThat(lookup.writerSchema(4)).isEqualTo(TestSchemas.load("meeting_events.v1.avsc"));
    assertThatThrownBy(() -> lookup.writerSchema(5)).isInstanceOf(UnknownSchemaIdException.class);
  }

  @Test
  void survivesJavaSerializationAsItsOwnFactory() throws Exception {
    StaticSchemaLookup lookup =
        StaticSchemaLookup.fromRegistryJson(TestSchemas.SCHEMAS.resolve("registry.json"));
    SchemaLookupFactory copy =
        InstantiationUtil.clone((SchemaLookupFactory) lookup, getClass().getClassLoader());
    assertThat(copy.create().writerSchema(2)).isEqualTo(lookup.writerSchema(2));
  }
}
