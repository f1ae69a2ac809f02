import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { ApiScope } from "./api-scopes.js";
import { User } from "./user.entity.js";

/** A named, scoped bearer secret for dashboards and scripts. Only the SHA-256 of the secret is stored. */
@Entity({ name: "api_tokens" })
export class ApiToken {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "api_tokens_pkey" })
  id: string;

  @Index("api_tokens_token_hash_key", { unique: true })
  @Column({ name: "token_hash", type: "bytea" })
  tokenHash: Buffer;

  @Index("api_tokens_user_id_idx")
  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "api_tokens_user_id_fkey" })
  user: Relation<User>;

  @Column({ type: "varchar", length: 100 })
  name: string;

  @Column({ type: "text", array: true })
  scopes: ApiScope[];

  @Column({ name: "expires_at", type: "timestamptz", nullable: true })
  expiresAt: Date | null;

  @Column({ name: "last_used_at", type: "timestamptz", nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
