/** Where a Neo4j server is and how to log in: what provisioning hands to the driver. */
export interface Neo4jCoordinates {
  uri: string;
  user: string;
  password: string;
  database?: string;
}
