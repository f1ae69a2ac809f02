import { lexicographicSortSchema, printSchema } from "graphql";
import { buildApiSchema } from "./schema.js";

/** The schema as committed in schema.graphql: sorted, so the file diffs cleanly. */
export async function printApiSchema(): Promise<string> {
  const header = "# Generated from the code by `npm run schema:print`. Do not edit by hand.\n\n";
  return header + printSchema(lexicographicSortSchema(await buildApiSchema())) + "\n";
}
