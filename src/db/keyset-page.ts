// Relay-style pages over (created_at, id), newest first, with keyset cursors: a page continues
// strictly after the last row seen, so rows inserted while someone pages shift nothing — unlike
// OFFSET, nothing is skipped or repeated. The cursor carries created_at to the microsecond (as text,
// since a JS Date keeps only milliseconds and would skip rows created within the same millisecond).
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badInput } from "../errors.js";
import { isUuid } from "../ids.js";

export const PAGE_SIZE_MAX = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArgs {
  /** Null means the default, DEFAULT_PAGE_SIZE. */
  first: number | null;
  after?: string | null;
}

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

interface CursorKey {
  createdAt: string;
  id: string;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString("base64url");
}

/** BAD_USER_INPUT (field `after`) for anything this server did not hand out. */
export function decodeCursor(cursor: string): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [createdAt, id] = parsed as unknown[];
    if (typeof createdAt === "string" && CURSOR_TIME.test(createdAt) && typeof id === "string" && isUuid(id)) return { createdAt, id };
  }
  throw badInput("after", "after is not a cursor from this list");
}

export function checkFirst(first: number | null): number {
  if (first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE_MAX) throw badInput("first", `first must be 1 to ${PAGE_SIZE_MAX}`);
  return first;
}

/**
 * One page of `query` (rows of `alias`, filters already applied), newest first, and the total
 * matching count. Validates `first` and `after` before touching the database.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(query: SelectQueryBuilder<T>, alias: string, args: PageArgs): Promise<Page<T>> {
  const first = checkFirst(args.first);
  const after = args.after != null ? decodeCursor(args.after) : null;
  const totalCount = await query.clone().getCount();
  const page = query
    .clone()
    .addSelect(`to_char("${alias}"."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, "keyset_created_at")
    .orderBy(`"${alias}"."created_at"`, "DESC")
    .addOrderBy(`"${alias}"."id"`, "DESC")
    .limit(first + 1);
  if (after) {
    page.andWhere(`("${alias}"."created_at", "${alias}"."id") < (CAST(:keysetAt AS timestamptz), CAST(:keysetId AS uuid))`, {
      keysetAt: after.createdAt,
      keysetId: after.id,
    });
  }
  const { entities, raw } = await page.getRawAndEntities();
  const createdAtById = new Map<string, string>(raw.map((row: Record<string, string>) => [row[`${alias}_id`]!, row.keyset_created_at!]));
  const nodes = entities.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor({ createdAt: createdAtById.get(node.id)!, id: node.id }), node }));
  return { edges, nodes, pageInfo: { hasNextPage: entities.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** An ILIKE pattern matching `text` anywhere, with the user's % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}
