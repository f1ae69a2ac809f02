/**
 * `$position` as the planner cannot see it: `(SELECT $position::type)`, evaluated once per execution.
 *
 * PostgreSQL (and PGlite) plans the first five executions of a prepared statement with the bound
 * values (custom plans), and goes on planning every execution for as long as those plans look
 * cheaper than the generic one. With a batch of a few keys or an anonymous caller's null user id
 * they do, and a hot lookup then spent more time being planned than run (a batched session + entry
 * lookup of a few keys: about 500 µs of PostgreSQL CPU when planned, about 170 µs on its generic
 * plan). A value the planner cannot see makes a custom plan no cheaper than the generic plan, so
 * from the sixth execution on the generic plan runs and nothing is planned again.
 * test/api/hot-statement-plans.test.ts pins this per statement.
 */
export function unseenParam(position: number, type: string): string {
  return `(SELECT $${position}::${type})`;
}
