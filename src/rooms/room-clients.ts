export const CLIENT_IDS_KEPT = 20;
