// Public surface of coverage planning: tier allocation, the balanced planner, coverage reports,
// and plan files (rows a person can read, edit and bring back) with their checks.
export * from "./check-plan-rows.ts";
export * from "./coverage-report.ts";
export * from "./plan-coverage.ts";
export * from "./plan-file.ts";
export * from "./plan-types.ts";
export * from "./planning-error.ts";
export * from "./seeded-random.ts";
export * from "./tier-allocation.ts";
