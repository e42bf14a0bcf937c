# The API alone; Neo4j comes from docker-compose.yml (NEO4J_URI), so no Java is needed here.

# The explorer's bundle, GraphiQL's assets (dist/graphiql) and the compiled server (Vite, Cytoscape.js,
# @graphql-yoga/render-graphiql and tsc are dev dependencies): built here, copied below.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts skipped: `prepare` would build before the sources are in; the build is the next step.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY src/neo4j/pom.xml ./src/neo4j/pom.xml
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/explorer/dist ./src/explorer/dist
COPY cypher ./cypher
COPY seeds ./seeds
COPY schema ./schema
# seeds/ carries the source documents (seeds/documents) that the evidence is checked against.
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node
# As `npm start`: the heap bounds keep the process under 150 MB under load (README, Benchmarks).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=8", "dist/src/main.js"]
