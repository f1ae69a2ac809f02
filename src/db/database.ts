import { AsyncLocalStorage } from "node:async_hooks";
import { Mutex } from "async-mutex";
import type DataLoader from "dataloader";
import type { DataSource, EntityManager } from "typeorm";
import { getPGliteInstance } from "typeorm-pglite";
import { isPglite } from "./data-source.js";
import { queryPrepared } from "./pglite-statements.js";
import { sharedLoader } from "./shared-loader.js";
import { databaseUnavailable, isDatabaseUnavailable } from "./unavailable.js";

/**
 * A parameterised statement for the hot paths, run without TypeORM's query building and entity
 * hydration. On PostgreSQL `name` makes it a prepared statement on each pooled connection (parsed
 * once per connection, not per request). It is also planned only once if the planner cannot prefer
 * a plan for the values bound: write hot statements' parameters as unseenParams (generic-plan.ts).
 * Names must be unique per text.
 */
export interface Statement {
  name: string;
  text: string;
}

/**
 * A lookup by key, in two statements with the same answer: `one` for a single key, bound to
 * `values(key)`, and `many` for several keys at once, bound to one array per parameter (the keys'
 * values, column by column; unnest … WITH ORDINALITY), whose rows each carry `i`, the 1-based
 * position of the key they answer. Either returns at most one row per key, none when it finds nothing.
 */
export interface LookupStatement<Key> {
  one: Statement;
  many: Statement;
  values(key: Key): unknown[];
}

/** Keys per lookup statement at most. */
const LOOKUP_BATCHES = { maxBatchSize: 128 };

/** What both drivers' pools answer (pg.Pool, and typeorm-pglite's pool over the PGlite instance). */
interface RawPool {
  query(config: { name?: string; text: string; values: unknown[] } | string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The contexts' only door to the database.
 *
 * PGlite has a single session per process: a query issued while another request's transaction is
 * open runs *inside* that transaction and is lost if it rolls back. In PGlite mode every unit of
 * work therefore takes a process-wide lock; on PostgreSQL each gets its own pooled connection.
 * Units of work must not nest (the lock is not re-entrant): in PGlite mode a nested one throws
 * NestedUnitOfWorkError at once instead of waiting forever for the lock its caller holds.
 *
 * A database that is down, restarting or too slow surfaces here, in one place, as
 * UPSTREAM_UNAVAILABLE; the pool reconnects by itself on the next unit of work.
 */
export class Database {
  private readonly lock: Mutex | undefined;
  /** The unit of work the current async call chain runs in, if any. */
  private readonly currentUnit = new AsyncLocalStorage<{ open: boolean }>();
  /** One batching loader per lookup statement (see `lookup`). */
  private readonly lookups = new Map<string, DataLoader<never, unknown>>();

  constructor(readonly dataSource: DataSource) {
    this.lock = isPglite(dataSource) ? new Mutex() : undefined;
  }

  get kind(): "postgres" | "pglite" {
    return this.lock ? "pglite" : "postgres";
  }

  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.dataSource.transaction(work));
  }

  /** Runs reads (or a single-statement write) outside an explicit transaction. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.dataSource.manager));
  }

  /**
   * Runs one statement and returns its rows. Same lock as `run` in PGlite mode; on PostgreSQL a
   * pooled connection for exactly one round trip. A single statement is atomic on its own.
   * Prepared by name on both: per pooled connection (PostgreSQL), once per database (PGlite).
   */
  query<Row>(statement: Statement, values: unknown[]): Promise<Row[]> {
    if (this.lock) return this.exclusive(async () => queryPrepared<Row>(await getPGliteInstance(), statement, values), false);
    const pool = (this.dataSource.driver as unknown as { master: RawPool }).master;
    return this.exclusive(() => pool.query({ name: statement.name, text: statement.text, values })).then((result) => result.rows as Row[]);
  }

  /**
   * One lookup, sent to the database together with every other lookup of the same statement made
   * in this turn of the event loop: under concurrent load one round trip answers many requests.
   * Nothing is cached: each statement starts after every request in it arrived, so it sees every
   * change committed before any of them (a logOut, a ban) exactly as a statement of its own would.
   * Null when the key finds nothing.
   */
  lookup<Key, Row>(statement: LookupStatement<Key>, key: Key): Promise<Row | null> {
    let loader = this.lookups.get(statement.many.name) as DataLoader<Key, Row | null> | undefined;
    if (!loader) {
      loader = sharedLoader<Key, Row | null>((keys) => this.lookupAll<Key, Row>(statement, keys), LOOKUP_BATCHES);
      this.lookups.set(statement.many.name, loader);
    }
    return loader.load(key);
  }

  private async lookupAll<Key, Row>(statement: LookupStatement<Key>, keys: readonly Key[]): Promise<Array<Row | null>> {
    // Alone, the plain statement: cheaper to plan and run than the unnest over one key.
    if (keys.length === 1) return [(await this.query<Row>(statement.one, statement.values(keys[0]!)))[0] ?? null];
    const perKey = keys.map(statement.values);
    const columns = perKey[0]!.map((_, column) => perKey.map((values) => values[column]));
    const rows = await this.query<Row & { i: number }>(statement.many, columns);
    const answers: Array<Row | null> = new Array(keys.length).fill(null);
    for (const { i, ...row } of rows) answers[i - 1] = row as Row;
    return answers;
  }

  async ping(): Promise<void> {
    await this.run((manager) => manager.query("SELECT 1"));
  }

  /**
   * Runs `work` behind the PGlite lock (at once on PostgreSQL), mapping an unreachable database to
   * UPSTREAM_UNAVAILABLE. `callsBack`: `work` runs the caller's code (run, transaction), which may
   * wrongly start a unit of its own; our own single statements (query) cannot.
   */
  private async exclusive<T>(work: () => Promise<T>, callsBack = true): Promise<T> {
    try {
      return await this.serialised(work, callsBack);
    } catch (error) {
      throw isDatabaseUnavailable(error) ? databaseUnavailable() : error;
    }
  }

  private serialised<T>(work: () => Promise<T>, callsBack: boolean): Promise<T> {
    const lock = this.lock;
    if (!lock) return work();
    // `open` turns false when the unit ends, so a continuation it left behind may start a new one.
    if (this.currentUnit.getStore()?.open) throw new NestedUnitOfWorkError();
    if (!callsBack) return lock.runExclusive(work);
    return lock.runExclusive(async () => {
      const unit = { open: true };
      try {
        return await this.currentUnit.run(unit, work);
      } finally {
        unit.open = false;
        // Units never overlap (the lock), so none is open now. While an AsyncLocalStorage is
        // enabled Node runs a hook on every promise the process creates (measured: ~3% of the
        // event loop under joinToken load); disabled, only units pay for it. The next run enables it again.
        this.currentUnit.disable();
      }
    });
  }
}

export class NestedUnitOfWorkError extends Error {
  override name = "NestedUnitOfWorkError";
  constructor() {
    super(
      "db.run/db.transaction was called inside another unit of work. In PGlite mode that would wait forever " +
        "for the lock its caller holds: use the EntityManager the outer unit was given instead.",
    );
  }
}
