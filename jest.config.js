/**
 * ESM + ts-jest (transpile only; `npm test` type-checks with tsc first).
 * Two projects: unit tests need nothing running; the rest need PostgreSQL, checked once by the
 * integration project's globalSetup, which jest runs only when a test of that project is selected
 * (so `jest test/unit` passes with PostgreSQL stopped).
 */
const common = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }],
  },
  setupFiles: ["reflect-metadata"],
  testTimeout: 30000,
};

export default {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["<rootDir>/test/unit/"],
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
  ],
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
