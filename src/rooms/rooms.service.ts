// The rooms context: rooms owned by users, their members and roles.
import type { EntityManager } from "typeorm";
import { User } from "../accounts/user.entity.js";
import { recordAudit } from "../audit/audit.service.js";
import type { Database } from "../db/database.js";
import { isUniqueViolation } from "../db/unique-violation.js";
import { badInput, conflict, forbidden, notFound } from "../errors.js";
import { isUuid } from "../ids.js";
import { RoomBan } from "./room-ban.entity.js";
import { RoomClient } from "./room-client.entity.js";
import { RoomMember } from "./room-member.entity.js";
import type { EntryMode, RoomRole } from "./room-role.js";
import { Room } from "./room.entity.js";
import { generateSlug, isValidSlug } from "./slug.js";
import { randomBytes, randomInt } from "node:crypto";
import { recordMediaTask, type MediaTaskRunner } from "./media-tasks.js";
import { videoroomOf } from "./videoroom.js";

export type Actor = Pick<User, "id" | "isAdmin">;

export interface RoomAttrs {
  name: string;
  slug?: string | null;
  description?: string | null;
  entryMode?: EntryMode;
  allowAnonymous?: boolean;
  defaultRole?: RoomRole;
  /** Give the room a Janus VideoRoom (created in Janus on first use). */
  videoroom?: boolean;
}

export type RoomPatch = Partial<Omit<RoomAttrs, "slug">>;

const GENERATED_SLUG_ATTEMPTS = 5;

export async function createRoom(db: Database, owner: Actor, attrs: RoomAttrs): Promise<Room> {
  const defaultRole = checkDefaultRole(attrs.defaultRole ?? "PUBLISHER");
  if (attrs.slug != null && !isValidSlug(attrs.slug)) {
    throw badInput("slug", "Slug must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit");
  }
  for (let attempt = 1; ; attempt++) {
    const slug = attrs.slug ?? generateSlug(attrs.name);
    try {
      return await db.transaction(async (manager) => {
        const room = await manager.save(
          manager.create(Room, {
            slug,
            name: attrs.name.trim(),
            description: attrs.description?.trim() || null,
            ownerId: owner.id,
            entryMode: attrs.entryMode ?? "OPEN",
            allowAnonymous: attrs.allowAnonymous ?? true,
            defaultRole,
            ...(attrs.videoroom ? await newVideoroom(manager) : {}),
          }),
        );
        await manager.insert(RoomMember, { roomId: room.id, userId: owner.id, role: "OWNER" });
        await recordAudit(manager, { action: "ROOM_CREATED", actorId: owner.id, roomSlug: room.slug, details: roomSettings(room) });
        return room;
      });
    } catch (error) {
      if (!isUniqueViolation(error, "rooms_slug_key")) throw error;
      if (attrs.slug != null) throw conflict("slug", `The slug "${slug}" is taken`);
      if (attempt >= GENERATED_SLUG_ATTEMPTS) throw error;
    }
  }
}

