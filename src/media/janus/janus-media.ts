// Everything roomkey does with Janus, built once at start from JanusConfig.
import type { JanusConfig } from "../../config.js";
import { JanusAdmin } from "./janus-admin.js";
import { JanusClient } from "./janus-client.js";
import { JanusControl } from "./videoroom-control.js";

export class JanusMedia {
  readonly client: JanusClient;
  readonly admin: JanusAdmin;
  readonly control: JanusControl;

  constructor(readonly config: JanusConfig) {
    this.client = new JanusClient({ url: config.url, apiSecret: config.apiSecret, timeoutMs: config.requestTimeoutMs });
    this.admin = new JanusAdmin({ url: config.adminUrl, secret: config.adminSecret, timeoutMs: config.requestTimeoutMs });
    this.control = new JanusControl(this.client, this.admin, config.videoroomAdminKey);
  }
}
