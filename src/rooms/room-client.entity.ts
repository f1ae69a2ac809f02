import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "../accounts/user.entity.js";
import { Room } from "./room.entity.js";

/** The SFU client ids a user joined a room with, so a kick can reach their live sessions. */
@Entity({ name: "room_clients" })
@Index("room_clients_room_id_user_id_client_id_key", ["roomId", "userId", "clientId"], { unique: true })
export class RoomClient {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "room_clients_pkey" })
  id: string;

  @Column({ name: "room_id", type: "uuid" })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: "CASCADE" })
  @JoinColumn({ name: "room_id", foreignKeyConstraintName: "room_clients_room_id_fkey" })
  room: Relation<Room>;

  @Index("room_clients_user_id_idx")
  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "room_clients_user_id_fkey" })
  user: Relation<User>;

  @Column({ name: "client_id", type: "varchar", length: 128 })
  clientId: string;

  @Index("room_clients_last_token_at_idx")
  @Column({ name: "last_token_at", type: "timestamptz" })
  lastTokenAt: Date;
}
