/**
 * The knowledge graph as loaded from seeds/, against the run's real Neo4j: every node and
 * relationship is evidenced by a quote found in its corpus document, only the ontology is used, and
 * names, aliases and look-up keys resolve to one node.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupKey } from '../../src/core/names.js';
import { SEEDS_DIR } from '../../src/core/paths.js';
import { KINDS, RELATION_TYPES } from '../../src/core/schema.js';
import { compileSeedPaths } from '../../src/knowledge/seed-paths.js';
import { readGraph } from '../../src/repositories/graph-read.js';
import { connect } from '../helpers.js';
import { CORPUS, normalise, type Snapshot, snapshot } from './helpers.js';

describe('the knowledge graph loaded from seeds/', () => {
  const db = connect();
  let baseline: Snapshot;

  beforeAll(async () => {
    baseline = await snapshot(db);
  });

  afterAll(async () => {
    await db.close();
  });

  describe('evidence and ontology', () => {
    it('holds exactly the compiled seeds, nothing more', async () => {
      const compiled = await compileSeedPaths([SEEDS_DIR]);
      const stored = await readGraph(db);
      expect(stored.entities.length).toBeGreaterThan(100);
      expect(normalise(stored)).toEqual(normalise(compiled));
      // Besides the change log's bookkeeping (src/repositories/changes.ts).
      const others = await db.read<{ n: number }>(
        'MATCH (n) WHERE NOT n:Entity AND NOT n:Document AND NOT n:GraphMeta AND NOT n:GraphChange RETURN count(n) AS n',
      );
      expect(others).toEqual([{ n: 0 }]);
    });

    it('evidences 100% of nodes and relationships by quotes found in existing corpus documents', async () => {
      // An independent check: the corpus read here, whitespace dropped character by character.
      const corpus = new Map<string, string>();
      for (const name of await readdir(CORPUS)) {
        const text = await readFile(join(CORPUS, name), 'utf8');
        corpus.set(name, [...text].filter((c) => !/\s/u.test(c)).join(''));
      }
      expect(corpus.size).toBeGreaterThan(0);
      const dense = (s: string) => [...s].filter((c) => !/\s/u.test(c)).join('');

      const nodes = await db.read<{ what: string; evidence: string[] | null }>(
        "MATCH (n:Entity) RETURN 'node ' + n.id AS what, n.evidence AS evidence",
      );
      const rels = await db.read<{ what: string; evidence: string[] | null }>(
        "MATCH (a)-[r]->(b) RETURN 'relationship ' + coalesce(a.id, a.file) + ' -' + type(r) + '-> ' + coalesce(b.id, b.file) AS what, r.evidence AS evidence",
      );
      expect(nodes.length).toBe(baseline.labels.Entity);
      expect(rels.length).toBe(Object.values(baseline.types).reduce((a, b) => a + b, 0));

      const problems: string[] = [];
      let quotes = 0;
      for (const { what, evidence } of [...nodes, ...rels]) {
        if (!evidence || evidence.length === 0) problems.push(`${what}: no evidence`);
        for (const record of evidence ?? []) {
          quotes++;
          const tab = record.indexOf('\t');
          const [document, quote] = tab < 0 ? [record, ''] : [record.slice(0, tab), record.slice(tab + 1)];
          const body = corpus.get(document);
          if (body === undefined) problems.push(`${what}: document "${document}" is not in ${CORPUS}`);
          else if (quote.trim().length === 0) problems.push(`${what}: empty quote`);
          else if (quote.length > 80) problems.push(`${what}: quote longer than 80 characters: ${quote}`);
          else if (!body.includes(dense(quote))) problems.push(`${what}: "${quote}" not found in ${document}`);
        }
      }
      expect(problems).toEqual([]);
      expect(quotes).toBeGreaterThanOrEqual(nodes.length + rels.length);

      const documents = await db.read<{ file: string }>('MATCH (d:Document) RETURN d.file AS file');
      expect(documents.map((d) => d.file).filter((f) => !corpus.has(f))).toEqual([]);
    });

    it('uses only the ontology: relationship types, between entities; one kind label besides :Entity', async () => {
      const types = await db.read<{ type: string; ends: boolean }>(
        'MATCH (a)-[r]->(b) RETURN DISTINCT type(r) AS type, a:Entity AND b:Entity AS ends',
      );
      expect(types.filter((t) => !(RELATION_TYPES as readonly string[]).includes(t.type) || !t.ends)).toEqual([]);

      const nodes = await db.read<{ id: string; labels: string[]; kind: string }>(
        'MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, n.kind AS kind',
      );
      const bad = nodes.filter(({ labels, kind }) => {
        const kinds = labels.filter((l) => (KINDS as readonly string[]).includes(l));
        return labels.length !== 2 || !labels.includes('Entity') || kinds.length !== 1 || kinds[0] !== kind;
      });
      expect(bad).toEqual([]);
      // Every kind of the ontology is used, and ids are unique.
      expect(new Set(nodes.map((n) => n.kind))).toEqual(new Set(KINDS));
      expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    });
  });

  describe('aliases, look-up keys and parent/subsidiary', () => {
    it('makes 三伍微 one node under its full name, with its short names as aliases', async () => {
      const rows = await db.read<{ id: string; name: string; aliases: string[] }>(
        `MATCH (n:Entity) WHERE n.name CONTAINS '三伍微' OR any(a IN n.aliases WHERE a CONTAINS '三伍微')
         RETURN n.id AS id, n.name AS name, n.aliases AS aliases`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: 'san-wu-wei', name: '晋江三伍微电子有限公司' });
      expect(rows[0]?.aliases).toEqual(expect.arrayContaining(['三伍微', '三伍微电子']));
      for (const alias of ['三伍微', '三伍微电子', '晋江三伍微电子有限公司']) {
        const found = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
          key: lookupKey(alias),
        });
        expect(found.map((r) => r.id)).toEqual(['san-wu-wei']);
      }
    });

    it('finds 毫束科技(晋江) whether its brackets are full-width or half-width', async () => {
      expect(lookupKey('毫束科技（晋江）有限公司')).toBe(lookupKey('毫束科技(晋江)有限公司'));
      for (const name of ['毫束科技（晋江）有限公司', '毫束科技(晋江)有限公司', ' 毫束科技（晋江）有限公司 ']) {
        const found = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
          key: lookupKey(name),
        });
        expect(
          found.map((r) => r.id),
          name,
        ).toEqual(['hao-shu-ke-ji']);
      }
      const beijing = await db.read<{ id: string }>('MATCH (n:Entity) WHERE $key IN n.lookupKeys RETURN n.id AS id', {
        key: lookupKey('毫束科技（北京）有限公司'),
      });
      expect(beijing.map((r) => r.id)).toEqual(['hao-shu-ke-ji-bei-jing']);
    });

    it('keeps 毫束科技(晋江) and 毫束科技(北京) apart, the first a subsidiary of the second', async () => {
      const rows = await db.read<{ sub: string; parent: string }>(
        `MATCH (s:Company:Entity {id: 'hao-shu-ke-ji'})-[:SUBSIDIARY_OF]->(p:Company:Entity {id: 'hao-shu-ke-ji-bei-jing'})
         RETURN s.name AS sub, p.name AS parent`,
      );
      expect(rows).toEqual([{ sub: '毫束科技(晋江)有限公司', parent: '毫束科技(北京)有限公司' }]);
      const reverse = await db.read<{ n: number }>(
        "MATCH (:Entity {id: 'hao-shu-ke-ji-bei-jing'})-[r:SUBSIDIARY_OF]->(:Entity {id: 'hao-shu-ke-ji'}) RETURN count(r) AS n",
      );
      expect(reverse).toEqual([{ n: 0 }]);
    });

    it('records the investments in 新生纪元 and 三伍微 with their amount and round', async () => {
      const xinsheng = await db.read<{ investor: string; amountCny: number }>(
        `MATCH (f:Entity)-[r:INVESTS_IN]->(:Entity {id: 'xin-sheng-ji-yuan'}) RETURN f.name AS investor, r.amountCny AS amountCny`,
      );
      expect(xinsheng).toContainEqual({ investor: '新希望大健康产业基金', amountCny: 18_000_000 });
      const sanwuwei = await db.read<{ round: string }>(
        `MATCH (:Fund:Entity {id: 'jin-jiang-an-xin-ji-jin', name: '晋江安芯基金'})-[r:INVESTS_IN]->(:Entity {id: 'san-wu-wei'}) RETURN r.round AS round`,
      );
      expect(sanwuwei).toEqual([{ round: '天使轮' }]);
    });
  });
});
