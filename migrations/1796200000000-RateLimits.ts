import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The table rate-limiter-flexible's RateLimiterPostgres keeps its counters in (its own layout:
 * key, points, expire in epoch ms), created here because the app passes tableCreated: true.
 * No entity maps it: only the limiter reads and writes it. UNLOGGED: a budget check is a write on
 * the joinToken hot path, and counters that only live for a window need no WAL flush per request
 * (a PostgreSQL crash empties the table, which merely resets the windows).
 */
export class RateLimits1796200000000 implements MigrationInterface {
    name = 'RateLimits1796200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNLOGGED TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" ("expire")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."rate_limits_expire_idx"`);
        await queryRunner.query(`DROP TABLE "rate_limits"`);
    }
}