export async function updateRoom(db: Database, mediaTasks: MediaTaskRunner, actor: Actor, slug: string, patch: RoomPatch): Promise<Room> {
  const { room, taskId } = await db.transaction(async (manager) => {
    const room = await lockRoom(manager, slug);
    assertOwnerOrAdmin(room, actor, "Only the room's owner can change it");
    const before = roomSettings(room);
    const mediaRules = { entryMode: room.entryMode, allowAnonymous: room.allowAnonymous, defaultRole: room.defaultRole, videoroomId: room.videoroomId };
    const oldVideoroom = await videoroomOf(manager, room);
    if (patch.name != null) room.name = patch.name.trim();
    if (patch.description !== undefined) room.description = patch.description?.trim() || null;
    if (patch.entryMode != null) room.entryMode = patch.entryMode;
    if (patch.allowAnonymous != null) room.allowAnonymous = patch.allowAnonymous;
    if (patch.defaultRole != null) room.defaultRole = checkDefaultRole(patch.defaultRole);
    if (patch.videoroom === true && room.videoroomId == null) Object.assign(room, await newVideoroom(manager));
    if (patch.videoroom === false) Object.assign(room, { videoroomId: null, videoroomSecret: null });
    const changes = settingChanges(before, roomSettings(room));
    if (Object.keys(changes).length > 0) await recordAudit(manager, { action: "ROOM_UPDATED", actorId: actor.id, roomSlug: room.slug, details: { changes } });
    const saved = await manager.save(room);
    // Publish rights at the media server follow the room's rules: resync them when those changed.
    const rulesChanged = (Object.keys(mediaRules) as Array<keyof typeof mediaRules>).some((key) => mediaRules[key] !== room[key]);
    const taskId =
      rulesChanged && (oldVideoroom || room.videoroomId != null)
        ? await recordMediaTask(manager, "role-changed", { roomId: room.id, roomSlug: room.slug, userId: null, videoroom: oldVideoroom })
        : null;
    return { room: saved, taskId };
  });
  if (taskId) await mediaTasks.runNow(taskId);
  return room;
}

/** Deletes the room with its memberships, bans and client records, all or nothing. */
export async function deleteRoom(db: Database, mediaTasks: MediaTaskRunner, actor: Actor, slug: string): Promise<boolean> {
  const taskId = await db.transaction(async (manager) => {
    const room = await lockRoom(manager, slug);
    assertOwnerOrAdmin(room, actor, "Only the room's owner can delete it");
    const videoroom = await videoroomOf(manager, room);
    for (const entity of [RoomClient, RoomBan, RoomMember]) await manager.delete(entity, { roomId: room.id });
    await manager.delete(Room, { id: room.id });
    await recordAudit(manager, { action: "ROOM_DELETED", actorId: actor.id, roomSlug: room.slug, details: { name: room.name } });
    // The VideoRoom and its tokens go too (the tokens' room_id is now null; the task removes them from Janus).
    return videoroom ? recordMediaTask(manager, "role-changed", { roomId: room.id, roomSlug: room.slug, userId: null, videoroom }) : null;
  });
  if (taskId) await mediaTasks.runNow(taskId);
  return true;
}

export function findRoomBySlug(db: Database, slug: string): Promise<Room | null> {
  if (!isValidSlug(slug)) return Promise.resolve(null);
  return db.run((manager) => manager.findOne(Room, { where: { slug }, relations: { owner: true } }));
}

export async function getRoomBySlug(db: Database, slug: string): Promise<Room> {
  const room = await findRoomBySlug(db, slug);
  if (!room) throw notFound("Room");
  return room;
}

/** Rooms the user owns or holds a role in, newest first. */
export function listRoomsForUser(db: Database, userId: string): Promise<Room[]> {
  return db.run((manager) =>
    manager
      .createQueryBuilder(Room, "room")
      .innerJoin(RoomMember, "member", "member.roomId = room.id AND member.userId = :userId", { userId })
      .innerJoinAndSelect("room.owner", "owner")
      .orderBy("room.createdAt", "DESC")
      .addOrderBy("room.id")
      .getMany(),
  );
}

/** Sets (or with null, removes) a user's role. Only the owner or an admin; the owner's role is fixed. */
export async function setRoomRole(
  db: Database,
  mediaTasks: MediaTaskRunner,
  actor: Actor,
  slug: string,
  userId: string,
  role: RoomRole | null,
): Promise<RoomMember | null> {
  if (role === "OWNER") throw badInput("role", "Ownership cannot be given away; choose MODERATOR, PUBLISHER or SUBSCRIBER");
  const { member, taskId } = await db.transaction(async (manager) => {
    const { room, member } = await writeRole(manager, actor, slug, userId, role);
    // Publish rights at the media server follow at once (VideoRoom `allowed`).
    const videoroom = await videoroomOf(manager, room);
    const taskId = videoroom ? await recordMediaTask(manager, "role-changed", { roomId: room.id, roomSlug: room.slug, userId, videoroom }) : null;
    return { member, taskId };
  });
  if (taskId) await mediaTasks.runNow(taskId);
  return member;
}

