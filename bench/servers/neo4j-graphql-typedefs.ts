/**
 * The graph as @neo4j/graphql 7 sees it: the same labels, properties and relationships as our API
 * serves, written the way that library wants them (one type per label, @relationship fields with
 * @relationshipProperties types). Only what the benchmark's shared shapes read is declared; nothing
 * here changes the database (no @fulltext index creation: `entity_search` already exists).
 */
export const typeDefs = /* GraphQL */ `
  interface Entity {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type Location @relationshipProperties {
    since: String
  }

  type Investment @relationshipProperties {
    amountCny: Float
    round: String
    date: String
  }

  type Company implements Entity @node(labels: ["Company", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
    foundedOn: String
    registeredCapitalCny: Float
    parks: [Park!]! @relationship(type: "LOCATED_IN", direction: OUT, properties: "Location")
    investors: [Entity!]! @relationship(type: "INVESTS_IN", direction: IN, properties: "Investment")
  }

  type Fund implements Entity @node(labels: ["Fund", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
    fundSizeCny: Float
  }

  type Park implements Entity @node(labels: ["Park", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
    areaSqm: Float
  }

  type University implements Entity @node(labels: ["University", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type ResearchInstitute implements Entity @node(labels: ["ResearchInstitute", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type GovernmentAgency implements Entity @node(labels: ["GovernmentAgency", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type Region implements Entity @node(labels: ["Region", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type Person implements Entity @node(labels: ["Person", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type Product implements Entity @node(labels: ["Product", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  type Industry implements Entity @node(labels: ["Industry", "Entity"]) {
    id: ID!
    kind: String!
    name: String!
    aliases: [String!]
    description: String
    evidence: [String!]
  }

  """
  Search needs one type over every label: the full-text index entity_search is on :Entity.
  """
  type SearchEntity @node(labels: ["Entity"]) @fulltext(indexes: [{ indexName: "entity_search", queryName: "entitySearch", fields: ["name", "aliasText", "description"] }]) {
    id: ID!
    kind: String!
    name: String!
    aliasText: String
    description: String
  }
`;
