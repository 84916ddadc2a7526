// A small typed client for the Flink REST API (the endpoints `deploy` and the tests need): upload a jar, run
// it (optionally from a savepoint), watch a job's state, configuration and checkpoints, stop it with a savepoint.
import fs from 'node:fs';
import path from 'node:path';

export type JobState =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

export interface JobSummary {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
}

export interface CheckpointCounts {
  readonly completed: number;
  readonly inProgress: number;
  readonly failed: number;
  readonly latestCompletedPath: string | null;
  /** The savepoint or checkpoint this run of the job restored from, when it restored from one. */
  readonly restoredPath: string | null;
}

export class FlinkRestError extends Error {
  constructor(
    readonly status: number,
    readonly endpoint: string,
    detail: string,
  ) {
    super(`Flink REST ${endpoint} answered ${status}: ${detail}`);
    this.name = 'FlinkRestError';
  }
}

/** Flink answered a savepoint operation as failed (not a REST error: the cluster refused or aborted the savepoint). */
export class SavepointFailedError extends FlinkRestError {
  constructor(
    endpoint: string,
    readonly reason: string,
  ) {
    super(500, endpoint, reason);
    this.name = 'SavepointFailedError';
  }
}

export interface RunOptions {
  readonly entryClass?: string;
  readonly args?: readonly string[];
  readonly parallelism?: number;
  readonly savepointPath?: string;
  /** Allow a savepoint holding state of operators the new job no longer has (never silently: the caller decides). */
  readonly allowNonRestoredState?: boolean;
}

