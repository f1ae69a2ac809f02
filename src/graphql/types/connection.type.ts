// Relay connections (first/after, pageInfo, totalCount), one pair of types per node type.
import { Field, Int, ObjectType, type ClassType } from "type-graphql";

@ObjectType("PageInfo")
export class PageInfoType {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page" })
  endCursor: string | null;
}

export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Opaque; pass as `after` to continue after this row" })
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `${name}s newest first; keyset cursors, so rows added while paging shift nothing` })
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfoType)
    pageInfo: PageInfoType;

    @Field(() => Int, { description: "All rows matching the filters" })
    totalCount: number;
  }
  return Connection;
}
