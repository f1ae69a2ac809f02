import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { AuditAction } from "../../audit/audit-actions.js";
import type { AuditEvent } from "../../audit/audit-event.entity.js";
import { listAuditEvents } from "../../audit/audit.service.js";
import { DEFAULT_PAGE_SIZE } from "../../db/keyset-page.js";
import { RequiresScope } from "../access.js";
import { CURSOR_MAX_LENGTH, IdArg, SlugArg, TextArg } from "../args.js";
import type { GraphQLContext } from "../context.js";
import { AuditActionEnum, AuditEventType } from "../types/audit-event.type.js";
import { connectionType } from "../types/connection.type.js";

const AuditEventConnection = connectionType("AuditEvent", AuditEventType);

@Resolver(() => AuditEventType)
export class AuditResolver {
  @RequiresScope("ROOMS_READ")
  @Query(() => AuditEventConnection, { description: "Admins: everything; a room's owner and moderators: that room's events (roomSlug required)" })
  auditLog(
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: "At most 100" }) first: number | null,
    @TextArg("after", CURSOR_MAX_LENGTH, { nullable: true }) after: string | null,
    @SlugArg("roomSlug", { nullable: true }) roomSlug: string | null,
    @IdArg("actorId", { nullable: true }) actorId: string | null,
    @Arg("action", () => AuditActionEnum, { nullable: true }) action: AuditAction | null,
    @Ctx() context: GraphQLContext,
  ) {
    return listAuditEvents(context.services.db, context.user, { first, after, roomSlug, actorId, action });
  }

  @FieldResolver(() => Date)
  at(@Root() event: AuditEvent): Date {
    return event.createdAt;
  }

  @FieldResolver(() => String, { nullable: true, description: "JSON text: what changed (e.g. old and new role, the kick reason)" })
  details(@Root() event: AuditEvent): string | null {
    return event.details === null ? null : JSON.stringify(event.details);
  }
}
