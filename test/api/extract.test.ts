import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSeedFiles } from '../../src/knowledge/export.js';
import { readGraph } from '../../src/repositories/graph-read.js';
import { connect, testServer } from '../helpers.js';
import { deleteArticle } from '../support/fixtures.js';

const KEY = 'test-key-extract';
const ARTICLE = readFileSync(new URL('../fixtures/articles/review-article.txt', import.meta.url), 'utf8');
const COMPANY = 'xing-he-wei-dian-zi-jin-jiang-you-xian-gong-si';

const EXTRACT = `query($text: String!, $title: String, $date: String) { extract(text: $text, title: $title, date: $date) {
  __typename
  ... on ArticleDraft {
    document { file title date stored }
    entities { key id kind name known confidence quotes span { start end } rejected entity { slug } }
    relations { key type from to props { since kind role amountCny } confidence quotes span { start end } rejected }
  }
  ... on ArticleError { problem message code }
  ... on ValidationError { issues { path message } }
} }`;

const ACCEPT = `mutation($input: AcceptArticleInput!) { acceptArticle(input: $input) {
  __typename
  ... on AcceptArticlePayload { document { file stored } entities { slug name } relations rejected }
  ... on ArticleError { problem message }
  ... on ValidationError { issues { path message } }
  ... on Error { message code }
} }`;

interface Proposal {
  key: string;
  type: string;
  from: string;
  to: string;
  props: Record<string, unknown>;
  quotes: string[];
  span: { start: number; end: number };
  rejected: boolean;
}
interface ProposedEntity {
  key: string;
  id: string;
  kind: string;
  name: string;
  known: boolean;
  quotes: string[];
  entity: { slug: string } | null;
}

