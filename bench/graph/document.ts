/** One generated source document: its sentences, and the entities and relations they evidence. */
import type { Kind, RelationType } from '../../src/core/schema.js';
import { type Rng, Zipf } from './random.js';
import type { GeneratedGraph } from './shape.js';

export interface SeedEntity {
  id: string;
  kind: Kind;
  name: string;
  aliases?: string[];
  description?: string;
  props?: Record<string, unknown>;
  evidence: { quote: string }[];
}
export interface SeedRelation {
  type: RelationType;
  from: string;
  to: string;
  props?: Record<string, unknown>;
  evidence: { quote: string }[];
}

/** Target pickers: Zipf over each kind's ranks, with exponents that make hubs of parks, funds and big customers. */
export function pickers(g: GeneratedGraph) {
  const zipf = (kind: Kind, s: number) => {
    const list = g.byKind.get(kind) as Int32Array;
    const z = new Zipf(list.length, s);
    return (r: Rng) => list[z.sample(r)] as number;
  };
  const uniform = (kind: Kind) => {
    const list = g.byKind.get(kind) as Int32Array;
    return (r: Rng) => list[Math.floor(r() * list.length)] as number;
  };
  return {
    park: zipf('Park', 0.75),
    fundHome: zipf('Park', 1.1),
    fund: zipf('Fund', 0.9),
    industry: zipf('Industry', 0.6),
    region: zipf('Region', 0.5),
    bigCustomer: zipf('Company', 0.9),
    parent: zipf('Company', 1.0),
    producer: zipf('Company', 0.7),
    company: uniform('Company'),
    university: zipf('University', 0.7),
    institute: zipf('ResearchInstitute', 0.7),
  };
}

export class DocumentWriter {
  readonly sentences: string[] = [];
  readonly entities: SeedEntity[] = [];
  readonly relations: SeedRelation[] = [];
  private readonly declared = new Set<string>();
  private readonly relationKeys = new Set<string>();

  /** Adds a sentence to the text and returns it as a quote (≤ 80 characters, no whitespace). */
  say(sentence: string): { quote: string } {
    if (sentence.length > 80 || /\s/.test(sentence)) throw new Error(`bad generated quote: ${sentence}`);
    this.sentences.push(sentence);
    return { quote: sentence };
  }
  entity(e: SeedEntity) {
    if (this.declared.has(e.id)) return;
    this.declared.add(e.id);
    this.entities.push(e);
  }
  relation(r: Omit<SeedRelation, 'evidence'>, sentence: string) {
    if (r.from === r.to) return;
    const key = `${r.from}|${r.type}|${r.to}`;
    if (this.relationKeys.has(key)) return;
    this.relationKeys.add(key);
    this.relations.push({ ...r, evidence: [this.say(sentence)] });
  }
  /** Hubs are restated by some documents that mention them: the importer merges their evidence. */
  restate(id: string, kind: Kind, name: string) {
    if (this.declared.has(id)) return;
    // The name alone is a quote: it is inside the sentence that mentioned the hub.
    this.entity({ id, kind, name, evidence: [{ quote: name }] });
  }
  text(title: string) {
    const lines: string[] = [title, ''];
    for (let i = 0; i < this.sentences.length; i += 6) lines.push(`${this.sentences.slice(i, i + 6).join('。')}。`);
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Writes the corpus and the seed files into `dir` (reusing them when a previous run with the same
 * parameters left them complete) and returns the manifest: counts and the query samples.
 */
