// npm run jitsi:verify -- <prosody password or jwt>
// Exit codes: 0 valid and unexpired, 1 invalid, 2 usage or configuration problem.
import { ConfigError, loadConfig, type JitsiConfig } from "../../config.js";
import { formatCredentialReport, verifyJitsiCredential } from "./verify-credential.js";

async function main(): Promise<number> {
  const input = process.argv[2]?.trim();
  if (!input || process.argv.length > 3) {
    console.error("Usage: npm run jitsi:verify -- <prosody password or jwt>");
    return 2;
  }

  let jitsi: JitsiConfig | undefined;
  try {
    jitsi = loadConfig().jitsi;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (!jitsi) {
    // loadConfig throws when only some are set, so here all three are missing.
    console.error("Jitsi is not configured: set JITSI_APP_ID, JITSI_APP_SECRET and JITSI_DOMAIN");
    return 2;
  }

  const report = await verifyJitsiCredential(input, jitsi);
  for (const line of formatCredentialReport(report)) console.log(line);
  return report.ok ? 0 : 1;
}

process.exitCode = await main();
