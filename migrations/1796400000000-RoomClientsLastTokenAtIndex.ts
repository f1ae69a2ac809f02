import { MigrationInterface, QueryRunner } from "typeorm";

/** The room_clients sweep deletes by age (src/rooms/room-clients.ts): index it so the sweep never scans the table. */
export class RoomClientsLastTokenAtIndex1796400000000 implements MigrationInterface {
    name = 'RoomClientsLastTokenAtIndex1796400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "room_clients_last_token_at_idx" ON "room_clients" ("last_token_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."room_clients_last_token_at_idx"`);
    }
}
