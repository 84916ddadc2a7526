package io.collabstream.restorecheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.collabstream.runtime.EventEnvelope;
import io.collabstream.runtime.GeneratedJob;
import io.collabstream.runtime.JobConfig;
import io.collabstream.runtime.JobOutputs;
import io.collabstream.runtime.JobRunner;
import io.collabstream.runtime.JobWorkflow;
import io.collabstream.runtime.MetricOutput;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Restores a generated job from a savepoint without running it: the job's own operators and Kafka
 * sources under their production uids on a local MiniCluster with RocksDB, no record read, sinks
 * replaced by discarding ones (the real ones would commit files and abort transactions of the
 * running job). Every task reaching RUNNING means Flink mapped the state and every serializer
 * accepted it (POJO evolution included); a task that fails gives Flink's reason. The savepoint's
 * metadata is also compared with the production graph: which operators' state the cluster would
 * restore, which start empty, which state has no operator (allowNonRestoredState).
 *
 * <p>Usage: {@code DryRunRestore <job class> <savepoint path> <report.json>}; the report is read by
 * cli/src/verify-savepoint.ts.
 */
public final class DryRunRestore {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Long enough for RocksDB to load a large savepoint; a stuck restore fails the check. */
  private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(5);

  /** Endpoints nothing listens on: the dry run must never reach the user's Kafka or lake. */
  private static final JobConfig UNREACHABLE =
      JobConfig.of(
          Map.of(
              JobConfig.KAFKA_BOOTSTRAP, "127.0.0.1:1",
              JobConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
              JobConfig.LAKE_PATH, "file:///nonexistent/collab-stream-dry-run"),
          Map.of());

