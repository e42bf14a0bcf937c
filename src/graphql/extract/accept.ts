/**
 * `acceptArticle`: a reviewed article written in one transaction — its document with the text, the
 * accepted entities and relations (as edited), and the proposals rejected — through the validation
 * of `kg import` (the seed schema, the quote check against the text, the importer): all or nothing.
 */
import { MAX_REJECTED } from '../../core/limits.js';
import { entityKey, relationKey } from '../../core/proposals.js';
import { compileSeeds } from '../../knowledge/compile.js';
import { SeedError } from '../../knowledge/seed-file.js';
import { entitiesByIds } from '../../repositories/entities.js';
import { existingIds, importGraph } from '../../repositories/graph-write.js';
import type { EntityRecord } from '../../repositories/records.js';
import { builder } from '../builder.js';
import { compact } from '../entities/upsert.js';
import { EntityKindEnum, RelationTypeEnum } from '../enums.js';
import { type FieldIssue, ForbiddenError, UnreadableArticleError, ValidationError } from '../errors.js';
import { forgetEntities } from '../loaders.js';
import { EntityRef } from '../refs.js';
import { RelationPropsInput } from '../relations/mutations.js';
import { readArticle } from './article.js';
import { ArticleDocumentRef, articleMetaSchema } from './extract.js';

/** Records one review may accept: a long article's proposals, with room to spare. */
const MAX_RECORDS = 2_000;

const AcceptEntityInput = builder.inputType('AcceptEntityInput', {
  description: 'An entity to write: a new one, or a known one (then only its evidence and aliases are added; its kind must match).',
  fields: (t) => ({
    id: t.string({ required: true }),
    kind: t.field({ type: EntityKindEnum, required: true }),
    name: t.string({ required: true }),
    aliases: t.stringList(),
    quotes: t.stringList({ required: true, description: 'each found in the article (whitespace ignored), at most 80 characters' }),
  }),
});

const AcceptRelationInput = builder.inputType('AcceptRelationInput', {
  description: 'A relation to write, possibly edited (type, ends, props); its ends are accepted entities or ids in the graph.',
  fields: (t) => ({
    type: t.field({ type: RelationTypeEnum, required: true }),
    from: t.string({ required: true }),
    to: t.string({ required: true }),
    props: t.field({ type: RelationPropsInput }),
    quotes: t.stringList({ required: true }),
  }),
});

const AcceptArticleInput = builder.inputType('AcceptArticleInput', {
  fields: (t) => ({
    text: t.string({ required: true, description: 'the article as given to `extract`' }),
    title: t.string(),
    date: t.string({ description: 'ISO date' }),
    entities: t.field({ type: [AcceptEntityInput], defaultValue: [] }),
    relations: t.field({ type: [AcceptRelationInput], defaultValue: [] }),
    rejected: t.stringList({ defaultValue: [], description: 'the `key`s of the proposals rejected: remembered for this article' }),
  }),
});

interface Accepted {
  document: { file: string; title?: string; date?: string; stored: boolean };
  entities: string[];
  relations: number;
  rejected: number;
}

const AcceptArticlePayload = builder.objectRef<Accepted>('AcceptArticlePayload').implement({
  fields: (t) => ({
    document: t.field({ type: ArticleDocumentRef, resolve: (p) => p.document }),
    entities: t.field({
      type: [EntityRef],
      description: 'the entities written (new or given evidence)',
      resolve: async (p, _args, { loaders }) =>
        (await loaders.entity.loadMany(p.entities)).filter((e): e is EntityRecord => e !== null && !(e instanceof Error)),
    }),
    relations: t.int({ description: 'how many relations were written', resolve: (p) => p.relations }),
    rejected: t.int({ description: 'how many rejections this review added', resolve: (p) => p.rejected }),
  }),
});

/** The compiler's messages name the file (here `input`), the record and the field: turned into dotted input paths. */
const SEED_ISSUE = /^input: (?:(entities|relations)\[(\d+)\](?: \([^)]*\))?|document)(?:: ([\w.[\]]+))?: (.*)$/su;
export function seedIssue(issue: string): FieldIssue {
  const m = SEED_ISSUE.exec(issue);
  if (!m) return { path: 'input', message: issue };
  const [, section, index, field, message] = m;
  const where = field
    ?.replace(/\[(\d+)\]/g, '.$1')
    .replace(/^evidence\.(\d+)\.quote$/, 'quotes.$1')
    .replace(/^evidence$/, 'quotes');
  const path = ['input', ...(section ? [section, index] : []), ...(where ? [where] : [])].join('.');
  return { path, message: message ?? issue };
}

