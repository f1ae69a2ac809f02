// Cross-room and IDOR attempts: every operation taking an id or slug, tried by people with no
// right to it (strangers, members, moderators out of their depth, the banned, anonymous). Each is
// refused with the right code, or answers without revealing anything, and writes nothing.
import { describe, expect, it } from "@jest/globals";
import { buildApiSchema } from "../../src/graphql/schema.js";
import { TEST_DATABASES } from "../support/test-app.js";
import { expectRefusal, postGraphQL, snapshot, useHostileApp } from "./hostile-world.js";
import { OPERATIONS } from "./operations.js";

const intrusions = OPERATIONS.flatMap((row) => row.intrusions.map((intrusion) => ({ row, intrusion })));

describe("the hostile suite's operation table", () => {
  it("has a row for every Query and Mutation field of the schema", async () => {
    const schema = await buildApiSchema();
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect(OPERATIONS.map((row) => row.name).sort()).toEqual(fields.sort());
  });
});

describe.each(TEST_DATABASES)("cross-room and IDOR attempts (%s)", (database) => {
  const hostile = useHostileApp(database);

  it.each(intrusions.map(({ row, intrusion }) => [row.name, intrusion.as, intrusion.what, row, intrusion] as const))(
    "%s as %s: %s is refused and writes nothing",
    async (_name, _as, _what, row, intrusion) => {
      const { app, world } = hostile;
      const before = await snapshot(app.services.db);
      const variables = (intrusion.variables ?? row.variables)(world);
      const response = await postGraphQL(app.url, intrusion.as, world, row.document, variables);
      if ("refusedWith" in intrusion) {
        expectRefusal(response, intrusion.refusedWith);
        expect(response.json.data?.[row.name] ?? null).toBeNull();
      } else {
        expect(response.status).toBe(200);
        expect(response.json.errors).toBeUndefined();
        intrusion.reveals(response.json.data, world);
      }
      expect(await snapshot(app.services.db)).toEqual(before);
    },
  );
});
