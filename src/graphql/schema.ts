import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { apiScopeChecker, closeUndeclaredOperationsToApiTokens } from "./access.js";
import { AccountResolver } from "./resolvers/account.resolver.js";
import { AdminResolver } from "./resolvers/admin.resolver.js";
import { ApiTokenResolver } from "./resolvers/api-token.resolver.js";
import { AuditResolver } from "./resolvers/audit.resolver.js";
import { JitsiResolver } from "./resolvers/jitsi.resolver.js";
import { JanusResolver } from "./resolvers/janus.resolver.js";
import { JoinTokenResolver } from "./resolvers/join-token.resolver.js";
import { MediaTaskResolver } from "./resolvers/media-task.resolver.js";
import { ModerationResolver } from "./resolvers/moderation.resolver.js";
import { RoomResolver } from "./resolvers/room.resolver.js";

export const resolvers = [
  AccountResolver,
  RoomResolver,
  JoinTokenResolver,
  ModerationResolver,
  JitsiResolver,
  JanusResolver,
  ApiTokenResolver,
  AdminResolver,
  AuditResolver,
  MediaTaskResolver,
] as const;

/** The API schema, built from the resolvers; `schema.graphql` is this, printed. */
export async function buildApiSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: { forbidUnknownValues: false },
    authChecker: apiScopeChecker,
  });
  closeUndeclaredOperationsToApiTokens(schema);
  return schema;
}
