// Public surface of coverage planning: tier allocation, the balanced planner, coverage reports.
export * from "./coverage-report.ts";
export * from "./plan-coverage.ts";
export * from "./plan-types.ts";
export * from "./planning-error.ts";
export * from "./seeded-random.ts";
export * from "./tier-allocation.ts";
