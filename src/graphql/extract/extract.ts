/** `extract(text, title, date)`: an article's proposed entities and relations, read against the graph, written nowhere. */
import { KINDS, type Kind } from '../../core/ontology.js';
import { entityKey, relationKey } from '../../core/proposals.js';
import { documentSchema, type RelationProps } from '../../core/schema.js';
import { type DraftEntity, type DraftRelation, extractDraft, type Span } from '../../extract/extract.js';
import { articleReview } from '../../repositories/documents.js';
import { builder } from '../builder.js';
import { ChainSegmentEnum, EntityKindEnum, RelationTypeEnum } from '../enums.js';
import { UnreadableArticleError, ValidationError } from '../errors.js';
import { EntityRef } from '../refs.js';
import { readArticle } from './article.js';

/** Extraction is the costliest work a query can ask for (seconds of CPU for the longest article): two in a request at most. */
export const EXTRACT_COMPLEXITY = 2_000;

interface ArticleDocument {
  file: string;
  title?: string;
  date?: string;
  stored: boolean;
}

type Proposed<T> = T & { rejected: boolean };

interface ArticleDraft {
  document: ArticleDocument;
  entities: Proposed<DraftEntity>[];
  relations: Proposed<DraftRelation>[];
}

export const ArticleDocumentRef = builder.objectRef<ArticleDocument>('ArticleDocument').implement({
  description: 'The document an article is stored under: named by its content, so the same text is the same document.',
  fields: (t) => ({
    file: t.exposeString('file'),
    title: t.exposeString('title', { nullable: true }),
    date: t.exposeString('date', { nullable: true }),
    stored: t.exposeBoolean('stored', { description: 'an earlier review wrote it to the graph' }),
  }),
});

const SpanRef = builder.objectRef<Span>('TextSpan').implement({
  description: "[start, end) of the proposal's sentence in the article as given, in UTF-16 code units (JavaScript string indexes).",
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

const ProposedPropsRef = builder.objectRef<RelationProps>('ProposedRelationProps').implement({
  fields: (t) => ({
    amountCny: t.exposeFloat('amountCny', { nullable: true }),
    round: t.exposeString('round', { nullable: true }),
    date: t.exposeString('date', { nullable: true }),
    since: t.exposeString('since', { nullable: true }),
    kind: t.exposeString('kind', { nullable: true }),
    role: t.exposeString('role', { nullable: true }),
    product: t.exposeString('product', { nullable: true }),
    segment: t.field({ type: ChainSegmentEnum, nullable: true, resolve: (p) => p.segment ?? null }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const quotes = (record: { evidence: { quote: string }[] }) => record.evidence.map((e) => e.quote);

const ProposedEntityRef = builder.objectRef<Proposed<DraftEntity>>('ProposedEntity').implement({
  description: 'An entity the article names that takes part in a proposed relation.',
  fields: (t) => ({
    key: t.string({ description: 'what `acceptArticle(rejected)` names it by', resolve: (e) => entityKey(e) }),
    id: t.exposeString('id', { description: 'the known id, or a fresh slug for a new entity' }),
    kind: t.field({ type: EntityKindEnum, resolve: (e) => e.kind }),
    name: t.exposeString('name', { description: 'the canonical name when known, else the name as written' }),
    aliases: t.exposeStringList('aliases'),
    known: t.exposeBoolean('known', { description: 'the graph already holds it (accepting it only adds evidence)' }),
    entity: t.field({
      type: EntityRef,
      nullable: true,
      description: "the graph's entity, when known",
      resolve: (e, _args, { loaders }) => (e.known ? loaders.entity.load(e.id) : null),
    }),
    confidence: t.exposeFloat('confidence'),
    quotes: t.stringList({ resolve: quotes }),
    span: t.field({ type: SpanRef, resolve: (e) => e.span }),
    rejected: t.exposeBoolean('rejected', { description: 'a review of this article rejected it' }),
  }),
});

const ProposedRelationRef = builder.objectRef<Proposed<DraftRelation>>('ProposedRelation').implement({
  description: 'A relation the article states, with the quote that states it.',
  fields: (t) => ({
    key: t.string({ description: 'TYPE|from|to: what `acceptArticle(rejected)` names it by', resolve: (r) => relationKey(r) }),
    type: t.field({ type: RelationTypeEnum, resolve: (r) => r.type }),
    from: t.exposeString('from', { description: 'id of a proposed entity' }),
    to: t.exposeString('to', { description: 'id of a proposed entity' }),
    props: t.field({ type: ProposedPropsRef, resolve: (r) => r.props }),
    confidence: t.exposeFloat('confidence'),
    quotes: t.stringList({ resolve: quotes }),
    span: t.field({ type: SpanRef, resolve: (r) => r.span }),
    rejected: t.exposeBoolean('rejected', { description: 'a review of this article rejected it' }),
  }),
});

const ArticleDraftRef = builder.objectRef<ArticleDraft>('ArticleDraft').implement({
  fields: (t) => ({
    document: t.field({ type: ArticleDocumentRef, resolve: (d) => d.document }),
    entities: t.field({ type: [ProposedEntityRef], resolve: (d) => d.entities }),
    relations: t.field({ type: [ProposedRelationRef], resolve: (d) => d.relations }),
  }),
});

/** The title and date as a seed file's document takes them. */
export const articleMetaSchema = documentSchema.pick({ title: true, date: true });

const isKind = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);

builder.queryField('extract', (t) =>
  t.field({
    type: ArticleDraftRef,
    description:
      "An article's proposed entities (known ones by their id) and relations, each with its quote, confidence and sentence; writes nothing. Proposals an earlier review of the same text rejected say so.",
    errors: { types: [UnreadableArticleError, ValidationError], directResult: true },
    complexity: { field: EXTRACT_COMPLEXITY },
    args: {
      text: t.arg.string({ required: true, description: 'the article, at most 300 000 characters' }),
      title: t.arg.string(),
      date: t.arg.string({ description: 'ISO date: YYYY, YYYY-MM or YYYY-MM-DD' }),
    },
    resolve: async (_root, args, ctx) => {
      const article = readArticle(args.text);
      const meta = articleMetaSchema.safeParse({ title: args.title ?? undefined, date: args.date ?? undefined });
      if (!meta.success)
        throw new ValidationError(
          'invalid article',
          meta.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      const [names, review] = await Promise.all([ctx.loaders.names.load('all'), articleReview(ctx.db, article.file)]);
      const known = names.filter((e): e is typeof e & { kind: Kind } => isKind(e.kind));
      const draft = await extractDraft({ text: article.text, file: article.file, ...meta.data }, known);
      const rejected = new Set(review.rejected);
      return {
        document: { file: article.file, ...meta.data, stored: review.stored },
        entities: draft.entities.map((e) => ({ ...e, rejected: rejected.has(entityKey(e)) })),
        relations: draft.relations.map((r) => ({ ...r, rejected: rejected.has(relationKey(r)) })),
      };
    },
  }),
);
