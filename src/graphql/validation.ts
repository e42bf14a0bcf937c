import type { z } from 'zod';
import type { FieldIssue } from './errors.js';

/** zod issues as typed `FieldIssue`s, each path rooted at the argument name. */
export function issuesOf(error: z.ZodError, root: string): FieldIssue[] {
  return error.issues.map((issue) => ({ path: [root, ...issue.path.map(String)].join('.'), message: issue.message }));
}
