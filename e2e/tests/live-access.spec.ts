// A batch page left open by a member the owner then removes: its live progress stream ends
// within seconds and the page says they no longer have access, instead of streaming on.
import {
  expect,
  launchBatch,
  newAccount,
  signUp,
  test,
  trpcMutation,
  trpcQuery,
} from "../fixtures.ts";

test("a removed member's batch page stops its live updates and says why", async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL ?? "";
  const owner = page.request;
  // A paused batch keeps its stream open: it is not done.
  const batchId = await launchBatch(owner, origin, { count: 20, seed: 5 });
  expect((await trpcMutation(owner, origin, "batch.pause", { batchId })).status()).toBe(200);

  // A second person joins through an invitation and opens the batch in their own browser.
  const member = newAccount("Member");
  const invited = await trpcMutation(owner, origin, "workspace.invite", {
    email: member.email,
    role: "viewer",
  });
  const token: string = (await invited.json()).result.data.json.token;
  const memberContext = await browser.newContext({ baseURL: origin });
  try {
    await signUp(memberContext.request, origin, member);
    const accepted = await trpcMutation(
      memberContext.request,
      origin,
      "workspace.acceptInvitation",
      {
        token,
      },
    );
    const workspaceId: string = (await accepted.json()).result.data.json.workspaceId;
    await memberContext.addCookies([
      { name: "parley_workspace", value: workspaceId, url: origin, httpOnly: true },
    ]);
    const memberPage = await memberContext.newPage();
    await memberPage.goto(`/batches/${batchId}`);
    await memberPage.locator("html[data-hydrated]").waitFor({ state: "attached" });
    await expect(memberPage.getByTestId("batch-status")).toHaveText("paused");
    await expect(memberPage.getByTestId("live-ended")).toHaveCount(0);

    const members = await trpcQuery(owner, "workspace.members", undefined);
    const { userId } = (await members.json()).result.data.json.members.find(
      (row: { email: string }) => row.email === member.email,
    );
    const removedAt = Date.now();
    const removed = await trpcMutation(owner, origin, "workspace.removeMember", { userId });
    expect(removed.status(), await removed.text()).toBe(200);

    await expect(memberPage.getByTestId("live-ended")).toContainText(
      "You no longer have access to this workspace",
      { timeout: 8_000 },
    );
    expect(Date.now() - removedAt).toBeLessThan(8_000);
    await memberPage.screenshot({ path: "test-results/live-access-ended.png" });
  } finally {
    await memberContext.close();
  }
});
