import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { DEFAULT_PAGE_SIZE, type Page } from "../../db/keyset-page.js";
import type { MediaTask } from "../../rooms/media-task.entity.js";
import { listMediaTasks, retryMediaTask, type MediaTaskState } from "../../rooms/media-task-admin.service.js";
import { RequiresScope } from "../access.js";
import { CURSOR_MAX_LENGTH, IdArg, TextArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { connectionType } from "../types/connection.type.js";
import { MediaTaskStateEnum, MediaTaskType, toMediaTaskType } from "../types/media-task.type.js";

const MediaTaskConnection = connectionType("MediaTask", MediaTaskType);

@Resolver()
export class MediaTaskResolver {
  @RequiresScope("ADMIN")
  @Query(() => MediaTaskConnection, { description: "Admins only. The media-side work of kicks and role changes: still being retried (PENDING) or given up (FAILED)" })
  async mediaTasks(
    @Arg("state", () => MediaTaskStateEnum, { defaultValue: "FAILED" }) state: MediaTaskState,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: "At most 100" }) first: number | null,
    @TextArg("after", CURSOR_MAX_LENGTH, { nullable: true }) after: string | null,
    @Ctx() context: GraphQLContext,
  ) {
    return toConnection(await listMediaTasks(context.services.db, requireUser(context), { state, first, after }));
  }

  @RequiresScope("ADMIN")
  @Mutation(() => MediaTaskType, { description: "Admins only. Puts a FAILED task back in the queue with fresh attempts; recorded in the audit log" })
  async retryMediaTask(@IdArg("id") id: string, @Ctx() context: GraphQLContext): Promise<MediaTaskType> {
    return toMediaTaskType(await retryMediaTask(context.services.db, requireUser(context), id));
  }
}

function toConnection(page: Page<MediaTask>) {
  return {
    ...page,
    nodes: page.nodes.map(toMediaTaskType),
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toMediaTaskType(node) })),
  };
}
