/**
 * The graph's topology in memory: ids, kinds and relationships, without properties, in typed arrays
 * (ids.ts, csr.ts), and an overlay of the changes since the build that every traversal reads through.
 * Node ints are this snapshot's own: dense, in id order for the nodes of the build, then in order of
 * addition; `compacted()` numbers them afresh.
 */
import { KINDS, RELATION_TYPES, SEGMENTS } from '../core/ontology.js';
import { buildParts, type TopologyInput, type TopologyParts } from './build.js';
import { checkCode, SEGMENTED } from './codes.js';
import { buildCsr, type Csr, findEntry, INCOMING, TYPE_MASK } from './csr.js';
import { IdTable } from './ids.js';

export { buildParts, type TopologyInput, type TopologyParts } from './build.js';
export { kindCode, SEGMENTED, segmentCode, typeCode } from './codes.js';
export { INCOMING, TYPE_MASK } from './csr.js';

/** A node's adjacency entries: neighbours[i] and types[i] (type | INCOMING) for i in [start, end). */
export interface Entries {
  neighbours: Int32Array;
  types: Uint8Array;
  /** Segment code as built; read it through Topology.segmentAt, which applies later edits. */
  segments: Uint8Array;
  start: number;
  end: number;
}

/** One node's changes since the build. */
interface Patch {
  /** Base entries removed, by position in the CSR. */
  removed: Set<number>;
  /** Entries added: neighbour, type | direction, interleaved. */
  added: number[];
  /** The node's entries with the changes applied, sorted as the CSR's (made on demand, dropped on change). */
  view?: Entries;
}

/** Scratch for path searches: a mark and a parent per node, reused through an epoch counter. */
export interface Scratch {
  mark: Int32Array;
  parent: Int32Array;
  epoch: number;
}

/** A compaction's steps end after every 2^16 nodes (this mask's). */
const STEP = 0xffff;

const EMPTY: Entries = { neighbours: new Int32Array(0), types: new Uint8Array(0), segments: new Uint8Array(0), start: 0, end: 0 };

/** What a compaction hands to buildCsr: every relationship by new node int, and how to finish. */
export interface Compaction {
  n: number;
  from: Int32Array;
  to: Int32Array;
  types: Uint8Array;
  segments: Uint8Array;
  /** The snapshot, given the CSR built from the fields above. */
  finish(csr: Csr): Topology;
}

export class Topology {
  private readonly extraIds: string[] = [];
  private readonly extraKinds: number[] = [];
  private readonly extraIndex = new Map<string, number>();
  private readonly patches = new Map<number, Patch>();
  /** Segment codes set since the build, by `member>industry` node ints (IN_INDUSTRY only). */
  private readonly segmentEdits = new Map<string, number>();
  private added = 0;
  private removed = 0;
  private scratchSpace: Scratch | undefined;

  private constructor(
    private readonly ids: IdTable,
    private readonly kinds: Uint8Array,
    private readonly csr: Csr,
  ) {}

  /** Dense node ints in sorted id order (JS string order); duplicate (from, type, to) collapse to one. */
  static build(input: TopologyInput): Topology {
    return Topology.fromParts(buildParts(input));
  }

  /** A snapshot over arrays built elsewhere (buildParts, possibly in a worker); they are not copied. */
  static fromParts(parts: TopologyParts): Topology {
    return new Topology(IdTable.of(parts.blob, parts.starts), parts.kinds, parts.csr);
  }

  /** Nodes held in the arrays; nodes added since have the ints from here on. */
  get baseCount() {
    return this.ids.size;
  }

  get nodeCount() {
    return this.ids.size + this.extraIds.length;
  }

  get relationCount() {
    return this.csr.neighbours.length / 2 + this.added - this.removed;
  }

  /** Changes not yet folded into the arrays: nodes added, relationships added and removed. */
  get overlaySize() {
    return this.extraIds.length + this.added + this.removed + this.segmentEdits.size;
  }

  nodeOf(id: string): number | undefined {
    const extra = this.extraIndex.get(id);
    if (extra !== undefined) return extra;
    const at = this.ids.find(id);
    return at < 0 ? undefined : at;
  }

  idOf(node: number): string {
    this.checkNode(node);
    return node < this.ids.size ? this.ids.idAt(node) : this.extraIds[node - this.ids.size]!;
  }

