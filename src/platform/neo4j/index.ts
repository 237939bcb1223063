export { connectNeo4j, NEO4J_DRIVER, type Neo4jOptions } from './neo4j';
