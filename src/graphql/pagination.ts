import { type DefaultConnectionArguments, resolveOffsetConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { LIMITS } from '../core/limits.js';
import { builder } from './builder.js';

const bounded = (name: string) =>
  z.number().int().min(0, `${name} must not be negative`).max(LIMITS.pageSize, `${name} may be at most ${LIMITS.pageSize}`).nullish();

/** Validates a connection's page arguments before anything runs. */
export const connectionArgs = z.looseObject({ first: bounded('first'), last: bounded('last') });

export const DEFAULT_PAGE = 20;

/** A connection costs its page size times its children. */
export const pageComplexity = (args: { first?: number | null; last?: number | null }) => ({
  field: 1,
  multiplier: args.first ?? args.last ?? DEFAULT_PAGE,
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'How many items there are across all pages.', resolve: (connection) => connection.totalCount }),
);

/** An offset-cursor connection over one repository call that answers a page and the total. */
export async function pageOf<T>(
  args: DefaultConnectionArguments,
  fetch: (offset: number, limit: number) => Promise<{ rows: T[]; total: number }>,
) {
  let totalCount = 0;
  const connection = await resolveOffsetConnection(
    { args, defaultSize: DEFAULT_PAGE, maxSize: LIMITS.pageSize },
    async ({ offset, limit }) => {
      const page = await fetch(offset, limit);
      totalCount = page.total;
      return page.rows;
    },
  );
  return { ...connection, totalCount };
}
