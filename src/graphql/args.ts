// Bare (non-input-object) arguments with a length limit checked before any resolver runs, so an
// oversized slug, id or text answers BAD_USER_INPUT naming the argument instead of reaching a
// context (input objects are limited by class-validator in inputs.ts). NUL characters are refused
// too: PostgreSQL cannot store them in text, and would fail the request as an internal error.
import { Arg, ID } from "type-graphql";
import { badInput } from "../errors.js";
import { SLUG_MAX_LENGTH } from "../rooms/slug.js";

/** Ids are UUIDs: 36 characters. */
export const ID_MAX_LENGTH = 36;

function maxLength(name: string, max: number) {
  return (value: unknown) => {
    if (typeof value !== "string") return;
    if (value.length > max) throw badInput(name, `${name} must be at most ${max} characters`);
    if (value.includes("\u0000")) throw badInput(name, `${name} must not contain NUL characters`);
  };
}

/** A room slug argument (at most 64 characters; a well-formed slug that names no room is NOT_FOUND or null). */
export const SlugArg = (name: string) => Arg(name, () => String, { validateFn: maxLength(name, SLUG_MAX_LENGTH) });

/** An id argument (a UUID). */
export const IdArg = (name: string) => Arg(name, () => ID, { validateFn: maxLength(name, ID_MAX_LENGTH) });

/** An optional free-text argument of at most `max` characters. */
export const OptionalTextArg = (name: string, max: number) => Arg(name, () => String, { nullable: true, validateFn: maxLength(name, max) });
