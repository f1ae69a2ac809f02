import { Field, Int, ObjectType } from "type-graphql";

@ObjectType("JanusToken", { description: "A token stored in Janus core (list_tokens)" })
export class JanusTokenType {
  @Field()
  token: string;

  @Field(() => [String], { description: "Plugins the token may attach to; [] = every plugin" })
  plugins: string[];
}

@ObjectType("VideoRoomAccess", {
  description:
    "Access to the room's Janus VideoRoom. Janus enforces publish rights itself: the token is in the room's `allowed` list only when canPublish. " +
    "A kick removes the token from `allowed` and Janus core and drops the user's live Janus sessions.",
})
export class VideoRoomAccessType {
  @Field({ description: "The Janus HTTP API the client talks to" })
  janusUrl: string;

  @Field(() => Int, { description: "The VideoRoom's numeric id" })
  room: number;

  @Field({ description: "Stored in Janus core (plugins: janus.plugin.videoroom); also in the room's `allowed` list only when canPublish. Send it as `token` on every Janus request and inside the publisher join body" })
  token: string;

  @Field(() => String, { nullable: true, description: "The VideoRoom pin, when it has one (roomkey's rooms have none: the token is the key)" })
  pin: string | null;

  @Field({ description: "False for SUBSCRIBER and anonymous viewers of a SUBSCRIBER-default room: Janus itself refuses their publisher join (433); subscriber joins work" })
  canPublish: boolean;

  @Field({ description: "When roomkey removes the token from Janus unless videoroomAccess is fetched again (which renews it and returns the same token)" })
  expiresAt: Date;
}
