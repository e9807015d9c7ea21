import { defineScenario } from '../harness/src/index.js';

/**
 * What real pages do offline, for browser campaigns (`browser.clients` > 0):
 * several pages typing while their connections are down and coming back
 * together, typing while a connection comes back, a page reloaded, a second
 * tab of the same user, among plain emits and peer resets.
 */
export default defineScenario({
  name: 'browser-offline',
  description: 'pages typing offline and coming back together, typing during a reconnect, reloads and second tabs',
  weights: { emit: 2, 'offline-together': 3, 'type-during-reconnect': 2, reload: 1, 'second-tab': 1, 'reset-peer': 1, wait: 1 },
});
