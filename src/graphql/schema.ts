import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { AccountResolver } from "./resolvers/account.resolver.js";
import { JitsiResolver } from "./resolvers/jitsi.resolver.js";
import { JanusResolver } from "./resolvers/janus.resolver.js";
import { JoinTokenResolver } from "./resolvers/join-token.resolver.js";
import { ModerationResolver } from "./resolvers/moderation.resolver.js";
import { RoomResolver } from "./resolvers/room.resolver.js";

export const resolvers = [AccountResolver, RoomResolver, JoinTokenResolver, ModerationResolver, JitsiResolver, JanusResolver] as const;

/** The API schema, built from the resolvers; `schema.graphql` is this, printed. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
  });
}
