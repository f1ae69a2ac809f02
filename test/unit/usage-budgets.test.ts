import { describe, expect, it } from "@jest/globals";
import { pino } from "pino";
import { DomainError } from "../../src/errors.js";
import { openLimiterStore } from "../../src/limits/limiter-store.js";
import { UsageBudgets } from "../../src/limits/usage-budgets.js";

const memoryStore = () => openLimiterStore({ databaseUrl: undefined, limits: { redisUrl: undefined, redisKeyPrefix: "t", joinTokensPerMinute: 0, createRoomsPerHour: 0 } }, pino({ level: "silent" }));

describe("UsageBudgets", () => {
  it("never refuses when a budget is 0 (off)", async () => {
    const budgets = new UsageBudgets(await memoryStore(), { joinTokensPerMinute: 0, createRoomsPerHour: 0 });
    const charges: Array<Promise<void>> = [];
    for (let i = 0; i < 1000; i++) {
      charges.push(budgets.chargeMediaAccess({ userId: "u1", clientIp: "192.0.2.1" }));
      charges.push(budgets.chargeRoomCreation({ userId: null, clientIp: "192.0.2.1" }));
    }
    await expect(Promise.all(charges)).resolves.toHaveLength(2000);
  });

  it("counts signed-in users by id whatever their address, and anonymous callers by address", async () => {
    const budgets = new UsageBudgets(await memoryStore(), { joinTokensPerMinute: 2, createRoomsPerHour: 0 });
    await budgets.chargeMediaAccess({ userId: "u1", clientIp: "192.0.2.1" });
    await budgets.chargeMediaAccess({ userId: "u1", clientIp: "192.0.2.2" });
    await expect(budgets.chargeMediaAccess({ userId: "u1", clientIp: "192.0.2.3" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await budgets.chargeMediaAccess({ userId: null, clientIp: "192.0.2.1" });
    await budgets.chargeMediaAccess({ userId: null, clientIp: "192.0.2.1" });
    const error = await budgets.chargeMediaAccess({ userId: null, clientIp: "192.0.2.1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((error as DomainError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});
