// What the scenarios expect of the game, from GAME.md §11 (commands, callback data, keyboards,
// command menus) and the screens' titles as the bot writes them.
import assert from 'node:assert/strict';

/** §11.3: callback data of each keyboard, row by row (main and chat exactly as specified). */
export const KEYBOARDS = {
  main: [['davka', 'uletet'], ['gofra_info', 'cable_info'], ['atm_status', 'rademka'], ['top', 'profile'], ['nickname_menu']],
  chat: [['chat_davka', 'chat_rademka'], ['chat_top', 'chat_stats'], ['chat_me', 'chat_gofra'], ['chat_cable', 'chat_atm'],
    ['chat_help', 'chat_menu']],
  profile: [['gofra_info'], ['cable_info'], ['atm_status'], ['back_main']],
  gofra_info: [['gofra_progress'], ['gofra_speed'], ['gofra_next'], ['back_main']],
  cable_info: [['cable_power_info'], ['cable_pvp_info'], ['cable_upgrade_info'], ['back_main']],
  atm_status: [['atm_regen_time'], ['gofra_speed'], ['profile']],
  top: [['top_gofra', 'top_cable'], ['top_zmiy', 'top_atm'], ['back_main']],
  nickname: [['change_nickname', 'nickname_menu'], ['back_main']],
  rad: [['rademka_random', 'rademka_stats'], ['rademka_top'], ['back_main']],
};

/** Keyboards that must be exactly as specified; the others may carry extra buttons (GAME.md allows some). */
const EXACT = new Set(['main', 'chat']);

/** Asserts that `message` carries keyboard `name` (§11.3). */
export function assertKeyboard(message, name, context = '') {
  const want = KEYBOARDS[name];
  const got = message.keyboard.map((row) => row.map((b) => b.callback_data));
  const where = `${context} (keyboard ${name}; got ${JSON.stringify(message.layout)})`;
  if (EXACT.has(name)) {
    assert.deepEqual(got, want, where);
  } else {
    const present = new Set(got.flat());
    for (const data of want.flat()) assert.ok(present.has(data), `button ${data} missing ${where}`);
  }
}

/** A "back" keyboard: one button to `to` (§11.3 back_kb). */
export function assertBack(message, to, context = '') {
  const data = message.buttons.map((b) => b.callback_data);
  assert.ok(data.includes(to), `${context}: expected a back button to ${to}, got ${JSON.stringify(message.layout)}`);
}

/** Titles of the screens (the bot's texts), by callback data or command. */
export const TITLES = {
  start: 'Здарова',
  back_main: 'Главное меню',
  menu: 'Главное меню',
  profile: 'ПРОФИЛЬ ПАЦАНА',
  gofra_info: 'ТВОЯ ГОФРА',
  cable_info: 'ТВОЙ КАБЕЛЬ',
  atm_status: 'ТВОИ АТМОСФЕРЫ',
  atm_regen_time: 'ВРЕМЯ ВОССТАНОВЛЕНИЯ',
  atm_max_info: 'МАКСИМУМ АТМОСФЕР',
  atm_boosters: 'УСКОРЕНИЕ',
  gofra_progress: 'ПРОГРЕСС ГОФРЫ',
  gofra_speed: 'СКОРОСТЬ АТМОСФЕР',
  gofra_next: 'СЛЕДУЮЩАЯ ГОФРА',
  cable_power_info: 'СИЛА КАБЕЛЯ',
  cable_pvp_info: 'ШАНС В РАДЁМКЕ',
  cable_upgrade_info: 'ПРОКАЧКА КАБЕЛЯ',
  top: 'ТОП ПАЦАНОВ С ГОФРОЦЕНТРАЛА',
  top_gofra: 'ТОП ПО ГОФРЕ',
  top_cable: 'ТОП ПО КАБЕЛЮ',
  top_zmiy: 'ТОП ПО ЗМИЮ',
  top_atm: 'ТОП ПО АТМОСФЕРАМ',
  top_reputation: 'ТОП РЕПУТАЦИИ',
  my_reputation: 'МОЯ РЕПУТАЦИЯ',
  nickname_menu: 'НИКНЕЙМ',
  change_nickname: 'СМЕНА НИКА',
  rademka: 'РАДЁМКА',
  rademka_random: 'ЦЕЛЬ НАЙДЕНА',
  rademka_stats: 'СТАТИСТИКА РАДЁМКИ',
  rademka_top: 'ТОП РАДЁМКИ',
  davka: 'ДАВКА КОРИЧНЕВАГА',
  uletet: 'ЗМИЙ ОТПРАВЛЕН',
  help: 'ПОМОЩЬ',
  version: 'версия 6.0',
  chat_menu: 'ГОФРА-МЕНЮ ДЛЯ ЧАТА',
  for_groups: 'для групповых чатов',
};

