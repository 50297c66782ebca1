// The provider's view of a Message Batch, asked of the simulator directly (not through the
// worker's provider), so a test sees what the provider was actually told.
export interface SimulatedBatch {
  id: string;
  processing_status: "in_progress" | "canceling" | "ended";
  cancel_initiated_at: string | null;
}

export async function simulatedBatch(
  simulatorUrl: string | null,
  providerBatchId: string,
): Promise<SimulatedBatch> {
  const response = await fetch(`${simulatorUrl}/v1/messages/batches/${providerBatchId}`, {
    headers: { "x-api-key": "test", "anthropic-version": "2023-06-01" },
  });
  if (!response.ok) throw new Error(`simulator answered ${response.status}`);
  return (await response.json()) as SimulatedBatch;
}
