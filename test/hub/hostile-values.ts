/**
 * Values that break code when spliced into it: quotes of every kind, shell expansions, line breaks
 * (including the ones only some parsers take as line breaks), escapes, template and format syntax,
 * markup, option-looking words, and sheer length. The sink tests (test/hub/sinks.test.ts) push each
 * through the real interpreter of the place it goes and expect the same data out.
 */
export const HOSTILE: readonly string[] = [
  'plain',
  "it's",
  'say "hi"',
  '"""',
  "'''",
  '$(touch /tmp/hubfleet-pwned)',
  '`touch /tmp/hubfleet-pwned`',
  '${HOME}',
  '$HOME',
  'a;b && c || d | e',
  'line\nbreak',
  'carriage\rreturn',
  'tab\there',
  'back\\slash',
  'trailing\\',
  '\\n',
  'form\ffeed\vvtab',
  'nel\u0085line',
  'ls\u2028ps\u2029',
  'bom\ufeff',
  'del\u007f',
  'esc\u001b[31m',
  '{username}',
  '{',
  '}}{{',
  '%s %(x)s %%',
  '{{ 7 * 7 }}',
  '<script>alert(1)</script>',
  '</p><b>&amp;</b>',
  '-rf',
  '--upload-pack=touch /tmp/hubfleet-pwned',
  '# comment',
  '*',
  '~',
  '../..',
  ' leading and trailing ',
  'ünïcødé 😀 مرحبا',
  'lone \ud800 surrogate',
  'x'.repeat(10000),
];

/** NUL cannot cross an exec boundary (an environment variable or argument): rules must refuse it. */
export const NUL = 'nul\u0000byte';
