import { QueryFailedError } from "typeorm";

/** True when `error` is PostgreSQL's unique_violation (23505) on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string };
  // PGlite may report the constraint only inside the message.
  return driverError.code === "23505" && (driverError.constraint === constraint || !!driverError.message?.includes(constraint));
}
