import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795424536347 implements MigrationInterface {
    name = 'Init1795424536347'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "display_name" character varying(80), "is_admin" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "user_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "user_sessions_token_hash_key" ON "user_sessions"  ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"  ("user_id") `);
        await queryRunner.query(`CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(1000), "owner_id" uuid NOT NULL, "entry_mode" character varying(16) NOT NULL DEFAULT 'OPEN', "allow_anonymous" boolean NOT NULL DEFAULT true, "default_role" character varying(16) NOT NULL DEFAULT 'PUBLISHER', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rooms_default_role_check" CHECK ("default_role" IN ('PUBLISHER', 'SUBSCRIBER')), CONSTRAINT "rooms_entry_mode_check" CHECK ("entry_mode" IN ('OPEN', 'MEMBERS', 'CLOSED')), CONSTRAINT "rooms_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "rooms_slug_key" ON "rooms"  ("slug") `);
        await queryRunner.query(`CREATE INDEX "rooms_owner_id_idx" ON "rooms"  ("owner_id") `);
        await queryRunner.query(`CREATE TABLE "room_bans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "banned_by_id" uuid, "reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "room_bans_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "room_bans_user_id_idx" ON "room_bans"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "room_bans_banned_by_id_idx" ON "room_bans"  ("banned_by_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "room_bans_room_id_user_id_key" ON "room_bans"  ("room_id", "user_id") `);
        await queryRunner.query(`CREATE TABLE "room_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "client_id" character varying(128) NOT NULL, "last_token_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "room_clients_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "room_clients_user_id_idx" ON "room_clients"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "room_clients_room_id_user_id_client_id_key" ON "room_clients"  ("room_id", "user_id", "client_id") `);
        await queryRunner.query(`CREATE TABLE "room_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "room_members_role_check" CHECK ("role" IN ('OWNER', 'MODERATOR', 'PUBLISHER', 'SUBSCRIBER')), CONSTRAINT "room_members_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "room_members_user_id_idx" ON "room_members"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "room_members_room_id_user_id_key" ON "room_members"  ("room_id", "user_id") `);
        await queryRunner.query(`ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rooms" ADD CONSTRAINT "rooms_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_bans" ADD CONSTRAINT "room_bans_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_bans" ADD CONSTRAINT "room_bans_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_bans" ADD CONSTRAINT "room_bans_banned_by_id_fkey" FOREIGN KEY ("banned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_clients" ADD CONSTRAINT "room_clients_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_clients" ADD CONSTRAINT "room_clients_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_members" ADD CONSTRAINT "room_members_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "room_members" ADD CONSTRAINT "room_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "room_members_user_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "room_members_room_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_clients" DROP CONSTRAINT "room_clients_user_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_clients" DROP CONSTRAINT "room_clients_room_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "room_bans_banned_by_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "room_bans_user_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "room_bans_room_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "rooms" DROP CONSTRAINT "rooms_owner_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "user_sessions" DROP CONSTRAINT "user_sessions_user_id_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."room_members_room_id_user_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."room_members_user_id_idx"`);
        await queryRunner.query(`DROP TABLE "room_members"`);
        await queryRunner.query(`DROP INDEX "public"."room_clients_room_id_user_id_client_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."room_clients_user_id_idx"`);
        await queryRunner.query(`DROP TABLE "room_clients"`);
        await queryRunner.query(`DROP INDEX "public"."room_bans_room_id_user_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."room_bans_banned_by_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."room_bans_user_id_idx"`);
        await queryRunner.query(`DROP TABLE "room_bans"`);
        await queryRunner.query(`DROP INDEX "public"."rooms_owner_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."rooms_slug_key"`);
        await queryRunner.query(`DROP TABLE "rooms"`);
        await queryRunner.query(`DROP INDEX "public"."user_sessions_user_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."user_sessions_token_hash_key"`);
        await queryRunner.query(`DROP TABLE "user_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
