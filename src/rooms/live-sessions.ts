// The seam between moderation and the media servers: what an adapter implements so kicks and
// role changes reach live sessions. Called by the media-task runner, after the change committed.

export interface KickTarget {
  roomId: string;
  roomSlug: string;
  userId: string;
  /** SFU client ids the user recently fetched join tokens for. */
  clientIds: string[];
  /** The room's Janus VideoRoom, when it has one. */
  videoroom: { id: number; secret: string } | null;
}

export interface RoleChangeTarget {
  roomId: string;
  /** The user whose role changed; null = the room's rules changed for everyone (entry mode, default role). */
  userId: string | null;
  videoroom: { id: number; secret: string } | null;
}

export interface LiveSessionKicker {
  /**
   * Drops the user's live sessions in the room and revokes what can be revoked; returns how many
   * sessions were dropped. Throws when the media server did not confirm: the work is retried.
   */
  disconnect(target: KickTarget): Promise<number>;
  /** Brings the media server's publish rights in line with the stored roles. Throws to be retried. */
  rolesChanged(target: RoleChangeTarget): Promise<void>;
}

export const noLiveSessionKicker: LiveSessionKicker = {
  disconnect: async () => 0,
  rolesChanged: async () => undefined,
};
