import { afterAll, describe, expect, it } from 'vitest';
import { connect, testServer } from '../helpers.js';

const COMPANIES = `query($first: Int) { entities(kind: Company, first: $first, orderBy: { field: NAME }) {
  edges { node { name ... on Company {
    parks { place { name } }
    investors { investor { name } amountCny }
    partners { partner { name } kind }
  } } }
} }`;

describe('batching', () => {
  const db = connect();
  const { query } = testServer(db);
  afterAll(() => db.close());

  const roundTrips = async (first: number) => {
    const before = db.queryCount;
    const result = await query(COMPANIES, { first });
    expect(result.errors).toBeUndefined();
    expect(result.data?.entities.edges).toHaveLength(first);
    return db.queryCount - before;
  };

  it('lists 20 companies with parks, investors and partners in as many round trips as 5', async () => {
    const few = await roundTrips(5);
    const many = await roundTrips(20);
    // The page, one relations batch, one batch for the entities at the other ends.
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(3);
  });
});
