import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "../../accounts/user.entity.js";
import { Room } from "../../rooms/room.entity.js";

/**
 * A token roomkey stored in Janus core for one person in one VideoRoom. Janus never expires
 * stored tokens, so roomkey keeps them here and removes them itself (the sweeper, kicks). Written
 * before the token reaches Janus, so every token roomkey put there is known here.
 */
@Entity({ name: "videoroom_tokens" })
@Index("videoroom_tokens_room_id_user_id_key", ["roomId", "userId"], { unique: true })
export class VideoroomToken {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "videoroom_tokens_pkey" })
  id: string;

  @Index("videoroom_tokens_token_key", { unique: true })
  @Column({ type: "varchar", length: 64 })
  token: string;

  /** Null once the room is deleted: the sweeper then removes the token from Janus. */
  @Column({ name: "room_id", type: "uuid", nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: "SET NULL" })
  @JoinColumn({ name: "room_id", foreignKeyConstraintName: "videoroom_tokens_room_id_fkey" })
  room: Relation<Room> | null;

  /** Null for anonymous viewers (one token per fetch), and once the account is deleted (the sweeper removes it at expiry). */
  @Index("videoroom_tokens_user_id_idx")
  @Column({ name: "user_id", type: "uuid", nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "videoroom_tokens_user_id_fkey" })
  user: Relation<User> | null;

  /** Whether the token is in the room's `allowed` list (may join as publisher). */
  @Column({ name: "can_publish", type: "boolean" })
  canPublish: boolean;

  @Index("videoroom_tokens_expires_at_idx")
  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt: Date;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