  kindOf(node: number): number {
    if ((node | 0) === node && node >= 0 && node < this.ids.size) return this.kinds[node]!;
    this.checkNode(node);
    return this.extraKinds[node - this.ids.size]!;
  }

  /** Entries a traversal scans at `node` (its degree, every type and direction). */
  degree(node: number): number {
    const base = node < this.ids.size ? this.csr.offsets[node + 1]! - this.csr.offsets[node]! : 0;
    if (this.patches.size === 0) return base;
    const patch = this.patches.get(node);
    return patch ? base - patch.removed.size + patch.added.length / 2 : base;
  }

  /** Id order for any two nodes: int order among the build's nodes, string order when one was added since. */
  compareNodes(a: number, b: number): number {
    if (a < this.ids.size && b < this.ids.size) return a - b;
    const x = this.idOf(a);
    const y = this.idOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Node u's entries, changes included, sorted by (type, neighbour id, outgoing first). Do not modify. */
  entries(u: number): Entries {
    const patch = this.patches.size === 0 ? undefined : this.patches.get(u);
    if (patch) {
      patch.view ??= this.viewOf(u, patch);
      return patch.view;
    }
    if (u >= this.ids.size) return EMPTY;
    const { offsets, neighbours, types, segments } = this.csr;
    return { neighbours, types, segments, start: offsets[u]!, end: offsets[u + 1]! };
  }

  addNode(id: string, kind: number): number {
    const known = this.nodeOf(id);
    if (known !== undefined) return known;
    checkCode(kind, KINDS.length, 'kind');
    const node = this.nodeCount;
    this.extraIds.push(id);
    this.extraKinds.push(kind);
    this.extraIndex.set(id, node);
    return node;
  }

  /**
   * Adds the relationship unless present; false when an end is unknown (add the nodes first), else
   * true. `segment` (an IN_INDUSTRY relationship's, present or not) replaces the one it had.
   */
  addRelation(from: string, type: number, to: string, segment?: number): boolean {
    checkCode(type, RELATION_TYPES.length, 'relationship type');
    const a = this.nodeOf(from);
    const b = this.nodeOf(to);
    if (a === undefined || b === undefined) return false;
    if (segment !== undefined && type === SEGMENTED) {
      checkCode(segment, SEGMENTS.length + 1, 'segment');
      this.addRelation(from, type, to);
      this.setSegment(a, b, segment);
      return true;
    }
    const base = this.baseEntries(a, type, b);
    if (base) {
      const pa = this.patches.get(a);
      if (pa?.removed.has(base[0])) {
        this.edit(a).removed.delete(base[0]);
        this.edit(b).removed.delete(base[1]);
        this.removed--;
        this.tidy(a, b);
      }
      return true;
    }
    if (this.addedAt(a, type, b) >= 0) return true;
    this.edit(a).added.push(b, type);
    this.edit(b).added.push(a, type | INCOMING);
    this.added++;
    return true;
  }

  /** Removes the relationship; true when it was there. */
  removeRelation(from: string, type: number, to: string): boolean {
    checkCode(type, RELATION_TYPES.length, 'relationship type');
    const a = this.nodeOf(from);
    const b = this.nodeOf(to);
    if (a === undefined || b === undefined) return false;
    if (type === SEGMENTED) this.segmentEdits.delete(`${a}>${b}`);
    const at = this.addedAt(a, type, b);
    if (at >= 0) {
      this.edit(a).added.splice(at, 2);
      const back = this.patches.get(b)!.added;
      for (let i = 0; i < back.length; i += 2) {
        if (back[i] === a && back[i + 1] === (type | INCOMING)) {
          this.edit(b).added.splice(i, 2);
          break;
        }
      }
      this.added--;
      this.tidy(a, b);
      return true;
    }
    const base = this.baseEntries(a, type, b);
    if (!base || this.patches.get(a)?.removed.has(base[0])) return false;
    this.edit(a).removed.add(base[0]);
    this.edit(b).removed.add(base[1]);
    this.removed++;
    return true;
  }

  /**
   * The segment code of node u's entry i (of `e = entries(u)`): 0 but for IN_INDUSTRY entries,
   * whose code is the member's segment in the industry, as last set.
   */
  segmentAt(u: number, e: Entries, i: number): number {
    const t = e.types[i]!;
    if ((t & TYPE_MASK) !== SEGMENTED) return 0;
    if (this.segmentEdits.size > 0) {
      const v = e.neighbours[i]!;
      const edited = this.segmentEdits.get(t & INCOMING ? `${v}>${u}` : `${u}>${v}`);
      if (edited !== undefined) return edited;
    }
    return e.segments[i]!;
  }

  /** Sets the segment of member a's IN_INDUSTRY relationship to industry b, which must be present. */
  private setSegment(a: number, b: number, segment: number) {
    const key = `${a}>${b}`;
    const base = this.baseEntries(a, SEGMENTED, b);
    if (base && this.csr.segments[base[0]] === segment) this.segmentEdits.delete(key);
    else this.segmentEdits.set(key, segment);
  }

  hasRelation(from: string, type: number, to: string): boolean {
    const a = this.nodeOf(from);
    const b = this.nodeOf(to);
    if (a === undefined || b === undefined) return false;
    const base = this.baseEntries(a, type, b);
    if (base) return !this.patches.get(a)?.removed.has(base[0]);
    return this.addedAt(a, type, b) >= 0;
  }

  /** A new snapshot with the overlay folded in; this one stays valid and unchanged. */
  compacted(): Topology {
    const steps = this.compaction();
    let step = steps.next();
    while (!step.done) step = steps.next();
    const c = step.value;
    return c instanceof Topology ? c : c.finish(buildCsr(c.n, c.from, c.to, c.types, c.segments));
  }

  /**
   * A compaction's cheap part, in steps of about 64k nodes (a caller may let other work run between
   * them, as long as nothing changes this snapshot meanwhile): the new snapshot when no entry moves,
   * else every relationship by new node int, for buildCsr (the costly part, which may run in a worker).
   */
  *compaction(): Generator<void, Topology | Compaction> {
    if (this.overlaySize === 0) return new Topology(this.ids, this.kinds, this.csr);
    if (this.extraIds.length + this.added + this.removed === 0) {
      // Only segments changed: the same nodes and entries, new segment codes.
      const segments = this.csr.segments.slice();
      for (let u = 0; u < this.ids.size; u++) {
        const e = this.entries(u);
        for (let i = e.start; i < e.end; i++) segments[i] = this.segmentAt(u, e, i);
        if ((u & STEP) === STEP) yield;
      }
      return new Topology(this.ids, this.kinds, { ...this.csr, segments });
    }
    const n = this.nodeCount;
    const place = new Int32Array(n);
    const extraOrder = this.extraIds.map((_, j) => j).sort((x, y) => (this.extraIds[x]! < this.extraIds[y]! ? -1 : 1));
    const kinds = new Uint8Array(n);
    const ids = this.ids.merge(
      extraOrder.map((j) => this.extraIds[j]!),
      (i, at) => {
        place[i] = at;
        kinds[at] = this.kinds[i]!;
      },
      (j, at) => {
        const old = this.ids.size + extraOrder[j]!;
        place[old] = at;
        kinds[at] = this.extraKinds[extraOrder[j]!]!;
      },
    );
    const m = this.relationCount;
    const from = new Int32Array(m);
    const to = new Int32Array(m);
    const types = new Uint8Array(m);
    const segments = new Uint8Array(m);
    let r = 0;
    for (let u = 0; u < n; u++) {
      const e = this.entries(u);
      for (let i = e.start; i < e.end; i++) {
        const t = e.types[i]!;
        if (t & INCOMING) continue;
        from[r] = place[u]!;
        to[r] = place[e.neighbours[i]!]!;
        segments[r] = this.segmentAt(u, e, i);
        types[r++] = t;
      }
      if ((u & STEP) === STEP) yield;
    }
    return { n, from, to, types, segments, finish: (csr) => new Topology(ids, kinds, csr) };
  }

  /** Everything this snapshot holds, in bytes: arrays exactly, the overlay's JS objects by estimate. */
  memoryBytes(): number {
    const { offsets, neighbours, types, segments } = this.csr;
    let bytes =
      this.ids.byteLength + this.kinds.byteLength + offsets.byteLength + neighbours.byteLength + types.byteLength + segments.byteLength;
    const s = this.scratchSpace;
    if (s) bytes += s.mark.byteLength + s.parent.byteLength;
    // Estimates for V8: a string is a 16-byte header and 1 or 2 bytes a character; a Map entry
    // about 40 bytes; an array slot 8 bytes; a small object about 64 bytes.
    for (const id of this.extraIds) bytes += 16 + 2 * id.length + 40 + 16;
    bytes += this.segmentEdits.size * (40 + 32);
    for (const patch of this.patches.values()) {
      bytes += 64 + 40 + patch.removed.size * 40 + patch.added.length * 8;
      if (patch.view) bytes += patch.view.neighbours.byteLength + 2 * patch.view.types.byteLength + 64;
    }
    return bytes;
  }

  /** The search scratch, sized for every node; shared by the (synchronous) searches on this snapshot. */
  scratch(): Scratch {
    const n = this.nodeCount;
    let s = this.scratchSpace;
    if (!s || s.mark.length < n) {
      // Room for nodes added later, so that a few additions do not reallocate each time.
      const size = n + Math.min(4096, (n >> 6) + 16);
      s = { mark: new Int32Array(size), parent: new Int32Array(size), epoch: 0 };
      this.scratchSpace = s;
    }
    return s;
  }

  private checkNode(node: number) {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) throw new RangeError(`no node ${node}`);
  }

