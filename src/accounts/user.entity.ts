import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

@Entity({ name: "users" })
@Index("users_created_at_id_idx", ["createdAt", "id"]) // keyset pages of the users listing
export class User {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "users_pkey" })
  id: string;

  /** Stored normalised (trimmed, lower case), so the unique index is case-insensitive. */
  @Index("users_email_key", { unique: true })
  @Column({ type: "varchar", length: 254 })
  email: string;

  @Column({ name: "password_hash", type: "varchar", length: 255 })
  passwordHash: string;

  @Column({ name: "display_name", type: "varchar", length: 80, nullable: true })
  displayName: string | null;

  @Column({ name: "is_admin", type: "boolean", default: false })
  isAdmin: boolean;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
