/**
 * The topology index of this process, kept fresh. Neo4j stays the system of record; this holds the
 * graph's shape (src/topology/) and follows it:
 * - every writer of the project records its change in the transaction that makes it
 *   (src/repositories/changes.ts); `pollMs` apart, the index applies the changes after the last one it
 *   applied, in order. A write through this process's API waits for `refresh()`, so that its next
 *   traversal sees it;
 * - it rebuilds from the graph, in the background, when it cannot follow: a store with another token
 *   (replaced offline), changes pruned before it read them, a change too big to list, or counts that
 *   drift from its own while no change is recorded (a write from outside the project, checked every
 *   `checkMs`). The previous snapshot answers until the new one is ready.
 */
import { TOPOLOGY_DEFAULTS, type TopologySettings } from '../core/limits.js';
import { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { changesSince, type GraphVersion, graphVersion, settledGraphVersion, type TopologyChange } from '../repositories/changes.js';
import { loadTopology } from '../repositories/topology.js';
import { kindCode, SEGMENTED, segmentCode, type Topology, typeCode } from '../topology/snapshot.js';
import { buildOffThread, compactOffThread } from './off-thread.js';

/** Changes folded into the arrays once the overlay holds this many, or this share of the relationships. */
const COMPACT_AT = { items: 20_000, share: 0.02 };

export interface TopologyStatus {
  state: 'building' | 'ready' | 'failed';
  entities: number;
  relations: number;
  seq: number;
  memoryBytes: number;
  builds: number;
  lastBuildSeconds: number | null;
}

/** Thrown to a traversal that cannot wait for the first build any longer; the API answers SERVICE_UNAVAILABLE. */
export class IndexNotReadyError extends Error {
  constructor(waitedMs: number) {
    super(`the topology index is still being built (waited ${waitedMs} ms)`);
  }
}

export class LiveTopology {
  private snapshot: Topology | undefined;
  private token: string | null = null;
  private seq = 0;
  /** The graph's counts minus the index's when it was built quietly (duplicates made outside the project). */
  private baseline = { entities: 0, relations: 0 };
  private rebuilding: Promise<void> | undefined;
  private rebuildQueued: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private waiters: (() => void)[] = [];
  private failed = false;
  /** A change the log does not show yet, and since when (performance.now()). */
  private gap: { seq: number; since: number } | undefined;
  /** refresh() calls so far: a build reads the change log after the last one before it swaps in. */
  private requests = 0;
  private closed = false;
  private builds = 0;
  private lastBuildSeconds: number | null = null;
  readonly settings: Readonly<TopologySettings>;

  /** Its own handle on the driver: the index's background reads are not counted as the requests' (Database.queryCount). */
  private readonly db: Database;

  constructor(
    db: Database,
    settings: Partial<TopologySettings> = {},
    private readonly logger?: Logger,
  ) {
    this.db = new Database(db.driver, db.database, db.timeouts);
    this.settings = { ...TOPOLOGY_DEFAULTS, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
  }

  /** Starts the first build and the polling; idempotent. Timers do not keep the process alive. */
  start(): this {
    if (this.timers.length > 0 || this.closed) return this;
    void this.rebuild('start');
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(
        () => void work().catch((error: unknown) => this.logger?.warn({ err: error }, 'topology index: poll failed')),
        ms,
      );
      timer.unref();
      this.timers.push(timer);
    };
    every(this.settings.pollMs, () => this.schedulePoll());
    if (this.settings.checkMs > 0) every(this.settings.checkMs, () => this.check());
    return this;
  }

  close() {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  get ready(): boolean {
    return this.snapshot !== undefined;
  }

  status(): TopologyStatus {
    const t = this.snapshot;
    return {
      state: t ? 'ready' : this.failed ? 'failed' : 'building',
      entities: t?.nodeCount ?? 0,
      relations: t?.relationCount ?? 0,
      seq: this.seq,
      memoryBytes: t?.memoryBytes() ?? 0,
      builds: this.builds,
      lastBuildSeconds: this.lastBuildSeconds,
    };
  }

  /** The current snapshot, if one is built (no waiting). */
  peek(): Topology | undefined {
    return this.snapshot;
  }

  /** The current snapshot, waiting up to `timeoutMs` for the first build. */
  async current(timeoutMs: number): Promise<Topology> {
    this.start();
    if (this.snapshot) return this.snapshot;
    if (this.failed && !this.rebuilding) void this.rebuild('retry');
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
      this.waiters.push(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([woken, timedOut]);
    clearTimeout(timer);
    this.waiters = this.waiters.filter((w) => w !== wake);
    if (outcome === 'timeout' || !this.snapshot) throw new IndexNotReadyError(timeoutMs);
    return this.snapshot;
  }

  /**
   * Applies every change committed before this call (a poll that starts after it), and makes a build
   * under way read them before it swaps in. Concurrent callers share polls: at most one runs, and one
   * waits behind it.
   */
  refresh(): Promise<void> {
    this.requests++;
    return this.schedulePoll();
  }

  private schedulePoll(): Promise<void> {
    if (this.queued) return this.queued;
    const behind = this.polling ?? Promise.resolve();
    const next = behind
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        const run = this.poll().finally(() => {
          if (this.polling === run) this.polling = undefined;
        });
        this.polling = run;
        return run;
      });
    this.queued = next;
    return next;
  }

  private async poll(): Promise<void> {
    for (;;) {
      const target = this.snapshot;
      if (!target || this.closed) return;
      const since = this.seq;
      const read = await changesSince(this.db, since);
      if (this.snapshot !== target) return; // swapped meanwhile: the new snapshot has its own cursor
      if (read.token !== this.token || !read.complete || read.changes.some((c) => c.rebuild)) {
        void this.rebuild(read.token !== this.token ? 'another store' : 'changes it cannot follow');
        return;
      }
      for (const change of read.changes) applyChange(target, change);
      if (read.changes.length > 0) this.seq = read.changes[read.changes.length - 1]!.seq;
      this.awaitGap(read.missing);
      await this.compactIfLarge(target);
      if (this.seq >= read.seq) return;
    }
  }

  /**
   * A change the meta node counts but the log does not show is a commit being applied, and the next
   * poll finds it; one still missing after `gapMs` (deleted from the log by hand) never will, and the
   * graph is read again.
   */
  private awaitGap(missing: number | undefined) {
    const now = performance.now();
    if (missing === undefined) this.gap = undefined;
    else if (this.gap?.seq !== missing) this.gap = { seq: missing, since: now };
    else if (now - this.gap.since >= this.settings.gapMs) {
      this.gap = undefined;
      this.logger?.warn({ seq: missing }, 'topology index: a change is missing from the change log: rebuilding');
      void this.rebuild('a change missing from the log');
    }
  }

  /** Folds a large overlay into new arrays; `t` answers meanwhile, and no change is applied to it (polls run one at a time). */
  private async compactIfLarge(t: Topology) {
    if (t.overlaySize < Math.max(COMPACT_AT.items, t.relationCount * COMPACT_AT.share)) return;
    const compacted = await compactOffThread(t, this.logger);
    if (this.snapshot === t) this.snapshot = compacted;
  }

  /** Counts from the count store against the index's: a write made outside the project, when no change explains it. */
  private async check(wait = false): Promise<void> {
    const t = this.snapshot;
    if (!t && this.failed && !this.rebuilding && !this.closed) return void this.rebuild('retry');
    if (!t || (this.rebuilding && !wait) || this.closed) return;
    let version = await graphVersion(this.db);
    // The counts of a commit being applied may show before its change: a drift is read again once
    // the writers' lock is free, and the change, if any, is there then.
    if (this.snapshot === t && version.token === this.token && version.seq === this.seq && this.drifted(t, version))
      version = await settledGraphVersion(this.db);
    if (this.snapshot !== t) return;
    let rebuilt: Promise<void> | undefined;
    if (version.token !== this.token) rebuilt = this.rebuild('another store');
    else if (version.seq !== this.seq)
      return; // changes not applied yet: the counts cannot be compared
    else if (this.drifted(t, version)) {
      this.logger?.info(
        {
          graph: { entities: version.entities, relations: version.relations },
          index: { entities: t.nodeCount, relations: t.relationCount },
        },
        'topology index: the graph changed without a recorded change (a write from outside the project): rebuilding',
      );
      rebuilt = this.rebuild('drift');
    }
    if (wait) await rebuilt;
  }

  private drifted(t: Topology, version: GraphVersion): boolean {
    return version.entities - t.nodeCount !== this.baseline.entities || version.relations - t.relationCount !== this.baseline.relations;
  }

  /**
   * Loads the graph into a new snapshot, brings it up to date with the change log, and swaps it in.
   * A build that began before this call may have missed what prompted it: one more is queued behind it.
   */
  rebuild(reason: string): Promise<void> {
    if (this.rebuildQueued) return this.rebuildQueued;
    const behind = this.rebuilding;
    const start = () => {
      this.rebuildQueued = undefined;
      const run = this.build(reason).finally(() => {
        if (this.rebuilding === run) this.rebuilding = undefined;
      });
      this.rebuilding = run;
      return run;
    };
    if (!behind) return start();
    this.rebuildQueued = behind.then(start);
    return this.rebuildQueued;
  }

  /**
   * With `checkMs` 0, before every traversal: the change log applied, and the counts compared (a
   * rebuild awaited when they drift). For tests and small graphs that other tools write to.
   */
  async sync(): Promise<void> {
    if (this.settings.checkMs !== 0 || !this.snapshot) return;
    await this.refresh();
    await this.check(true);
  }

  /**
   * Applies to `next` the changes after `seq` until it has read none newer: the seq it reached, or
   * undefined when it cannot follow them (another store, changes pruned, a change too big to list).
   */
  private async catchUp(next: Topology, seq: number, token: string | null): Promise<number | undefined> {
    for (;;) {
      const read = await changesSince(this.db, seq);
      if (read.token !== token || !read.complete || read.changes.some((c) => c.rebuild)) return undefined;
      for (const change of read.changes) applyChange(next, change);
      if (read.changes.length > 0) seq = read.changes[read.changes.length - 1]!.seq;
      if (seq >= read.seq) return seq;
    }
  }

  private async build(reason: string) {
    try {
      const loaded = await loadTopology(this.db);
      const { token } = loaded.version;
      let next = await buildOffThread(loaded.input, this.logger);
      let asked = this.requests;
      let seq = await this.catchUp(next, loaded.version.seq, token);
      const again = () => {
        // Changed under the load: once more, from the graph as it is now.
        if (this.closed) return;
        this.logger?.info({ reason }, 'topology index: the graph changed too much while it was read: reading it again');
        setImmediate(() => void this.rebuild(reason));
      };
      if (seq === undefined) return again();
      if (next.overlaySize > 0) next = await compactOffThread(next, this.logger);
      // The graph's counts as the load began, unchanged after it: the load saw that graph whole, and any
      // difference from the index's counts is how that graph is (duplicates written from outside).
      const after = seq === loaded.version.seq ? await settledGraphVersion(this.db) : undefined;
      const v = loaded.version;
      const baseline =
        after && after.seq === v.seq && after.entities === v.entities && after.relations === v.relations
          ? { entities: v.entities - next.nodeCount, relations: v.relations - next.relationCount }
          : { entities: 0, relations: 0 };
      // Polls went on meanwhile, and writes of this process asked to be seen (a write made during the
      // first build has no snapshot to poll into): read the log once more until neither happened
      // since the last read began, checked after the last wait.
      while ((this.token === token && this.seq > seq) || this.requests !== asked) {
        asked = this.requests;
        seq = await this.catchUp(next, seq, token);
        if (seq === undefined) return again();
      }
      this.baseline = baseline;
      this.snapshot = next;
      this.token = token;
      this.seq = seq;
      this.failed = false;
      this.builds++;
      this.lastBuildSeconds = loaded.seconds;
      for (const wake of this.waiters.splice(0)) wake();
      // A build leaves its input and the replaced snapshot behind (over 100 MB at a million entities),
      // and an idle server may not collect them for minutes: collect now where npm start allows it.
      (globalThis as { gc?: () => void }).gc?.();
      this.logger?.info(
        {
          reason,
          entities: next.nodeCount,
          relations: next.relationCount,
          seconds: loaded.seconds,
          megabytes: next.memoryBytes() / 2 ** 20,
        },
        'topology index built',
      );
    } catch (error) {
      this.failed = this.snapshot === undefined;
      this.logger?.warn({ err: error, reason }, 'topology index: build failed (the next poll tries again)');
    }
  }
}

/** One recorded change, applied to a snapshot: entities first, so that their relationships find them. */
export function applyChange(t: Topology, change: TopologyChange) {
  for (const node of change.nodes) t.addNode(node.id, kindCode(node.kind));
  for (const r of change.removed) t.removeRelation(r.from, typeCode(r.type), r.to);
  for (const r of change.added) t.addRelation(r.from, typeCode(r.type), r.to);
  // Segments as of this change, of relationships that exist once it is applied.
  for (const r of change.segments ?? []) t.addRelation(r.from, SEGMENTED, r.to, segmentCode(r.segment));
}
