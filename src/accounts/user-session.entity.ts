import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import { User } from "./user.entity.js";

/** A signed-in session. Only the SHA-256 of the bearer token is stored. */
@Entity({ name: "user_sessions" })
export class UserSession {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "user_sessions_pkey" })
  id: string;

  @Index("user_sessions_token_hash_key", { unique: true })
  @Column({ name: "token_hash", type: "bytea" })
  tokenHash: Buffer;

  @Index("user_sessions_user_id_idx")
  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "user_sessions_user_id_fkey" })
  user: Relation<User>;

  @Index("user_sessions_expires_at_idx")
  @Column({ name: "expires_at", type: "timestamptz" })
  expiresAt: Date;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
