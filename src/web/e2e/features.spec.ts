import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { unwrap } from '../../sdk';
import { login, PASSWORD, screenshot } from './helpers';
import { befriend, directChat, person, sendAll, type Person } from './people';

/**
 * The other screens, with fixtures made through the SDK: history paging and unread counts, reply,
 * react, edit, delete, mentions and read markers; groups and their members; suggestions with their
 * reasons, degrees of separation and blocks; notifications.
 */
test.describe.serial('the web client screens', () => {
  let carol: Person;
  let dave: Person;
  let erin: Person;
  let chatId: string;
  let page: Page;
  let context: BrowserContext | undefined;
  const history = Array.from({ length: 45 }, (_, i) => `history message ${i + 1}`);

  test.beforeAll(async ({ browser }) => {
    [carol, dave, erin] = await Promise.all([
      person('carol', 'Carol Shaw'),
      person('dave', 'Dave Cutler'),
      person('erin', 'Erin Catto'),
    ]);
    await befriend(carol, dave);
    await befriend(dave, erin);
    chatId = await directChat(dave, carol);
    await sendAll(dave, chatId, history);
    // Notifications go to people with no live connection: Carol is not signed in yet.
    const plans = await unwrap(
      dave.client.rest.POST('/v1/chats', { body: { type: 'group', title: 'Plans', memberIds: [carol.id] } }),
    );
    await sendAll(dave, plans.id, [`@${carol.username} the plans are in`]);
    context = await browser.newContext();
    page = await context.newPage();
    await login(page, carol.username, PASSWORD);
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test('the chat list shows the unread count and last message; history pages back', async () => {
    const link = page.getByTestId('chat-link').filter({ hasText: dave.name });
    await expect(link.getByTestId('unread')).toHaveText('45');
    await expect(link).toContainText('history message 45');
    await link.click();
    const bodies = page.getByTestId('message-body');
    await expect(bodies).toHaveCount(30);
    await expect(bodies.first()).toHaveText('history message 16');
    await page.getByRole('button', { name: 'Load earlier messages' }).click();
    await expect(bodies).toHaveCount(45);
    await expect(bodies.first()).toHaveText('history message 1');
    await expect(page.getByRole('button', { name: 'Load earlier messages' })).toHaveCount(0);
    await expect(link.getByTestId('unread')).toHaveCount(0);
  });

  test('reply, react, edit, delete; mentions stand out; read markers show', async () => {
    const last = message(page, 'history message 45');
    await last.getByRole('button', { name: 'Reply' }).click();
    await composer(page).fill('Replying to the last one');
    await composer(page).press('Enter');
    const reply = message(page, 'Replying to the last one');
    await expect(reply.locator('blockquote')).toHaveText('Dave Cutler: history message 45');

    await last.getByRole('button', { name: 'React 👍' }).click();
    await expect(last.getByRole('button', { name: '👍 1' })).toHaveAttribute('aria-pressed', 'true');

    await reply.getByRole('button', { name: 'Edit' }).click();
    await composer(page).fill('Replying to the last one, edited');
    await page.getByRole('button', { name: 'Save' }).click();
    const edited = message(page, 'Replying to the last one, edited');
    await expect(edited).toContainText('(edited)');

    await composer(page).fill('This one will go');
    await composer(page).press('Enter');
    const doomed = message(page, 'This one will go');
    await doomed.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('Message deleted')).toBeVisible();

    const lastSeq = Number(await edited.getAttribute('data-seq'));
    await unwrap(
      dave.client.rest.POST('/v1/chats/{id}/read', { params: { path: { id: chatId } }, body: { seq: lastSeq } }),
    );
    await expect(edited.getByText('Seen')).toBeVisible();

    await sendAll(dave, chatId, [`@${carol.username} have a look at this`]);
    const mention = page.locator('.message.mentions-me');
    await expect(mention).toContainText(`@${carol.username} have a look at this`);
    await screenshot(page, 'chat-features');
  });

  test('a group: create it, add a friend, make them admin', async () => {
    await page.getByLabel('New group').fill('Engine room');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('chat-link').filter({ hasText: 'Engine room' }).click();
    await page.getByRole('button', { name: 'Members (1)' }).click();
    await page.getByLabel('Add a friend').selectOption({ label: dave.name });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Members (2)' })).toBeVisible();
    await page.getByLabel(`Role of ${dave.name}`).selectOption('admin');
    await expect(page.getByRole('region', { name: 'Members' })).toContainText(`${dave.name} admin`);
    await screenshot(page, 'group-members');
  });

  test('suggestions with their reasons, degrees of separation, blocks', async () => {
    await page.getByRole('link', { name: 'Friends' }).click();
    // Suggestions read the friend graph, which follows the friendships through Kafka.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('region', { name: 'People you may know' })).toContainText(
        `${erin.name} 1 mutual friend: ${dave.name}`,
        { timeout: 1000 },
      );
    }).toPass({ timeout: 30_000 });

    await page.getByLabel('Username').fill(erin.username);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: 'Degrees of separation' }).click();
    await expect(page.getByTestId('people-note')).toHaveText(
      `2 degrees of separation: ${carol.name} → ${dave.name} → ${erin.name}`,
    );
    await screenshot(page, 'friends-suggestions');

    await page.getByRole('button', { name: 'Block' }).click();
    await expect(page.getByTestId('people-note')).toHaveText(`${erin.name} is blocked.`);
    const blocked = page.getByRole('region', { name: 'Blocked' });
    await expect(blocked).toContainText(erin.name);
    await blocked.getByRole('button', { name: 'Unblock' }).click();
    await expect(blocked).toContainText('Nobody blocked.');
  });

  test('notifications list what happened', async () => {
    await page.getByRole('link', { name: 'Notifications' }).click();
    const list = page.getByTestId('notifications');
    await expect(list).toContainText(`${dave.name} mentioned you: @${carol.username} the plans are in`);
    await expect(list).toContainText(`${dave.name} sent you a message: history message 45`);
    await expect(list).toContainText(`${dave.name} accepted your friend request`);
    await screenshot(page, 'notifications');
  });
});

function message(page: Page, text: string) {
  return page.getByTestId('message').filter({ has: page.getByTestId('message-body').getByText(text, { exact: true }) });
}

function composer(page: Page) {
  return page.getByLabel('Message', { exact: true });
}
