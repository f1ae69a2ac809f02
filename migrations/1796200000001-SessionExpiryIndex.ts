import { MigrationInterface, QueryRunner } from "typeorm";

/** The periodic sweep deletes expired sessions by expires_at. */
export class SessionExpiryIndex1796200000001 implements MigrationInterface {
    name = 'SessionExpiryIndex1796200000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions" ("expires_at")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."user_sessions_expires_at_idx"`);
    }
}
