import type { MigrationInterface, QueryRunner } from "typeorm";

/** Janus: VideoRoom ids and secrets on rooms, the VideoRoom tokens roomkey stored in Janus, the media-task outbox. */
export class JanusVideoroom1796100000000 implements MigrationInterface {
    name = "JanusVideoroom1796100000000";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "media_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "payload" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "media_tasks_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "media_tasks_next_attempt_at_idx" ON "media_tasks"  ("next_attempt_at") `);
        await queryRunner.query(`CREATE TABLE "videoroom_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token" character varying(64) NOT NULL, "room_id" uuid, "user_id" uuid, "can_publish" boolean NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "videoroom_tokens_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "videoroom_tokens_token_key" ON "videoroom_tokens"  ("token") `);
        await queryRunner.query(`CREATE INDEX "videoroom_tokens_user_id_idx" ON "videoroom_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "videoroom_tokens_expires_at_idx" ON "videoroom_tokens"  ("expires_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "videoroom_tokens_room_id_user_id_key" ON "videoroom_tokens"  ("room_id", "user_id") `);
        await queryRunner.query(`ALTER TABLE "rooms" ADD "videoroom_id" integer`);
        await queryRunner.query(`ALTER TABLE "rooms" ADD "videoroom_secret" character varying(64)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "rooms_videoroom_id_key" ON "rooms"  ("videoroom_id") `);
        await queryRunner.query(`ALTER TABLE "videoroom_tokens" ADD CONSTRAINT "videoroom_tokens_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "videoroom_tokens" ADD CONSTRAINT "videoroom_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "videoroom_tokens" DROP CONSTRAINT "videoroom_tokens_user_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "videoroom_tokens" DROP CONSTRAINT "videoroom_tokens_room_id_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."rooms_videoroom_id_key"`);
        await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "videoroom_secret"`);
        await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "videoroom_id"`);
        await queryRunner.query(`DROP TABLE "videoroom_tokens"`);
        await queryRunner.query(`DROP TABLE "media_tasks"`);
    }
}
