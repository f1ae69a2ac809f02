import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1796500000002 implements MigrationInterface {
    name = 'AuditLog1796500000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "action" character varying(32) NOT NULL, "actor_id" uuid, "target_user_id" uuid, "room_slug" character varying(64), "details" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_events_action_check" CHECK ("action" IN ('ROOM_CREATED', 'ROOM_UPDATED', 'ROOM_DELETED', 'ROLE_CHANGED', 'USER_KICKED', 'USER_UNBANNED', 'API_TOKEN_CREATED', 'API_TOKEN_REVOKED', 'ADMIN_GRANTED', 'ADMIN_REVOKED', 'JANUS_TOKEN_ADDED', 'JANUS_TOKEN_REMOVED')), CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_events_created_at_id_idx" ON "audit_events"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "audit_events_room_slug_created_at_id_idx" ON "audit_events"  ("room_slug", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "audit_events_actor_id_created_at_id_idx" ON "audit_events"  ("actor_id", "created_at", "id") `);
        // Append-only: no code path updates or deletes, and the database refuses it too.
        await queryRunner.query(`CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "audit_events_no_update_or_delete" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_actor_id_created_at_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_room_slug_created_at_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_created_at_id_idx"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
