import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "../accounts/user.entity.js";
import { Room } from "./room.entity.js";

/** A persisted ban: stops new credentials for this user in this room until lifted. */
@Entity({ name: "room_bans" })
@Index("room_bans_room_id_user_id_key", ["roomId", "userId"], { unique: true })
export class RoomBan {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "room_bans_pkey" })
  id: string;

  @Column({ name: "room_id", type: "uuid" })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: "CASCADE" })
  @JoinColumn({ name: "room_id", foreignKeyConstraintName: "room_bans_room_id_fkey" })
  room: Relation<Room>;

  @Index("room_bans_user_id_idx")
  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "room_bans_user_id_fkey" })
  user: Relation<User>;

  @Index("room_bans_banned_by_id_idx")
  @Column({ name: "banned_by_id", type: "uuid", nullable: true })
  bannedById: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "banned_by_id", foreignKeyConstraintName: "room_bans_banned_by_id_fkey" })
  bannedBy: Relation<User> | null;

  @Column({ type: "varchar", length: 500, nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