  /** The base entries of a→b at a and at b, or undefined. */
  private baseEntries(a: number, type: number, b: number): [number, number] | undefined {
    if (a >= this.ids.size || b >= this.ids.size) return undefined;
    const at = findEntry(this.csr, a, type, b, false);
    return at < 0 ? undefined : [at, findEntry(this.csr, b, type, a, true)];
  }

  /** Where a→b sits in a's added entries, or -1. */
  private addedAt(a: number, type: number, b: number): number {
    const added = this.patches.get(a)?.added;
    if (!added) return -1;
    for (let i = 0; i < added.length; i += 2) if (added[i] === b && added[i + 1] === type) return i;
    return -1;
  }

  private edit(u: number): Patch {
    let patch = this.patches.get(u);
    if (!patch) {
      patch = { removed: new Set(), added: [] };
      this.patches.set(u, patch);
    }
    patch.view = undefined;
    return patch;
  }

  /** Drops patches left empty, so that unchanged nodes read the arrays directly again. */
  private tidy(...nodes: number[]) {
    for (const u of nodes) {
      const patch = this.patches.get(u);
      if (patch && patch.removed.size === 0 && patch.added.length === 0) this.patches.delete(u);
    }
  }

  /** The base entries (already sorted) merged with the few added ones, so that a hub's view costs one pass. */
  private viewOf(u: number, patch: Patch): Entries {
    const order = (v: number, s: number, w: number, t: number) =>
      (s & TYPE_MASK) - (t & TYPE_MASK) || this.compareNodes(v, w) || (s & INCOMING) - (t & INCOMING);
    const added: [number, number][] = [];
    for (let i = 0; i < patch.added.length; i += 2) added.push([patch.added[i]!, patch.added[i + 1]!]);
    added.sort(([v, s], [w, t]) => order(v, s, w, t));
    const { offsets, neighbours, types, segments } = this.csr;
    const [start, end] = u < this.ids.size ? [offsets[u]!, offsets[u + 1]!] : [0, 0];
    const size = end - start - patch.removed.size + added.length;
    const view = { neighbours: new Int32Array(size), types: new Uint8Array(size), segments: new Uint8Array(size), start: 0, end: size };
    let at = 0;
    let j = 0;
    // An added entry's segment lives in segmentEdits (0 here); a base entry keeps its own.
    const put = (v: number, t: number, g = 0) => {
      view.neighbours[at] = v;
      view.segments[at] = g;
      view.types[at++] = t;
    };
    for (let i = start; i < end; i++) {
      if (patch.removed.has(i)) continue;
      const v = neighbours[i]!;
      const t = types[i]!;
      for (; j < added.length && order(added[j]![0], added[j]![1], v, t) < 0; j++) put(added[j]![0], added[j]![1]);
      put(v, t, segments[i]);
    }
    for (; j < added.length; j++) put(added[j]![0], added[j]![1]);
    return view;
  }
}