const tooMany = (path: string, n: number, max: number): FieldIssue[] => (n > max ? [{ path, message: `at most ${max}, not ${n}` }] : []);

builder.mutationField('acceptArticle', (t) =>
  t.field({
    type: AcceptArticlePayload,
    description:
      'Writes a reviewed article in one transaction: its document with the text, the accepted entities and relations (checked as `kg import` checks a seed file, every quote against the text), and the rejected proposals, remembered for the next extraction. All or nothing. Needs the API key.',
    authScopes: { writer: true },
    errors: { types: [UnreadableArticleError, ValidationError, ForbiddenError], directResult: true },
    complexity: { field: 500 },
    args: { input: t.arg({ type: AcceptArticleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const article = readArticle(input.text);
      const entities = input.entities ?? [];
      const relations = input.relations ?? [];
      const rejected = [...new Set(input.rejected ?? [])];
      const bounds = [
        ...tooMany('input.entities', entities.length, MAX_RECORDS),
        ...tooMany('input.relations', relations.length, MAX_RECORDS),
        ...tooMany('input.rejected', rejected.length, MAX_REJECTED),
      ];
      if (bounds.length > 0) throw new ValidationError('too many records', bounds);
      const meta = articleMetaSchema.safeParse({ title: input.title ?? undefined, date: input.date ?? undefined });
      if (!meta.success)
        throw new ValidationError(
          'invalid article',
          meta.error.issues.map((i) => ({ path: ['input', ...i.path].join('.'), message: i.message })),
        );

      // A known entity keeps its kind and its name; the name the review gives it becomes an alias.
      const stored = await entitiesByIds(
        ctx.db,
        entities.map((e) => e.id),
      );
      const issues: FieldIssue[] = [];
      const seedEntities = entities.map((e, i) => {
        const current = stored[i];
        const aliases = [...(e.aliases ?? [])];
        if (current && current.kind !== e.kind)
          issues.push({ path: `input.entities.${i}.kind`, message: `${e.id} is a ${current.kind}, not a ${e.kind}` });
        if (current && e.name !== current.name && !aliases.includes(e.name)) aliases.push(e.name);
        return { id: e.id, kind: e.kind, name: current?.name ?? e.name, aliases, evidence: e.quotes.map((quote) => ({ quote })) };
      });
      if (issues.length > 0) throw new ValidationError('invalid article review', issues);
      const seed = {
        document: { file: article.file, ...meta.data },
        entities: seedEntities,
        relations: relations.map((r) => ({
          type: r.type,
          from: r.from,
          to: r.to,
          props: compact(r.props),
          evidence: r.quotes.map((quote) => ({ quote })),
        })),
      };
      let graph: Awaited<ReturnType<typeof compileSeeds>>;
      try {
        graph = await compileSeeds([{ file: 'input', data: seed }], {
          documentDirs: [],
          texts: new Map([[article.file, article.text]]),
          existingIds: (ids) => existingIds(ctx.db, ids),
        });
      } catch (error) {
        if (error instanceof SeedError) throw new ValidationError('invalid article review', error.issues.map(seedIssue));
        throw error;
      }
      const accepted = [...graph.entities.map(entityKey), ...graph.relations.map(relationKey)];
      graph.documents = graph.documents.map((d) => ({ ...d, text: article.text, rejected, accepted }));
      await importGraph(ctx.db, graph, { timeoutMs: ctx.db.timeouts.writeMs });
      // This instance's next traversal sees the write.
      await ctx.traversals.live.refresh();
      forgetEntities(ctx.loaders);
      ctx.loaders.relations.clearAll();
      ctx.loaders.relationPage.clearAll();
      return {
        document: { file: article.file, ...meta.data, stored: true },
        entities: graph.entities.map((e) => e.id),
        relations: graph.relations.length,
        rejected: rejected.length,
      };
    },
  }),
);
