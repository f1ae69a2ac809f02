import { readFile } from "node:fs/promises";
import { describe, expect, it } from "@jest/globals";
import { buildSchema, findBreakingChanges } from "graphql";
import { buildApiSchema } from "../../src/graphql/schema.js";
import { printApiSchema } from "../../src/graphql/schema-sdl.js";

// The public contract clients rely on, kept in the repository (docs/) so a fresh clone tests itself.
const CONTRACT = new URL("../../docs/api-contract.graphql", import.meta.url);

describe("GraphQL schema", () => {
  it("matches the committed schema.graphql (run `npm run schema:print` after changing the API)", async () => {
    const committed = await readFile(new URL("../../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await printApiSchema());
  });

  it("keeps every name and shape of the public contract (additions only)", async () => {
    const contractSdl = await readFile(CONTRACT, "utf8");
    const breaking = findBreakingChanges(buildSchema(contractSdl), await buildApiSchema());
    expect(breaking.map((change) => `${change.type}: ${change.description}`)).toEqual([]);
  });
});