  private DryRunRestore() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DryRunRestore <job class> <savepoint path> <report.json>");
      System.exit(2);
    }
    GeneratedJob<?> job =
        (GeneratedJob<?>) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    ObjectNode report = check(job, args[1]);
    Files.writeString(Path.of(args[2]), report.toPrettyString());
    // The cancelled job's Kafka clients and the MiniCluster's schedulers can outlive close(): the
    // report is
    // written, nothing else is owed.
    System.exit(0);
  }

  static ObjectNode check(GeneratedJob<?> job, String savepoint) throws Exception {
    CheckpointMetadata metadata = metadata(savepoint);
    Map<OperatorID, OperatorState> saved = new LinkedHashMap<>();
    for (OperatorState op : metadata.getOperatorStates()) {
      if (hasState(op)) {
        saved.put(op.getOperatorID(), op);
      }
    }
    ObjectNode report = JSON.createObjectNode();
    report.put("job", job.id());
    report.put("savepoint", savepoint);
    report.put("maxParallelism", job.maxParallelism());

    JobGraph production = productionGraph(job);
    JobGraph dryRun = dryRunGraph(job, savepoint);
    Map<OperatorID, String> opened = operators(dryRun);
    ArrayNode operators = report.putArray("operators");
    int parallelism = 1;
    for (Map.Entry<OperatorID, String> op : operators(production).entrySet()) {
      OperatorState state = saved.remove(op.getKey());
      ObjectNode node = operators.addObject();
      node.put("uid", op.getValue());
      node.put("inSavepoint", state != null);
      node.put("stateBytes", state == null ? 0 : state.getStateSize());
      node.put("openedByDryRun", opened.containsKey(op.getKey()));
      if (state != null) {
        ArrayNode names = node.putArray("savedState");
        savedStateNames(state).forEach(names::add);
        node.put("savedMaxParallelism", state.getMaxParallelism());
        parallelism = Math.max(parallelism, state.getParallelism());
      }
    }
    ArrayNode unmatched = report.putArray("unmatched");
    for (OperatorState op : saved.values()) {
      ObjectNode node = unmatched.addObject();
      node.put("operatorId", op.getOperatorID().toHexString());
      node.put("uid", op.getOperatorUid().orElse(null));
      node.put("name", op.getOperatorName().orElse(null));
      node.put("stateBytes", op.getStateSize());
    }
    report.set("restore", restore(dryRun, Math.min(parallelism, 4)));
    return report;
  }

  private static CheckpointMetadata metadata(String savepoint) throws Exception {
    CompletedCheckpointStorageLocation location =
        AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(savepoint);
    try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
      return Checkpoints.loadCheckpointMetadata(
          in, DryRunRestore.class.getClassLoader(), location.getExternalPointer());
    }
  }

  /**
   * The names of the state an operator saved, as its descriptors registered them: keyed state (and
   * timers) from the serialization proxy heading each key-group stream, operator state from its
   * handles. Sorted, each once.
   */
  private static SortedSet<String> savedStateNames(OperatorState op) throws IOException {
    SortedSet<String> names = new TreeSet<>();
    for (OperatorSubtaskState subtask : op.getStates()) {
      for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
        if (handle instanceof KeyGroupsStateHandle keyGroups) {
          try (FSDataInputStream in = keyGroups.openInputStream()) {
            KeyedBackendSerializationProxy<?> proxy =
                new KeyedBackendSerializationProxy<>(DryRunRestore.class.getClassLoader());
            proxy.read(new DataInputViewStreamWrapper(in));
            for (StateMetaInfoSnapshot info : proxy.getStateMetaInfoSnapshots()) {
              names.add(info.getName());
            }
          }
        }
      }
      for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
        names.addAll(handle.getStateNameToPartitionOffsets().keySet());
      }
    }
    return names;
  }

  /** What Flink refuses to drop without allowNonRestoredState: operator state that holds data. */
  private static boolean hasState(OperatorState op) {
    return op.getCoordinatorState() != null
        || op.getStates().stream().anyMatch(OperatorSubtaskState::hasState);
  }

  /** Production's settings; with a savepoint, restored from it (sinks' state left unclaimed). */
  private static StreamExecutionEnvironment environment(GeneratedJob<?> job, String savepoint) {
    Configuration conf = JobRunner.flinkConfiguration(job, UNREACHABLE);
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    // The first failure is the answer: a restart would only repeat it.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }

  /** The graph production runs: sources, operators and every sink. */
  private static JobGraph productionGraph(GeneratedJob<?> job) {
    StreamExecutionEnvironment env = environment(job, null);
    JobRunner.define(env, job, UNREACHABLE);
    return env.getStreamGraph().getJobGraph();
  }

  /** Production's sources and operators, its sinks replaced by discarding ones. */
  private static <E extends EventEnvelope> JobGraph dryRunGraph(
      GeneratedJob<E> job, String savepoint) {
    StreamExecutionEnvironment env = environment(job, savepoint);
    JobOutputs outputs = JobWorkflow.defineMetrics(job, JobRunner.sources(env, job, UNREACHABLE));
    discard(outputs.deadLetters(), "dry-run.dead_letters");
    for (MetricOutput<?, ?> metric : outputs.metrics()) {
      String id = metric.spec().id();
      discard(metric.rows(), "dry-run.rows." + id);
      discard(metric.late(), "dry-run.late." + id);
    }
    return env.getStreamGraph().getJobGraph();
  }

  private static <T> void discard(DataStream<T> stream, String uid) {
    stream.sinkTo(new DiscardingSink<>()).uid(uid).name(uid);
  }

  /** Operator id → uid (or name, for an operator without one) of every operator in the graph. */
  private static Map<OperatorID, String> operators(JobGraph graph) {
    Map<OperatorID, String> byId = new LinkedHashMap<>();
    for (JobVertex vertex : graph.getVerticesSortedTopologicallyFromSources()) {
      for (OperatorIDPair op : vertex.getOperatorIDs()) {
        String uid = op.getUserDefinedOperatorUid();
        byId.put(op.getGeneratedOperatorID(), uid != null ? uid : op.getUserDefinedOperatorName());
      }
    }
    return byId;
  }

  private static ObjectNode restore(JobGraph graph, int parallelism) throws Exception {
    ObjectNode result = JSON.createObjectNode();
    result.put("parallelism", parallelism);
    for (JobVertex vertex : graph.getVertices()) {
      vertex.setParallelism(Math.min(parallelism, vertex.getMaxParallelism()));
    }
    long started = System.nanoTime();
    try (MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(localOnly())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build())) {
      cluster.start();
      JobID id = cluster.submitJob(graph).get().getJobID();
      int tasks = 0;
      for (JobVertex vertex : graph.getVertices()) {
        tasks += vertex.getParallelism();
      }
      long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
      while (true) {
        AccessExecutionGraph execution = cluster.getExecutionGraph(id).get();
        JobStatus status = execution.getState();
        if (status == JobStatus.FAILING || status.isGloballyTerminalState()) {
          result.put("ok", false);
          result.put(
              "failure",
              execution.getFailureInfo() == null
                  ? "the job ended " + status + " before every task was running"
                  : execution.getFailureInfo().getExceptionAsString());
          break;
        }
        if (status == JobStatus.RUNNING && allRunning(execution, tasks)) {
          result.put("ok", true);
          cluster.cancelJob(id).get();
          break;
        }
        if (System.nanoTime() > deadline) {
          result.put("ok", false);
          result.put("failure", "not every task was running after " + RESTORE_TIMEOUT);
          cluster.cancelJob(id).get();
          break;
        }
        Thread.sleep(50);
      }
    }
    result.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  /** The MiniCluster's REST endpoint on a free local port: 8081 may be the user's own cluster. */
  private static Configuration localOnly() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    return conf;
  }

  /**
   * A task is RUNNING once its state is restored and its operators are open. A job still being
   * created has no tasks in its graph yet, hence the count.
   */
  private static boolean allRunning(AccessExecutionGraph execution, int tasks) {
    int running = 0;
    for (AccessExecutionVertex vertex : execution.getAllExecutionVertices()) {
      if (vertex.getExecutionState() != ExecutionState.RUNNING) {
        return false;
      }
      running++;
    }
    return running == tasks;
  }
}
