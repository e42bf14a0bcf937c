/**
 * @neo4j/graphql 7 over the same Neo4j and data, served by graphql-yoga like our API (the same HTTP
 * layer, so the comparison is between the GraphQL layers). No response cache, no auth.
 *
 *   BENCH_NEO4J='{"uri":…}' PORT=… tsx bench/servers/neo4j-graphql.ts
 */
import { createServer } from 'node:http';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';
import { typeDefs } from './neo4j-graphql-typedefs.js';

const coords = JSON.parse(process.env.BENCH_NEO4J ?? '{}');
// The API's driver settings (src/db/database.ts), for a like-for-like pool.
const driver = neo4j.driver(coords.uri, neo4j.auth.basic(coords.user, coords.password), {
  maxConnectionPoolSize: 50,
  connectionAcquisitionTimeout: 5_000,
  connectionTimeout: 3_000,
  maxTransactionRetryTime: 5_000,
});
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphqlEndpoint: '/graphql',
  healthCheckEndpoint: '/healthz',
  landingPage: false,
  graphiql: false,
  logging: 'warn',
});
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void driver.close().then(() => process.exit(0));
  });
}
