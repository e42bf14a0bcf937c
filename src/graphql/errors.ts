import type { ArticleProblem } from '../extract/text.js';
import type { EntityRecord } from '../repositories/records.js';

/** Expected failures: each has a GraphQL error type (see types/errors.ts) and a stable code. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(
    message: string,
    /** The entities the text could mean (`did you mean`), when it fits several or is too broad. */
    readonly candidates: readonly EntityRecord[] = [],
  ) {
    super(message, 'NOT_FOUND');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(message, 'FORBIDDEN');
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message, 'VALIDATION_FAILED');
  }
}

/** An article that cannot be read: empty, not text, too big, or not Chinese (`problem`), said in one line. */
export class UnreadableArticleError extends DomainError {
  constructor(
    readonly problem: ArticleProblem,
    message: string,
  ) {
    super(message, 'BAD_ARTICLE');
  }
}
