package io.collabstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.CloseableIterator;

/**
 * The checks every generated job's test runs (the test jar of the runtime): Flink serializes every
 * exchanged type as a POJO, the production graph is the topology of the job's state manifest, and
 * the job turns one event of each topic into rows on a MiniCluster.
 */
public final class GeneratedJobChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GeneratedJobChecks() {}

  /** A local environment as production configures one: no Kryo, no generated uids, object reuse. */
  public static StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    JobRunner.graphOptions(conf);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    return env;
  }

  public static void assertEveryExchangedTypeIsAPojo(GeneratedJob<?> job) {
    List<Class<?>> types =
        new ArrayList<>(List.of(job.envelopeClass(), KafkaRawRecord.class, DeadLetter.class));
    for (WindowedMetric<?, ?, ?, ?> metric : job.metrics()) {
      types.add(metric.spec().inputClass());
      types.add(metric.spec().accumulatorClass());
      types.add(metric.spec().rowClass());
      if (metric instanceof SlidingMetric<?, ?, ?, ?, ?> sliding) {
        types.add(sliding.partialClass());
      }
    }
    SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
    noGenericTypes.setGenericTypes(false);
    for (Class<?> type : types) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertInstanceOf(PojoTypeInfo.class, info, type + " must be a Flink POJO");
      // Throws UnsupportedOperationException if any field, at any depth, would need Kryo.
      info.createSerializer(noGenericTypes);
    }
  }

  /**
   * The production graph's operators are the manifest's: the same uids with the same names (Flink
   * adds "Source: " to sources and splits each sink into a writer and a committer, and a lake
   * table's sink has its stateless commit ledger between them), and the max parallelism is the
   * manifest's.
   */
  public static void assertProductionGraphIsTheManifest(GeneratedJob<?> job, Path manifest)
      throws Exception {
    JsonNode declared = JSON.readTree(manifest.toFile());
    Map<String, String> expected = new TreeMap<>();
    for (JsonNode op : declared.get("operators")) {
      String uid = op.get("uid").asText();
      String name = op.get("name").asText();
      switch (op.get("kind").asText()) {
        case "kafka-source" -> expected.put(uid, "Source: " + name);
        case "kafka-sink", "file-sink" -> {
          expected.put(uid, name + ": Writer");
          expected.put("Sink Committer: " + uid, name + ": Committer");
          if (op.get("kind").asText().equals("file-sink")) {
            expected.put(uid + ": " + LakeSink.LEDGER_NAME, name + ": " + LakeSink.LEDGER_NAME);
          }
        }
        default -> expected.put(uid, name);
      }
    }
    StreamExecutionEnvironment env = environment();
    JobConfig config =
        JobConfig.of(
            Map.of(
                JobConfig.KAFKA_BOOTSTRAP, "127.0.0.1:1",
                JobConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                JobConfig.LAKE_PATH, "file:///tmp/collab-stream-graph-check"),
            Map.of());
    JobRunner.define(env, job, config);
    Map<String, String> actual = new TreeMap<>();
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      actual.put(node.getTransformationUID(), node.getOperatorName());
    }
    assertEquals(expected, actual);
    assertEquals(
        declared.get("maxParallelism").asInt(), env.getMaxParallelism(), "max parallelism");
  }

  /**
   * One valid event per topic (all at the same time, in one window) and one undecodable record: one
   * dead letter, and each metric's rows for that key (one per window containing the time).
   */
  public static void assertRunsOnAMiniCluster(GeneratedJob<?> job, Path registry) throws Exception {
    long eventTime = (System.currentTimeMillis() / 3_600_000L) * 3_600_000L - 3_600_000L;
    List<KafkaRawRecord> input = new ArrayList<>();
    long offset = 0;
    for (JobSource<?, ?> source : job.sources()) {
      SpecificRecordBase event =
          (SpecificRecordBase) source.eventClass().getDeclaredConstructor().newInstance();
      byte[] value = framed(readerSchemaId(registry, source.topic()), sample(event, eventTime));
      input.add(new KafkaRawRecord(source.topic(), 0, offset++, 0L, null, value));
    }
    String firstTopic = job.sources().get(0).topic();
    input.add(new KafkaRawRecord(firstTopic, 0, offset, 0L, null, new byte[] {1, 2}));
    List<String> seen = outputsOf(job, registry, input, raw -> raw);
    assertTrue(
        seen.contains("dead-letter not-confluent-framed " + firstTopic + "@" + offset),
        seen.toString());
    int rows = 1;
    for (WindowedMetric<?, ?, ?, ?> metric : job.metrics()) {
      MetricSpec<?, ?, ?> spec = metric.spec();
      // Every key column holds "m1".
      String prefix =
          spec.id()
              + " {"
              + spec.keyColumns().stream()
                  .map(column -> "\"" + column + "\":\"m1\"")
                  .collect(Collectors.joining(","));
      long expected =
          spec.cumulating()
              // every step from the event's to the end of its max window
              ? (Math.floorDiv(eventTime, spec.sizeMs()) * spec.sizeMs()
                      + spec.sizeMs()
                      - Math.floorDiv(eventTime, spec.slideMs()) * spec.slideMs())
                  / spec.slideMs()
              : spec.sizeMs() / spec.slideMs();
      assertEquals(
          expected, seen.stream().filter(s -> s.startsWith(prefix)).count(), seen.toString());
      rows += (int) expected;
    }
    assertEquals(rows, seen.size(), seen.toString());
  }

  /**
   * Object reuse (production's setting, see {@link JobRunner#graphOptions}) hands a chained
   * operator the very object its upstream emitted. Here the upstream emits one and the same record
   * object for every input, overwritten each time, as a reusing source may: an operator that kept
   * an input (or something reachable from it) past its call would see it change and its rows would
   * differ from a run over fresh objects. Events of every topic, three keys, a few windows.
   */
  public static void assertRowsDoNotDependOnReusedInputs(GeneratedJob<?> job, Path registry)
      throws Exception {
    long start = (System.currentTimeMillis() / 3_600_000L) * 3_600_000L - 3_600_000L;
    List<KafkaRawRecord> input = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < 120; i++) {
      for (JobSource<?, ?> source : job.sources()) {
        SpecificRecordBase event =
            (SpecificRecordBase) source.eventClass().getDeclaredConstructor().newInstance();
        byte[] value =
            framed(readerSchemaId(registry, source.topic()), varied(event, start + i * 7_000L, i));
        input.add(new KafkaRawRecord(source.topic(), 0, offset++, 0L, null, value));
      }
      if (i % 40 == 0) {
        input.add(
            new KafkaRawRecord(
                job.sources().get(0).topic(), 0, offset++, 0L, null, new byte[] {1}));
      }
    }
    List<String> fresh = outputsOf(job, registry, input, raw -> raw);
    SeenObjects.IDENTITIES.clear();
    List<String> reused =
        outputsOf(
            job,
            registry,
            input,
            raw ->
                raw.map(new OverwriteOneRecord())
                    .returns(TypeInformation.of(KafkaRawRecord.class))
                    .uid("test.reuse")
                    .map(new SeenObjects())
                    .returns(TypeInformation.of(KafkaRawRecord.class))
                    .uid("test.seen"));
    // Else Flink copied between the chained operators, and the job's operators saw fresh objects.
    assertEquals(1, SeenObjects.IDENTITIES.size(), "distinct record objects after the reuse");
    for (WindowedMetric<?, ?, ?, ?> metric : job.metrics()) {
      String id = metric.spec().id() + " ";
      assertTrue(fresh.stream().anyMatch(line -> line.startsWith(id)), id + "has no rows");
    }
    assertEquals(sorted(fresh), sorted(reused));
  }

  /** Copies each record into the one object it keeps, and emits that object. */
  private static final class OverwriteOneRecord
      implements MapFunction<KafkaRawRecord, KafkaRawRecord> {
    private transient KafkaRawRecord one; // made where it runs: a record is not Serializable

    @Override
    public KafkaRawRecord map(KafkaRawRecord r) {
      if (one == null) {
        one = new KafkaRawRecord();
      }
      one.topic = r.topic;
      one.partition = r.partition;
      one.offset = r.offset;
      one.timestamp = r.timestamp;
      one.key = r.key;
      one.value = r.value;
      return one;
    }
  }

  /** Notes which objects pass (one MiniCluster JVM: a static set sees every subtask's). */
  private static final class SeenObjects implements MapFunction<KafkaRawRecord, KafkaRawRecord> {
    static final Set<Integer> IDENTITIES = ConcurrentHashMap.newKeySet();

    @Override
    public KafkaRawRecord map(KafkaRawRecord r) {
      IDENTITIES.add(System.identityHashCode(r));
      return r;
    }
  }

  /** Dead letters and every metric's rows (as JSON) of the workflow over {@code input}. */
  private static List<String> outputsOf(
      GeneratedJob<?> job,
      Path registry,
      List<KafkaRawRecord> input,
      UnaryOperator<DataStream<KafkaRawRecord>> upstream)
      throws Exception {
    StreamExecutionEnvironment env = environment();
    DataStream<KafkaRawRecord> raw =
        upstream.apply(
            env.fromData(input, TypeInformation.of(KafkaRawRecord.class)).uid("test.source"));
    JobOutputs outputs =
        JobWorkflow.defineWorkflow(
            job,
            raw,
            StaticSchemaLookup.fromRegistryJson(registry),
            job.validationLimits(JobConfig.of(Map.of(), Map.of())),
            true);
    DataStream<String> all =
        outputs
            .deadLetters()
            .map(d -> "dead-letter " + d.reason + " " + d.sourceTopic + "@" + d.offset)
            .uid("test.dead_letters");
    for (MetricOutput<?, ?> metric : outputs.metrics()) {
      String id = metric.spec().id();
      all = all.union(metric.rows().map(row -> id + " " + row.toJson()).uid("test.rows." + id));
    }
    List<String> seen = new ArrayList<>();
    try (CloseableIterator<String> results = all.executeAndCollect()) {
      results.forEachRemaining(seen::add);
    }
    return seen;
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    Collections.sort(copy);
    return copy;
  }

  /**
   * As {@link #sample}, varied by {@code i}: strings one of three keys, the i-th enum symbol
   * (cycling), numbers i, nullable fields null every third record.
   */
  static <T extends SpecificRecordBase> T varied(T record, long eventTime, int i) {
    sample(record, eventTime);
    for (Schema.Field field : record.getSchema().getFields()) {
      Schema schema = field.schema();
      switch (schema.getType()) {
        case STRING -> record.put(field.pos(), "m" + (i % 3));
        case ENUM -> {
          List<String> symbols = schema.getEnumSymbols();
          record.put(
              field.pos(),
              record.getSpecificData().createEnum(symbols.get(i % symbols.size()), schema));
        }
        case INT -> record.put(field.pos(), i);
        case DOUBLE -> record.put(field.pos(), (double) i);
        case UNION -> record.put(field.pos(), i % 3 == 0 ? null : unionValue(schema, i));
        default -> {}
      }
    }
    return record;
  }

  /** A value of the union's non-null branch, for the simple types events use. */
  private static Object unionValue(Schema union, int i) {
    for (Schema branch : union.getTypes()) {
      switch (branch.getType()) {
        case STRING:
          return "v" + (i % 5);
        case INT:
          return i;
        case LONG:
          return (long) i;
        case DOUBLE:
          return i * 1.5;
        case BOOLEAN:
          return i % 2 == 0;
        default:
          break;
      }
    }
    return null;
  }

  /** Confluent framing: magic byte 0, the schema id (big-endian), then the Avro binary body. */
  static byte[] framed(int schemaId, SpecificRecordBase record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecordBase>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /**
   * A valid record: strings "m1", the first enum symbol, numbers 0, nulls where allowed, times =
   * eventTime.
   */
  static <T extends SpecificRecordBase> T sample(T record, long eventTime) {
    for (Schema.Field field : record.getSchema().getFields()) {
      Schema schema = field.schema();
      Object value =
          switch (schema.getType()) {
            case UNION -> null;
            case STRING -> "m1";
            case ENUM ->
                record.getSpecificData().createEnum(schema.getEnumSymbols().get(0), schema);
            case INT -> 0;
            case LONG ->
                "timestamp-millis".equals(schema.getProp("logicalType"))
                    ? (Object) Instant.ofEpochMilli(eventTime)
                    : (Object) 0L;
            case DOUBLE -> 0.0;
            case BOOLEAN -> false;
            default -> throw new IllegalStateException("no sample for " + field);
          };
      record.put(field.pos(), value);
    }
    return record;
  }

  /** Ids in registration order of schemas/registry.json; the reader is its topic's last version. */
  static int readerSchemaId(Path registry, String topic) throws Exception {
    JsonNode topics = JSON.readTree(registry.toFile()).get("topics");
    int id = 0;
    for (Iterator<String> names = topics.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      id += topics.get(name).get("versions").size();
      if (name.equals(topic)) {
        return id;
      }
    }
    throw new IllegalArgumentException(topic);
  }
}
