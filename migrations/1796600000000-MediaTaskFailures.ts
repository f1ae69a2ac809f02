import { MigrationInterface, QueryRunner } from "typeorm";

/** Media tasks that ran out of attempts stay, marked failed, for admins to see and retry (an audited action). */
export class MediaTaskFailures1796600000000 implements MigrationInterface {
    name = 'MediaTaskFailures1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "media_tasks" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "media_tasks_created_at_id_idx" ON "media_tasks" ("created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check"`);
        await queryRunner.query(`ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("action" IN ('ROOM_CREATED', 'ROOM_UPDATED', 'ROOM_DELETED', 'ROLE_CHANGED', 'USER_KICKED', 'USER_UNBANNED', 'API_TOKEN_CREATED', 'API_TOKEN_REVOKED', 'ADMIN_GRANTED', 'ADMIN_REVOKED', 'JANUS_TOKEN_ADDED', 'JANUS_TOKEN_REMOVED', 'MEDIA_TASK_RETRIED'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "audit_events" WHERE "action" = 'MEDIA_TASK_RETRIED'`);
        await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check"`);
        await queryRunner.query(`ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("action" IN ('ROOM_CREATED', 'ROOM_UPDATED', 'ROOM_DELETED', 'ROLE_CHANGED', 'USER_KICKED', 'USER_UNBANNED', 'API_TOKEN_CREATED', 'API_TOKEN_REVOKED', 'ADMIN_GRANTED', 'ADMIN_REVOKED', 'JANUS_TOKEN_ADDED', 'JANUS_TOKEN_REMOVED'))`);
        await queryRunner.query(`DROP INDEX "public"."media_tasks_created_at_id_idx"`);
        await queryRunner.query(`ALTER TABLE "media_tasks" DROP COLUMN "failed_at"`);
    }

}
