import { builder } from '../builder.js';
import { DomainError, type FieldIssue, ForbiddenError, NotFoundError, UnreadableArticleError, ValidationError } from '../errors.js';
import { EntityRef } from '../refs.js';

/** The `Error` interface and one object type per expected failure, as the Pothos errors plugin recommends. */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
});

builder.objectType(DomainError, { name: 'BaseError', interfaces: [ErrorInterface] });
builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    candidates: t.field({
      type: [EntityRef],
      description: 'What the name could mean when it fits several entities or is too broad to name one (did you mean); else empty.',
      resolve: (error) => [...error.candidates],
    }),
  }),
});
builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input field: where it is (a dotted path) and what is wrong.',
  fields: (t) => ({ path: t.exposeString('path'), message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }) }),
});

const ArticleProblemEnum = builder.enumType('ArticleProblem', {
  values: {
    EMPTY: { value: 'empty', description: 'no text at all' },
    BINARY: { value: 'binary', description: 'not text: control or undecodable characters' },
    HUGE: { value: 'huge', description: 'more characters than an article may have' },
    NO_CHINESE: { value: 'no-chinese', description: 'too few Chinese characters to be a Chinese article' },
  } as const,
});

builder.objectType(UnreadableArticleError, {
  name: 'ArticleError',
  description: 'The article cannot be read; nothing was extracted or written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ problem: t.field({ type: ArticleProblemEnum, resolve: (error) => error.problem }) }),
});
