/**
 * The service schema of an ORM/EntityManager config, validated so that it can be quoted
 * into raw SQL. Raw statements must name `"schema"."table"`: no search_path is set (PGlite
 * shares one session between all services, so a session search_path would leak).
 */
export function schemaName(config: { get(key: 'schema'): string | undefined }): string {
  const schema = config.get('schema');
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid service schema name: ${String(schema)}`);
  return schema;
}
