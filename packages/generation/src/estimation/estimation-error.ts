// The error estimateBatch throws for settings no estimate can be made from.
import { AppError } from "../errors/app-error.ts";

export class EstimationError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message);
    this.name = "EstimationError";
  }
}