export class FlinkRest {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, endpoint: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${endpoint}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { errors?: string[] }).errors?.join('; ') ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new FlinkRestError(response.status, `${method} ${endpoint}`, detail.slice(0, 2_000));
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  async uploadJar(jarPath: string): Promise<string> {
    const form = new FormData();
    form.append(
      'jarfile',
      new Blob([fs.readFileSync(jarPath)], { type: 'application/java-archive' }),
      path.basename(jarPath),
    );
    const response = await fetch(`${this.baseUrl}/jars/upload`, { method: 'POST', body: form });
    const body = (await response.json()) as { filename?: string; status?: string; errors?: string[] };
    if (!response.ok || body.status !== 'success' || !body.filename) {
      throw new FlinkRestError(
        response.status,
        'POST /jars/upload',
        body.errors?.join('; ') ?? JSON.stringify(body),
      );
    }
    return path.basename(body.filename);
  }

  async runJar(jarId: string, options: RunOptions = {}): Promise<string> {
    const { jobid } = await this.call<{ jobid: string }>('POST', `/jars/${encodeURIComponent(jarId)}/run`, {
      entryClass: options.entryClass,
      programArgsList: options.args ? [...options.args] : undefined,
      parallelism: options.parallelism,
      savepointPath: options.savepointPath,
      allowNonRestoredState: options.allowNonRestoredState ?? false,
    });
    return jobid;
  }

  async jobs(): Promise<JobSummary[]> {
    const { jobs } = await this.call<{ jobs: { jid: string; name: string; state: JobState }[] }>(
      'GET',
      '/jobs/overview',
    );
    return jobs.map((j) => ({ id: j.jid, name: j.name, state: j.state }));
  }

  async jobState(jobId: string): Promise<JobState> {
    return (await this.call<{ state: JobState }>('GET', `/jobs/${jobId}`)).state;
  }

  /** The states of the job's vertices (all RUNNING once every task has been deployed and has started). */
  async vertexStates(jobId: string): Promise<string[]> {
    const { vertices } = await this.call<{ vertices: { status: string }[] }>('GET', `/jobs/${jobId}`);
    return vertices.map((v) => v.status);
  }

  /**
   * The ids of the TaskManagers running the job's subtasks (the local stack names them
   * `<process id>@<start>`: infra/src/services/flink.ts).
   */
  async taskManagersOf(jobId: string): Promise<string[]> {
    const { vertices } = await this.call<{ vertices: { id: string }[] }>('GET', `/jobs/${jobId}`);
    const ids = new Set<string>();
    for (const vertex of vertices) {
      const { taskmanagers } = await this.call<{ taskmanagers: { 'taskmanager-id': string }[] }>(
        'GET',
        `/jobs/${jobId}/vertices/${vertex.id}/taskmanagers`,
      );
      for (const tm of taskmanagers) ids.add(tm['taskmanager-id']);
    }
    return [...ids].sort();
  }

  /** The TaskManagers registered with the cluster and their slots. */
  async taskManagers(): Promise<{ id: string; slots: number; freeSlots: number }[]> {
    const { taskmanagers } = await this.call<{
      taskmanagers: { id: string; slotsNumber: number; freeSlots: number }[];
    }>('GET', '/taskmanagers');
    return taskmanagers.map((t) => ({ id: t.id, slots: t.slotsNumber, freeSlots: t.freeSlots }));
  }

  /**
   * How full a TaskManager's metaspace is (0 to 1; every job submitted loads its jar in a new class loader), or
   * undefined while the JobManager has not fetched the TaskManager's metrics yet (it answers the first ask empty).
   */
  async metaspaceUse(taskManagerId: string): Promise<number | undefined> {
    const metrics = await this.call<{ id: string; value: string }[]>(
      'GET',
      `/taskmanagers/${encodeURIComponent(taskManagerId)}/metrics?get=Status.JVM.Memory.Metaspace.Used,Status.JVM.Memory.Metaspace.Max`,
    );
    const value = (id: string) => Number(metrics.find((m) => m.id === id)?.value);
    const use = value('Status.JVM.Memory.Metaspace.Used') / value('Status.JVM.Memory.Metaspace.Max');
    return Number.isFinite(use) ? use : undefined;
  }

  /** The parallelism of the job's vertices (the largest when they differ). */
  async parallelism(jobId: string): Promise<number> {
    const { vertices } = await this.call<{ vertices: { parallelism: number }[] }>('GET', `/jobs/${jobId}`);
    return Math.max(...vertices.map((v) => v.parallelism));
  }

  /** The job's global job parameters (`execution-config.user-config`): what a generated job publishes. */
  async userConfig(jobId: string): Promise<Record<string, string>> {
    const body = await this.call<{ 'execution-config'?: { 'user-config'?: Record<string, string> } }>(
      'GET',
      `/jobs/${jobId}/config`,
    );
    return body['execution-config']?.['user-config'] ?? {};
  }

  /** The ids of the jars uploaded to the cluster (kept until the JobManager's upload folder is cleared). */
  async jars(): Promise<string[]> {
    const { files } = await this.call<{ files: { id: string }[] }>('GET', '/jars');
    return files.map((f) => f.id);
  }

  async checkpoints(jobId: string): Promise<CheckpointCounts> {
    const body = await this.call<{
      counts: { completed: number; in_progress: number; failed: number };
      latest?: {
        completed?: { external_path?: string } | null;
        restored?: { external_path?: string } | null;
      };
    }>('GET', `/jobs/${jobId}/checkpoints`);
    return {
      completed: body.counts.completed,
      inProgress: body.counts.in_progress,
      failed: body.counts.failed,
      latestCompletedPath: body.latest?.completed?.external_path ?? null,
      restoredPath: body.latest?.restored?.external_path ?? null,
    };
  }

  /** Stop-with-savepoint; with `drain`, sources end first so every window fires and every file is committed. */
  async stopWithSavepoint(
    jobId: string,
    targetDirectory: string | undefined,
    drain: boolean,
  ): Promise<string> {
    const { 'request-id': requestId } = await this.call<{ 'request-id': string }>(
      'POST',
      `/jobs/${jobId}/stop`,
      {
        targetDirectory,
        drain,
      },
    );
    return requestId;
  }

  /** One poll of a savepoint operation: its location when done, null while in progress; throws if it failed. */
  async savepointStatus(jobId: string, requestId: string): Promise<string | null> {
    const body = await this.call<{
      status: { id: 'IN_PROGRESS' | 'COMPLETED' };
      operation?: { location?: string; 'failure-cause'?: { 'stack-trace'?: string; class?: string } };
    }>('GET', `/jobs/${jobId}/savepoints/${requestId}`);
    if (body.status.id === 'IN_PROGRESS') return null;
    const failure = body.operation?.['failure-cause'];
    if (failure || !body.operation?.location) {
      throw new SavepointFailedError(
        `savepoint ${requestId}`,
        failure?.['stack-trace']?.split('\n')[0] ?? 'no location returned',
      );
    }
    return body.operation.location;
  }

  /** The first line of the job's latest failure (Flink's exception history), or null when it has none. */
  async latestFailure(jobId: string): Promise<string | null> {
    const body = await this.call<{ exceptionHistory?: { entries?: { stacktrace?: string }[] } }>(
      'GET',
      `/jobs/${jobId}/exceptions?maxExceptions=1`,
    );
    return body.exceptionHistory?.entries?.[0]?.stacktrace?.split('\n')[0] ?? null;
  }

  /** How often the job has restarted after a failure (Flink's `numRestarts` job metric). */
  async restarts(jobId: string): Promise<number> {
    const values = await this.call<{ id: string; value: string }[]>(
      'GET',
      `/jobs/${jobId}/metrics?get=numRestarts`,
    );
    return Number(values.find((m) => m.id === 'numRestarts')?.value ?? 0);
  }

  /**
   * The sum over every vertex and subtask of an operator metric whose name ends with `suffix` (for example
   * `.metric.meeting_metrics_30s.lateEvents`); undefined while no subtask reports it yet.
   */
  async operatorMetricSum(jobId: string, suffix: string): Promise<number | undefined> {
    let sum: number | undefined;
    for (const vertex of await this.vertices(jobId)) {
      for (const value of await this.vertexMetricValues(jobId, vertex.id, suffix)) sum = (sum ?? 0) + value;
    }
    return sum;
  }

  /**
   * Where a job decides lateness: each vertex holding an operator with a restored watermark floor (runtime
   * WatermarkFloor's `watermarkFloor` gauge), its lowest input watermark and lowest floor over its subtasks (epoch
   * millis; Long.MIN_VALUE for none yet). An event is late there when its windows end at or before the larger.
   */
  async latenessWatermarks(jobId: string): Promise<{ vertex: string; watermark: number; floor: number }[]> {
    const result: { vertex: string; watermark: number; floor: number }[] = [];
    for (const vertex of await this.vertices(jobId)) {
      const floors = await this.vertexMetricValues(jobId, vertex.id, '.watermarkFloor');
      if (floors.length === 0) continue;
      const watermarks = (
        await this.call<{ value: string }[]>('GET', `/jobs/${jobId}/vertices/${vertex.id}/watermarks`)
      ).map((w) => Number(w.value));
      const lowest = (values: number[]) =>
        values.length === 0 ? Number.MIN_SAFE_INTEGER : Math.min(...values);
      result.push({ vertex: vertex.name, watermark: lowest(watermarks), floor: lowest(floors) });
    }
    return result;
  }

  private async vertices(jobId: string): Promise<{ id: string; name: string }[]> {
    return (await this.call<{ vertices: { id: string; name: string }[] }>('GET', `/jobs/${jobId}`)).vertices;
  }

  /** Each subtask's value of the vertex's operator metrics whose names end with `suffix`. */
  private async vertexMetricValues(jobId: string, vertexId: string, suffix: string): Promise<number[]> {
    const base = `/jobs/${jobId}/vertices/${vertexId}/metrics`;
    const ids = (await this.call<{ id: string }[]>('GET', base))
      .map((m) => m.id)
      .filter((id) => id.endsWith(suffix));
    if (ids.length === 0) return [];
    const values = await this.call<{ value: string }[]>(
      'GET',
      `${base}?get=${ids.map(encodeURIComponent).join(',')}`,
    );
    return values.map((m) => Number(m.value));
  }

  async cancel(jobId: string): Promise<void> {
    await this.call('PATCH', `/jobs/${jobId}?mode=cancel`);
  }
}