describe('extract and acceptArticle', () => {
  const db = connect();
  const { query } = testServer(db, { apiKey: KEY });
  const write = (variables: Record<string, unknown>) => query(ACCEPT, variables, { 'x-api-key': KEY });
  const counts = async () => {
    const [row] = await db.read<{ nodes: number; rels: number; texts: number }>(
      `CALL { MATCH (n) WHERE NOT n:GraphChange AND NOT n:GraphMeta RETURN count(n) AS nodes }
       CALL { MATCH ()-[r]->() RETURN count(r) AS rels }
       CALL { MATCH (d:Document) WHERE d.text IS NOT NULL RETURN count(d) AS texts }
       RETURN nodes, rels, texts`,
    );
    if (!row) throw new Error('no counts');
    return row;
  };
  let file = '';
  const extract = async (text = ARTICLE) => {
    const result = await query<{
      extract: { document: { file: string; stored: boolean }; entities: ProposedEntity[]; relations: Proposal[] };
    }>(EXTRACT, { text, title: '星河微电子落户芯创港', date: '2025-03' });
    expect(result.errors).toBeUndefined();
    return result.data?.extract as NonNullable<typeof result.data>['extract'];
  };
  const relationInput = (r: Proposal) => ({ type: r.type, from: r.from, to: r.to, props: r.props, quotes: r.quotes });
  const entityInput = (e: ProposedEntity) => ({ id: e.id, kind: e.kind, name: e.name, quotes: e.quotes });

  beforeAll(async () => {
    file = (await extract()).document.file;
    await deleteArticle(db, file);
  });
  afterAll(async () => {
    await deleteArticle(db, file);
    await db.close();
  });

  it('answers proposals with known ends, quotes and sentence spans, and writes nothing', async () => {
    const before = await counts();
    const draft = await extract();
    expect(await counts()).toEqual(before);
    expect(draft.document).toMatchObject({ file: expect.stringMatching(/^article-[0-9a-f]{16}\.txt$/), stored: false });
    const park = draft.entities.find((e) => e.id === 'nan-yi-jin-jiang-guo-ji-xin-chuang-gang');
    expect(park).toMatchObject({ known: true, kind: 'Park', entity: { slug: 'nan-yi-jin-jiang-guo-ji-xin-chuang-gang' } });
    expect(draft.entities.find((e) => e.id === COMPANY)).toMatchObject({ known: false, kind: 'Company', entity: null });
    const types = draft.relations.map((r) => r.type).sort();
    expect(types).toEqual(expect.arrayContaining(['LEADS', 'LOCATED_IN']));
    for (const r of draft.relations) {
      const sentence = ARTICLE.slice(r.span.start, r.span.end);
      expect(sentence.replace(/\s/g, '')).toContain((r.quotes[0] as string).replace(/\s/g, ''));
      expect(r.key).toBe(`${r.type}|${r.from}|${r.to}`);
      expect(r.rejected).toBe(false);
    }
    // The same text is the same document.
    expect((await extract()).document.file).toBe(draft.document.file);
  });

  it('refuses bad articles with a typed error saying what is wrong', async () => {
    const problem = async (text: string) => {
      const result = await query(EXTRACT, { text });
      return result.data?.extract;
    };
    expect(await problem('   ')).toMatchObject({ __typename: 'ArticleError', problem: 'EMPTY', code: 'BAD_ARTICLE' });
    expect(await problem(`星河微电子落户芯创港${'\u0000'.repeat(50)}`)).toMatchObject({ problem: 'BINARY' });
    expect(await problem('a'.repeat(300_001))).toMatchObject({ problem: 'HUGE', message: expect.stringContaining('300000') });
    expect(await problem('Star River Microelectronics settles in the park.')).toMatchObject({ problem: 'NO_CHINESE' });
    expect(await query(EXTRACT, { text: ARTICLE, date: '2025年3月' })).toMatchObject({
      data: { extract: { __typename: 'ValidationError', issues: [{ path: 'date' }] } },
    });
    const before = await counts();
    expect((await write({ input: { text: 'x'.repeat(300_001) } })).data?.acceptArticle).toMatchObject({ problem: 'HUGE' });
    expect(await counts()).toEqual(before);
  });

  it('needs the API key to write', async () => {
    const draft = await extract();
    const before = await counts();
    const result = await query(ACCEPT, { input: { text: ARTICLE, relations: draft.relations.map(relationInput) } });
    expect(result.data?.acceptArticle).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });

  it('writes nothing at all when one quote is not in the article, and says where', async () => {
    const draft = await extract();
    const before = await counts();
    const relations = draft.relations.map(relationInput);
    (relations[1] as { quotes: string[] }).quotes = ['星河微电子与厦门大学签订合作协议'];
    const entities = draft.entities.filter((e) => !e.known).map(entityInput);
    const result = await write({ input: { text: ARTICLE, entities, relations, rejected: [] } });
    expect(result.data?.acceptArticle).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.relations.1.quotes.0', message: expect.stringContaining('not found in') }],
    });
    expect(await counts()).toEqual(before);
    // An end that is neither accepted nor in the graph, and a known entity given another kind.
    const dangling = await write({ input: { text: ARTICLE, relations: [relationInput(draft.relations[0] as Proposal)] } });
    expect(dangling.data?.acceptArticle).toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^input\.relations\.0\.(from|to)$/) })]),
    });
    const park = draft.entities.find((e) => e.known) as ProposedEntity;
    const kind = await write({ input: { text: ARTICLE, entities: [{ ...entityInput(park), kind: 'Fund' }] } });
    expect(kind.data?.acceptArticle).toMatchObject({ issues: [{ path: 'input.entities.0.kind' }] });
    expect(await counts()).toEqual(before);
  });

  it('writes the accepted proposals with the article, and remembers the rejected one', async () => {
    const draft = await extract();
    const pick = (type: string) => draft.relations.find((r) => r.type === type) as Proposal;
    // Two of the company's facts (which two follows the extractor's rules), and its chairman rejected.
    const accepted = draft.relations.filter((r) => r.type !== 'LEADS' && (r.from === COMPANY || r.to === COMPANY)).slice(0, 2);
    expect(accepted).toHaveLength(2);
    const rejected = pick('LEADS');
    const ends = new Set(accepted.flatMap((r) => [r.from, r.to]));
    const entities = draft.entities.filter((e) => ends.has(e.id)).map(entityInput);
    const before = await counts();
    const result = await write({
      input: {
        text: ARTICLE,
        title: '星河微电子落户芯创港',
        date: '2025-03',
        entities,
        relations: accepted.map(relationInput),
        rejected: [rejected.key],
      },
    });
    expect(result.data?.acceptArticle).toMatchObject({
      __typename: 'AcceptArticlePayload',
      document: { file, stored: true },
      relations: 2,
      rejected: 1,
    });
    const after = await counts();
    expect(after.rels - before.rels).toBe(2);
    expect(after.texts - before.texts).toBe(1);

    const card = await query(
      `{ entity(id: "${COMPANY}") { name evidence { document quote context }
          relations { edges { node { type evidence { document title quote context } } } } } }`,
    );
    const company = card.data?.entity;
    expect(company.name).toBe('星河微电子(晋江)有限公司');
    const types = company.relations.edges.map((e: { node: { type: string } }) => e.node.type).sort();
    expect(types).toEqual(accepted.map((r) => r.type).sort());
    // Each quote with its document's title and its sentence in the stored text.
    const squeeze = (x: string) => x.replace(/\s+/g, '');
    for (const { node } of company.relations.edges as { node: { type: string; evidence: Record<string, string>[] } }[]) {
      const proposal = accepted.find((r) => r.type === node.type) as Proposal;
      expect(node.evidence.map((e) => e.quote)).toEqual(proposal.quotes);
      for (const e of node.evidence) {
        expect(e).toMatchObject({ document: file, title: '星河微电子落户芯创港' });
        expect(squeeze(e.context as string)).toContain(squeeze(e.quote as string));
      }
    }

    // An export keeps the document and its facts, marked unverified (its text is not in the corpus), without the text.
    const exported = toSeedFiles(await readGraph(db), (f) => f !== file).find((f) => f.document.file === file);
    expect(exported?.document).toEqual({ file, title: '星河微电子落户芯创港', date: '2025-03', unverified: true });
    expect(exported?.relations.map((r) => r.type).sort()).toEqual(accepted.map((r) => r.type).sort());

    // The same article again: the document is stored, the rejected proposal marked.
    const again = await extract();
    expect(again.document.stored).toBe(true);
    expect(again.relations.find((r) => r.key === rejected.key)?.rejected).toBe(true);
    expect(again.relations.filter((r) => r.rejected)).toHaveLength(1);

    // A later review that accepts it forgets the rejection.
    const second = await write({
      input: {
        text: ARTICLE,
        entities: draft.entities.filter((e) => e.id === rejected.from).map(entityInput),
        relations: [relationInput(rejected)],
      },
    });
    expect(second.data?.acceptArticle).toMatchObject({ relations: 1, rejected: 0 });
    expect((await extract()).relations.filter((r) => r.rejected)).toHaveLength(0);
  });

  it('costs extraction in the complexity budget', async () => {
    const many = Array.from({ length: 6 }, (_, i) => `e${i}: extract(text: $text) { __typename }`).join(' ');
    const result = await query(`query($text: String!) { ${many} }`, { text: ARTICLE });
    expect(result.errors?.[0]?.message).toMatch(/complexity/i);
  });
});
