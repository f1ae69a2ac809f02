import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from "typeorm";
import { User } from "../accounts/user.entity.js";
import type { EntryMode, RoomRole } from "./room-role.js";

@Entity({ name: "rooms" })
@Index("rooms_created_at_id_idx", ["createdAt", "id"]) // keyset pages of the rooms listing
@Check("rooms_entry_mode_check", `"entry_mode" IN ('OPEN', 'MEMBERS', 'CLOSED')`)
@Check("rooms_default_role_check", `"default_role" IN ('PUBLISHER', 'SUBSCRIBER')`)
export class Room {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "rooms_pkey" })
  id: string;

  @Index("rooms_slug_key", { unique: true })
  @Column({ type: "varchar", length: 64 })
  slug: string;

  @Column({ type: "varchar", length: 100 })
  name: string;

  @Column({ type: "varchar", length: 1000, nullable: true })
  description: string | null;

  @Index("rooms_owner_id_idx")
  @Column({ name: "owner_id", type: "uuid" })
  ownerId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "owner_id", foreignKeyConstraintName: "rooms_owner_id_fkey" })
  owner: Relation<User>;

  @Column({ name: "entry_mode", type: "varchar", length: 16, default: "OPEN" })
  entryMode: EntryMode;

  @Column({ name: "allow_anonymous", type: "boolean", default: true })
  allowAnonymous: boolean;

  @Column({ name: "default_role", type: "varchar", length: 16, default: "PUBLISHER" })
  defaultRole: Extract<RoomRole, "PUBLISHER" | "SUBSCRIBER">;

  /** The Janus VideoRoom's numeric id (1..2^31-1, GraphQL Int); null when the room has none. */
  @Index("rooms_videoroom_id_key", { unique: true })
  @Column({ name: "videoroom_id", type: "integer", nullable: true })
  videoroomId: number | null;

  /** The VideoRoom's secret (needed for allowed/kick/destroy); never leaves the server. */
  @Column({ name: "videoroom_secret", type: "varchar", length: 64, nullable: true, select: false })
  videoroomSecret?: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
