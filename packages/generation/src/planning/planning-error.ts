// The error planCoverage throws for inputs no plan can be made from.
import { AppError } from "../errors/app-error.ts";

export class PlanningError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("BAD_REQUEST", message, details);
    this.name = "PlanningError";
  }
}
