import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "../accounts/user.entity.js";
import { Room } from "./room.entity.js";
import type { RoomRole } from "./room-role.js";

/** A user's role in a room. The owner holds an OWNER row, written with the room. */
@Entity({ name: "room_members" })
@Index("room_members_room_id_user_id_key", ["roomId", "userId"], { unique: true })
@Check("room_members_role_check", `"role" IN ('OWNER', 'MODERATOR', 'PUBLISHER', 'SUBSCRIBER')`)
export class RoomMember {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "room_members_pkey" })
  id: string;

  @Column({ name: "room_id", type: "uuid" })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: "CASCADE" })
  @JoinColumn({ name: "room_id", foreignKeyConstraintName: "room_members_room_id_fkey" })
  room: Relation<Room>;

  @Index("room_members_user_id_idx")
  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "room_members_user_id_fkey" })
  user: Relation<User>;

  @Column({ type: "varchar", length: 16 })
  role: RoomRole;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
