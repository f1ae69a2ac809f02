// One JSON POST (or long-poll GET) to Janus's HTTP transport, never longer than the timeout.
import { randomBytes } from "node:crypto";
import { JanusUnreachableError } from "./janus-errors.js";

export interface JanusReply {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: Record<string, unknown>;
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  [key: string]: unknown;
}

export const newTransaction = (): string => randomBytes(9).toString("base64url");

export async function postJanus(url: string, body: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<JanusReply> {
  return requestJanus(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }, timeoutMs, signal);
}

export async function getJanus(url: string, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  return requestJanus(url, { method: "GET" }, timeoutMs, signal);
}

async function requestJanus(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<JanusReply> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    throw new JanusUnreachableError(url, timeout.aborted ? `Janus did not answer within ${timeoutMs} ms` : `Janus cannot be reached (${describe(error)})`, { cause: error });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new JanusUnreachableError(url, `Janus's answer was cut off (${describe(error)})`, { cause: error });
  }
  try {
    return JSON.parse(text) as JanusReply;
  } catch {
    throw new JanusUnreachableError(url, `Janus answered HTTP ${response.status} with something that is not JSON`);
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
