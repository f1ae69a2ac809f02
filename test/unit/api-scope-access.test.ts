// The one mechanism that limits API tokens: declared scopes are checked, undeclared operations refuse
// API tokens (fail closed), and sessions are never limited by it.
import { describe, expect, it } from "@jest/globals";
import { graphql, type GraphQLSchema } from "graphql";
import { Ctx, Mutation, Query, Resolver, buildSchema } from "type-graphql";
import { apiScopeChecker, closeUndeclaredOperationsToApiTokens, RequiresScope, SessionOnly, undeclaredOperations } from "../../src/graphql/access.js";
import { buildApiSchema } from "../../src/graphql/schema.js";
import type { GraphQLContext } from "../../src/graphql/context.js";

@Resolver()
class ProbeResolver {
  @RequiresScope("ROOMS_READ")
  @Query(() => String)
  probeRead(): string {
    return "read";
  }

  @RequiresScope("ADMIN")
  @Query(() => String)
  probeAdmin(): string {
    return "admin";
  }

  @SessionOnly()
  @Mutation(() => String)
  probeSessionOnly(): string {
    return "session";
  }

  @Query(() => String)
  probeUndeclared(@Ctx() _context: GraphQLContext): string {
    return "undeclared";
  }
}

async function probeSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: [ProbeResolver], authChecker: apiScopeChecker });
  closeUndeclaredOperationsToApiTokens(schema);
  return schema;
}

function context(caller: { scopes?: string[]; isAdmin?: boolean }): GraphQLContext {
  const user = { id: "00000000-0000-4000-8000-000000000001", isAdmin: caller.isAdmin ?? false } as GraphQLContext["user"];
  return { user, apiToken: caller.scopes ? { id: "t", scopes: caller.scopes as never } : null } as GraphQLContext;
}

async function run(schema: GraphQLSchema, source: string, contextValue: GraphQLContext) {
  const result = await graphql({ schema, source, contextValue });
  return result.errors ? { error: result.errors[0]!.message } : { data: result.data };
}

describe("API token access declarations", () => {
  it("runs a declared operation for a token holding the scope and refuses it, naming the scope, without", async () => {
    const schema = await probeSchema();
    expect(await run(schema, "{ probeRead }", context({ scopes: ["ROOMS_READ"] }))).toEqual({ data: { probeRead: "read" } });
    expect(await run(schema, "{ probeRead }", context({ scopes: ["ROOMS_WRITE"] }))).toEqual({
      error: "This API token lacks the ROOMS_READ scope, which probeRead needs",
    });
  });

  it("refuses API tokens on an operation that declares nothing, but not sessions", async () => {
    const schema = await probeSchema();
    expect(await run(schema, "{ probeUndeclared }", context({ scopes: ["ROOMS_READ", "ROOMS_WRITE", "MODERATE", "JOIN_TOKENS"] }))).toEqual({
      error: "probeUndeclared is not open to API tokens",
    });
    expect(await run(schema, "{ probeUndeclared }", context({}))).toEqual({ data: { probeUndeclared: "undeclared" } });
  });

  it("refuses session-only operations to every API token", async () => {
    const schema = await probeSchema();
    expect(await run(schema, "mutation { probeSessionOnly }", context({ scopes: ["ADMIN"], isAdmin: true }))).toEqual({
      error: "probeSessionOnly needs a signed-in session; API tokens cannot use it",
    });
    expect(await run(schema, "mutation { probeSessionOnly }", context({}))).toEqual({ data: { probeSessionOnly: "session" } });
  });

  it("honours the ADMIN scope only while the token's owner is an admin", async () => {
    const schema = await probeSchema();
    expect(await run(schema, "{ probeAdmin }", context({ scopes: ["ADMIN"], isAdmin: true }))).toEqual({ data: { probeAdmin: "admin" } });
    expect(await run(schema, "{ probeAdmin }", context({ scopes: ["ADMIN"], isAdmin: false }))).toEqual({
      error: "The ADMIN scope works only while the token's owner is an admin",
    });
  });

  it("finds a declaration on every operation of the real API", async () => {
    expect(undeclaredOperations(await buildApiSchema())).toEqual([]);
  });
});
