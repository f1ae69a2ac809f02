import { MigrationInterface, QueryRunner } from "typeorm";

/** Keyset pagination of the admin listings walks (created_at, id). */
export class ListingIndexes1796500000001 implements MigrationInterface {
    name = 'ListingIndexes1796500000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "users_created_at_id_idx" ON "users"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "rooms_created_at_id_idx" ON "rooms"  ("created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."rooms_created_at_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."users_created_at_id_idx"`);
    }

}
