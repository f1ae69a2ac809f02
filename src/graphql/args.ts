// Bare (non-input-object) arguments with a length limit checked before any resolver runs, so an
// oversized slug, id or text answers BAD_USER_INPUT naming the argument instead of reaching a
// context (input objects are limited by class-validator in inputs.ts). NUL characters are refused
// too: PostgreSQL cannot store them in text, and would fail the request as an internal error.
import { Arg, ID } from "type-graphql";
import { badInput } from "../errors.js";
import { SLUG_MAX_LENGTH } from "../rooms/slug.js";

/** Ids are UUIDs: 36 characters. */
export const ID_MAX_LENGTH = 36;
/** Listing search text (users, rooms). */
export const SEARCH_MAX_LENGTH = 200;
/** Opaque keyset cursors (`after`) are far shorter; anything longer is not one of ours. */
export const CURSOR_MAX_LENGTH = 512;

interface ArgLimits {
  nullable?: boolean;
}

function checked(name: string, max: number) {
  return (value: unknown) => {
    if (typeof value !== "string") return;
    if (value.length > max) throw badInput(name, `${name} must be at most ${max} characters`);
    if (value.includes("\u0000")) throw badInput(name, `${name} must not contain NUL characters`);
  };
}

/** A room slug argument (at most 64 characters; a well-formed slug that names no room is NOT_FOUND or null). */
export const SlugArg = (name: string, options: ArgLimits = {}) =>
  Arg(name, () => String, { nullable: options.nullable, validateFn: checked(name, SLUG_MAX_LENGTH) });

/** An id argument (a UUID). */
export const IdArg = (name: string, options: ArgLimits = {}) => Arg(name, () => ID, { nullable: options.nullable, validateFn: checked(name, ID_MAX_LENGTH) });

/** A free-text argument of at most `max` characters. */
export const TextArg = (name: string, max: number, options: ArgLimits = {}) =>
  Arg(name, () => String, { nullable: options.nullable, validateFn: checked(name, max) });
