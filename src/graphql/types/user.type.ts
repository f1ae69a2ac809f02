import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("User")
export class UserType {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: "The user themself and admins see it; everyone else gets null" })
  email: string | null;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field()
  isAdmin: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType("Session")
export class SessionType {
  @Field({ description: "Opaque bearer token; only its hash is stored. Send it as `Authorization: Bearer <token>`." })
  token: string;

  @Field(() => UserType)
  user: UserType;

  @Field()
  expiresAt: Date;
}
