import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { adminAccount, base, login, networkSwitch, register, screenshot, uniqueUsername } from './helpers';

/**
 * The scenario, in two browser contexts (two people, two devices): register, befriend,
 * open a direct chat and talk live; typing and presence show; one goes offline while the other
 * writes, comes back and sees every missed message once; search finds a message; an admin sees
 * the charts. Steps run in order and share the two people.
 */
test.describe.serial('two people chatting in the web client', () => {
  const ada = { username: uniqueUsername('ada'), name: 'Ada Lovelace' };
  const bob = { username: uniqueUsername('bob'), name: 'Bob Babbage' };
  let adaContext: BrowserContext | undefined;
  let bobContext: BrowserContext | undefined;
  let adaPage: Page;
  let bobPage: Page;
  let bobNetwork: Awaited<ReturnType<typeof networkSwitch>>;

  test.beforeAll(async ({ browser }) => {
    const adas = await browser.newContext();
    const bobs = await browser.newContext();
    [adaContext, bobContext] = [adas, bobs];
    bobNetwork = await networkSwitch(bobs);
    adaPage = await adas.newPage();
    bobPage = await bobs.newPage();
  });

  test.afterAll(async () => {
    await adaContext?.close();
    await bobContext?.close();
  });

  test('both register', async () => {
    await adaPage.goto(base());
    await expect(adaPage.getByRole('heading', { name: 'polychat' })).toBeVisible();
    await screenshot(adaPage, 'login');
    await register(adaPage, ada.username, ada.name);
    await register(bobPage, bob.username, bob.name);
    await expect(adaPage.getByText(ada.name)).toBeVisible();
  });

  test('Ada finds Bob and sends a friend request; Bob accepts', async () => {
    await adaPage.getByRole('link', { name: 'Friends' }).click();
    await adaPage.getByLabel('Username').fill(bob.username);
    await adaPage.getByRole('button', { name: 'Find' }).click();
    await adaPage.getByRole('button', { name: `Add ${bob.username}` }).click();
    await expect(adaPage.getByTestId('people-note')).toHaveText(`Friend request sent to ${bob.name}.`);

    await bobPage.getByRole('link', { name: 'Friends' }).click();
    await bobPage.getByRole('button', { name: `Accept ${ada.username}` }).click();
    await expect(bobPage.getByTestId('friends')).toContainText(ada.name);

    await adaPage.reload();
    await expect(adaPage.getByTestId('friends')).toContainText(bob.name);
    await screenshot(adaPage, 'friends');
  });

  test('a direct chat: messages arrive live both ways, with unread counts', async () => {
    await adaPage.getByRole('button', { name: `Message ${bob.username}` }).click();
    await expect(adaPage.getByRole('heading', { name: bob.name })).toBeVisible();
    await send(adaPage, 'Hello Bob, the engine is ready');

    await bobPage.getByRole('link', { name: 'Chats' }).click();
    const chatLink = bobPage.getByTestId('chat-link').filter({ hasText: ada.name });
    await expect(chatLink.getByTestId('unread')).toHaveText('1');
    await expect(chatLink).toContainText('Hello Bob, the engine is ready');
    await chatLink.click();
    await expect(bodies(bobPage)).toHaveText(['Hello Bob, the engine is ready']);
    await expect(chatLink.getByTestId('unread')).toHaveCount(0);

    await send(bobPage, 'Hi Ada! Send me the notes');
    await expect(bodies(adaPage)).toHaveText(['Hello Bob, the engine is ready', 'Hi Ada! Send me the notes']);
  });

  test('typing and presence show', async () => {
    await expect(adaPage.getByTestId('peer-presence')).toHaveText('online');
    await bobPage.getByLabel('Message', { exact: true }).pressSequentially('Writing', { delay: 20 });
    await expect(adaPage.getByTestId('typing')).toHaveText(`${bob.name} is typing…`);
    await screenshot(adaPage, 'chat');
    await bobPage.getByLabel('Message', { exact: true }).fill('');
    await expect(adaPage.getByTestId('typing')).toHaveText('');
  });

  test('Bob goes offline, Ada writes, Bob comes back and sees every missed message once', async () => {
    await bobNetwork.offline();
    await expect(bobPage.getByTestId('connection')).toHaveText('Offline — reconnecting');
    await expect(adaPage.getByTestId('peer-presence')).toHaveText('offline');
    const missed = ['Note 1: the analytical engine', 'Note 2: Bernoulli numbers', 'Note 3: looms and cards'];
    for (const text of missed) await send(adaPage, text);

    await bobNetwork.online();
    await expect(bobPage.getByTestId('connection')).toHaveText('Online');
    await expect(bodies(bobPage)).toHaveText([
      'Hello Bob, the engine is ready',
      'Hi Ada! Send me the notes',
      ...missed,
    ]);
    await expect(adaPage.getByTestId('peer-presence')).toHaveText('online');
  });

  test('search finds a message', async () => {
    await bobPage.getByRole('link', { name: 'Search' }).click();
    await bobPage.getByLabel('Words to find').fill('Bernoulli');
    await bobPage.getByRole('button', { name: 'Search' }).click();
    await expect(bobPage.getByTestId('search-results')).toContainText('Note 2: Bernoulli numbers');
    await screenshot(bobPage, 'search');
    await bobPage.getByTestId('search-results').getByRole('link').first().click();
    await expect(bobPage.getByRole('heading', { name: ada.name })).toBeVisible();
  });

  test('an admin sees the charts', async ({ browser }) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const admin = adminAccount();
      await login(page, admin.username, admin.password);
      await page.getByRole('link', { name: 'Admin' }).click();
      // The analytics projections follow the messages through Kafka: reload until they are in.
      await expect(async () => {
        await page.reload();
        await expect(page.getByRole('heading', { name: 'Top chats' })).toBeVisible();
        await expect(page.getByTestId('top-chats')).toContainText(/\d+ messages/, { timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(page.getByTestId('chart')).toHaveCount(2);
      await expect(page.getByRole('img', { name: /Messages per day/ }).locator('canvas')).toBeVisible();
      await expect(page.getByRole('img', { name: /Active users/ }).locator('canvas')).toBeVisible();
      await screenshot(page, 'admin');
    } finally {
      await context.close();
    }
  });
});

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(bodies(page).last()).toHaveText(text);
}

function bodies(page: Page) {
  return page.getByTestId('message-body');
}
