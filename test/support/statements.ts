// Which prepared statements the hot paths send, observed by spying on Database.query.
import { jest } from "@jest/globals";
import type { Database, Statement } from "../../src/db/database.js";

/** The names of the statements `db.query` runs while `work` runs, in order, and what `work` returned. */
export async function statementsDuring<T>(db: Database, work: () => Promise<T>): Promise<{ result: T; names: string[] }> {
  const spy = jest.spyOn(db, "query");
  try {
    const result = await work();
    return { result, names: spy.mock.calls.map(([statement]) => (statement as Statement).name) };
  } finally {
    spy.mockRestore();
  }
}