/** `key`: a TITLES key, a text to find, or a RegExp. */
export function assertTitle(message, key, context = '') {
  if (key instanceof RegExp) {
    assert.match(message.text, key, `${context}: expected ${key} in:\n${message.text}`);
    return;
  }
  const title = TITLES[key] ?? key;
  assert.ok(message.text.includes(title), `${context}: expected "${title}" in:\n${message.text}`);
}

/** §11.1: the private-chat commands, what they show and with which keyboard. */
export const PRIVATE_COMMANDS = [
  ['/start', 'start', 'main'],
  ['/menu', 'menu', 'main'],
  ['/profile', 'profile', 'profile'],
  ['/gofra', 'gofra_info', 'gofra_info'],
  ['/cable', 'cable_info', 'cable_info'],
  ['/atm', 'atm_status', 'atm_status'],
  ['/top', 'top', 'top'],
  ['/help', 'help', 'main'],
  ['/version', 'version', 'main'],
  ['/nickname', 'nickname_menu', 'nickname'],
  ['/rademka', 'rademka', 'rad'],
];

/** §11.1: the chat commands with their aliases. In a private chat they answer with a hint. */
export const CHAT_COMMANDS = {
  gofrastart: ['/gofrastart'],
  ghelp: ['/ghelp', '/g_help', '/chathelp'],
  gmenu: ['/gmenu', '/chatmenu'],
  gtop: ['/gtop', '/g_top', '/chattop'],
  gstats: ['/gstats', '/g_stats', '/chatstats'],
  gme: ['/gme', '/g_me', '/chatme'],
  gdavka: ['/gdavka', '/g_davka', '/chatdavka'],
  grademka: ['/grademka', '/g_rademka', '/chatrademka'],
  fight: ['/fight'],
};

/** §11.5: setMyCommands at start-up. */
export const PRIVATE_MENU = ['start', 'davka', 'uletet', 'profile', 'gofra', 'cable', 'atm', 'top', 'nickname', 'rademka',
  'help', 'version', 'menu'];
export const GROUP_MENU = ['start', 'gdavka', 'grademka', 'fight', 'gtop', 'gstats', 'gme', 'ghelp', 'gmenu', 'davka',
  'profile', 'top', 'rademka'];

/**
 * Presses the button with callback data `data` on `message` (as it is now) and checks that the
 * bot answered without an alert and edited the message to the screen `title` with keyboard
 * `keyboard` (a KEYBOARDS name) or a back button to `back`. Returns the message as edited.
 */
export async function open(player, message, data, { title = data, keyboard = null, back = null } = {}) {
  const press = await player.press(message, data);
  assert.equal(press.answer.show_alert, false, `pressing ${data}: unexpected alert ${JSON.stringify(press.answer.text)}`);
  const { kind, message: shown } = await press.result();
  assert.equal(kind, 'edit', `pressing ${data} must edit the pressed message, not send a new one:\n${shown.text}`);
  assertTitle(shown, title, `after pressing ${data}`);
  if (keyboard) assertKeyboard(shown, keyboard, `after pressing ${data}`);
  if (back) assertBack(shown, back, `after pressing ${data}`);
  return shown;
}

/**
 * Presses `data` (a button of `message`, or any callback data with {raw: true}) and checks
 * that the bot refused it: an alert, and the message left as it was for `quietMs`.
 */
export async function refused(player, message, data, { raw = false, quietMs = 800, includes = null } = {}) {
  const press = await player.press(message, raw ? null : data, raw ? { data } : {});
  assert.equal(press.answer.show_alert, true, `pressing ${data}: expected an alert, got ${JSON.stringify(press.answer)}`);
  assert.ok(press.answer.text, `pressing ${data}: the alert has no text`);
  if (includes) assert.ok(press.answer.text.includes(includes), `alert ${JSON.stringify(press.answer.text)} lacks "${includes}"`);
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  assert.deepEqual(await player.editsSince(message, press.since), [], `pressing ${data} must not change the message`);
  return press.answer;
}
