// The stack tests that run on the secured stack (scripts/secure-stack-test.mjs) and therefore not in the plaintext
// real-stack stage of scripts/test-all.mjs: the end-to-end test runs once, with SASL_SSL and password-protected Trino.
export const SECURED_TESTS = ['infra/test/secure.stack.test.ts', 'e2e/test/exactly-once.stack.test.ts'];