async function writeRole(
  manager: EntityManager,
  actor: Actor,
  slug: string,
  userId: string,
  role: RoomRole | null,
): Promise<{ room: Room; member: RoomMember | null }> {
  const room = await lockRoom(manager, slug);
  assertOwnerOrAdmin(room, actor, "Only the room's owner can assign roles");
  if (userId === room.ownerId) throw forbidden("The owner's role cannot be changed");
  await requireUser(manager, userId);
  const from = (await manager.findOneBy(RoomMember, { roomId: room.id, userId }))?.role ?? null;
  const audit = () => recordAudit(manager, { action: "ROLE_CHANGED", actorId: actor.id, targetUserId: userId, roomSlug: room.slug, details: { from, to: role } });
  if (role === null) {
    await manager.delete(RoomMember, { roomId: room.id, userId });
    if (from !== null) await audit();
    return { room, member: null };
  }
  if (await manager.existsBy(RoomBan, { roomId: room.id, userId })) {
    throw conflict("userId", "This user is banned from the room; unban them first");
  }
  await manager.upsert(RoomMember, { roomId: room.id, userId, role }, ["roomId", "userId"]);
  if (from !== role) await audit();
  return { room, member: await manager.findOneOrFail(RoomMember, { where: { roomId: room.id, userId }, relations: { user: true } }) };
}

/** Loads the room row with a lock, so concurrent role/ban changes to it apply one at a time. */
export async function lockRoom(manager: EntityManager, slug: string): Promise<Room> {
  const room = isValidSlug(slug)
  ? await manager.createQueryBuilder(Room, "room").setLock("pessimistic_write").where("room.slug = :slug", { slug }).getOne()
  : null;
  if (!room) throw notFound("Room");
  return room;
}

export async function requireUser(manager: EntityManager, userId: string): Promise<void> {
  if (!isUuid(userId) || !(await manager.existsBy(User, { id: userId }))) throw notFound("User");
}

function assertOwnerOrAdmin(room: Room, actor: Actor, message: string): void {
  if (room.ownerId !== actor.id && !actor.isAdmin) throw forbidden(message);
}

type RoomSettings = Pick<Room, "name" | "description" | "entryMode" | "allowAnonymous" | "defaultRole">;

function roomSettings(room: Room): RoomSettings {
  const { name, description, entryMode, allowAnonymous, defaultRole } = room;
  return { name, description, entryMode, allowAnonymous, defaultRole };
}

/** For the audit log: { field: { from, to } } for each setting that changed. */
function settingChanges(before: RoomSettings, after: RoomSettings): Record<string, { from: unknown; to: unknown }> {
  const keys = Object.keys(before) as Array<keyof RoomSettings>;
  return Object.fromEntries(keys.filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]));
}

/** VideoRoom ids are GraphQL Ints: 1..2^31-1. Random, so they reveal nothing and rarely collide. */
const VIDEOROOM_ID_MAX = 2 ** 31 - 1;

async function newVideoroom(manager: EntityManager): Promise<{ videoroomId: number; videoroomSecret: string }> {
  for (;;) {
    const videoroomId = randomInt(1, VIDEOROOM_ID_MAX);
    if (!(await manager.existsBy(Room, { videoroomId }))) return { videoroomId, videoroomSecret: randomBytes(24).toString("base64url") };
  }
}

function checkDefaultRole(role: RoomRole): "PUBLISHER" | "SUBSCRIBER" {
  if (role !== "PUBLISHER" && role !== "SUBSCRIBER") throw badInput("defaultRole", "defaultRole must be PUBLISHER or SUBSCRIBER");
  return role;
}
