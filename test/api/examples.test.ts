import { type OperationDefinitionNode, parse, validate } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../../src/graphql/examples.js';
import { schema } from '../../src/graphql/schema.js';
import { connect, testServer } from '../helpers.js';

describe('GraphiQL example operations', () => {
  const db = connect();
  const { yoga } = testServer(db);
  afterAll(() => db.close());
  const document = parse(EXAMPLE_OPERATIONS);
  const names = document.definitions.map((d) => (d as OperationDefinitionNode).name?.value ?? '');

  it('parse and validate against the schema', () => {
    expect(validate(schema, document)).toEqual([]);
    expect(names).toHaveLength(5);
  });

  const expected: Record<string, string> = {
    SearchHaoshu: '毫束科技(晋江)有限公司',
    InvestorsOfXinshengjiyuan: '新希望大健康产业基金',
    TenantsOfXinchuanggang: '新生纪元生物科技有限公司',
    PathsAnxinToFuzhouUniversity: '晋江三伍微电子有限公司',
    Stats: '"key":"Company"',
  };

  it.each(names)('%s runs and answers what it promises', async (operationName) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_OPERATIONS, operationName }),
    });
    const result = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).toContain(expected[operationName]);
  });
});
