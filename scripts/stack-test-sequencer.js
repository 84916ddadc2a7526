// Order of the real-stack tests: the stack's own acceptance test ends with `stack down`, so it runs last and every
// other stack test shares one running stack (each calls the idempotent `up` first, which is quick when it is up).
const Sequencer = require('@jest/test-sequencer').default;

class StackLastSequencer extends Sequencer {
  sort(tests) {
    const last = (t) => (/infra[/\\]test[/\\]stack\.stack\.test\.ts$/.test(t.path) ? 1 : 0);
    return [...tests].sort((a, b) => last(a) - last(b) || a.path.localeCompare(b.path));
  }
}

module.exports = StackLastSequencer;
