import { defineScenario } from '../harness/src/index.js';

/** Connections cut while a frame is on its way to the server. */
export default defineScenario({
  name: 'mid-emit-cut',
  description: 'the connection drops while an emit is being sent: the server gets part of the frame',
  weights: { emit: 3, 'cut-upstream-mid-emit': 3, heal: 1, wait: 1 },
});
