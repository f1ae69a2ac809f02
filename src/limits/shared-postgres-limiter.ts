// rate-limiter-flexible's PostgreSQL limiter, with the counter updates made in one turn of the
// event loop sent as one statement. Every joinToken charges a budget, so under load the one-upsert-
// per-request round trip cost as much as the entry decision itself; shared, it costs a fraction.
//
// It overrides only `_upsert`, the store method the library's custom-store contract names, and
// keeps its SQL semantics exactly: a counter whose window ended starts again from the new points,
// otherwise the points add up and the window's end stays. Penalties and blocks (forced expiry) go
// through the library's own statement unchanged.
import type DataLoader from "dataloader";
import type pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { sharedLoader } from "../db/shared-loader.js";

interface Charge {
  key: string;
  points: number;
  msDuration: number;
}

interface CounterRow {
  points: number;
  expire: string | null;
}

/** Upserts of one turn, at most this many per statement. */
const CHARGES_PER_STATEMENT = 256;

/**
 * One statement for many keys. Keys come sorted, so two statements running at once lock their rows
 * in the same order and cannot deadlock. `$4` is now (ms since the epoch), as in the library.
 */
export function upsertManySql(table: string): string {
  return `
    INSERT INTO ${table} AS counter (key, points, expire)
    SELECT key, points, expire FROM unnest($1::text[], $2::int[], $3::bigint[]) AS charge(key, points, expire) ORDER BY key
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN counter.expire <= $4 THEN EXCLUDED.points ELSE counter.points + EXCLUDED.points END,
      expire = CASE WHEN counter.expire <= $4 THEN EXCLUDED.expire ELSE counter.expire END
    RETURNING key, points, expire`;
}

export class SharedRateLimiterPostgres extends RateLimiterPostgres {
  private readonly charges: DataLoader<Charge, CounterRow>;

  constructor(options: ConstructorParameters<typeof RateLimiterPostgres>[0] & { storeClient: pg.Pool; tableName: string }) {
    super(options);
    const pool = options.storeClient;
    const statement = { name: `roomkey_limit_upsert_many_v1:${options.tableName}`, text: upsertManySql(options.tableName) };
    this.charges = sharedLoader((charges) => upsertMany(pool, statement, charges), { maxBatchSize: CHARGES_PER_STATEMENT });
  }

  /** The library's store method: resolves to a result whose first row is the key's counter. */
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ rows: CounterRow[] }> {
    if (forceExpire) return (RateLimiterPostgres.prototype as unknown as SharedUpsert)._upsert.call(this, key, points, msDuration, true);
    return this.charges.load({ key, points, msDuration }).then((row) => ({ rows: [row] }));
  }
}

type SharedUpsert = { _upsert(key: string, points: number, msDuration: number, forceExpire: boolean): Promise<{ rows: CounterRow[] }> };

/**
 * Charges to the same key in one batch are summed into one row update; each charge then sees the
 * counter as if the charges had run one after another, in the order they were made.
 */
async function upsertMany(pool: pg.Pool, statement: { name: string; text: string }, charges: readonly Charge[]): Promise<CounterRow[]> {
  const now = Date.now();
  const perKey = new Map<string, { points: number; expire: number | null }>();
  for (const charge of charges) {
    const total = perKey.get(charge.key);
    if (total) total.points += charge.points;
    else perKey.set(charge.key, { points: charge.points, expire: charge.msDuration > 0 ? now + charge.msDuration : null });
  }
  const keys = [...perKey.keys()].sort();
  const { rows } = await pool.query<{ key: string; points: number; expire: string | null }>({
    name: statement.name,
    text: statement.text,
    values: [keys, keys.map((key) => perKey.get(key)!.points), keys.map((key) => perKey.get(key)!.expire), now],
  });
  const after = new Map(rows.map((row) => [row.key, row]));
  // Walk the charges backwards: the last charge to a key sees its final count, earlier ones less.
  const answers: CounterRow[] = new Array(charges.length);
  const laterPoints = new Map<string, number>();
  for (let i = charges.length - 1; i >= 0; i--) {
    const { key, points } = charges[i]!;
    const row = after.get(key)!;
    const later = laterPoints.get(key) ?? 0;
    answers[i] = { points: row.points - later, expire: row.expire };
    laterPoints.set(key, later + points);
  }
  return answers;
}
