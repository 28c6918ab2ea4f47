// Prompt flow's Jinja templates in our template syntax: what carries over, what is reported, and how
// chat templates split into role blocks.
import assert from 'node:assert/strict';
import { convertJinja, splitChatRoles } from '../../../src/engine/import/promptflow-jinja';

const HISTORY_LOOP =
  '{% for item in chat_history %}\n# user:\n{{item.inputs.question}}\n# assistant:\n{{item.outputs.answer}}\n{% endfor %}\n';

describe('Prompt flow import: Jinja templates', () => {
  it('turns plain variables, with or without spaces and no-op filters, into placeholders and drops comments', () => {
    assert.deepEqual(convertJinja('Hi {{ name }} and {{other|safe}} / {{ x | string }}{# gone #}!'), {
      ok: true,
      text: 'Hi {{name}} and {{other}} / {{x}}!',
    });
  });

  it('applies whitespace control on both sides of a variable', () => {
    assert.deepEqual(convertJinja('a   {{- x -}}   b'), { ok: true, text: 'a{{x}}b' });
  });

  it('reports what it cannot express: filters, attribute access, calls, loops, conditionals, unclosed tags', () => {
    const cases: [string, RegExp][] = [
      ['{{ x | upper }}', /\{\{ x \| upper \}\}/],
      ['{{ x.y }}', /\{\{ x\.y \}\}/],
      ['{{ f(x) }}', /\{\{ f\(x\) \}\}/],
      ['{% for a in items %}{{a}}{% endfor %}', /\{% for %\}/],
      ['{% if x %}yes{% endif %}', /\{% if %\}/],
      ['{% set x = 1 %}', /\{% set %\}/],
      ['Hello {{ name', /never closed/],
    ];
    for (const [template, reason] of cases) {
      const result = convertJinja(template);
      assert.equal(result.ok, false, template);
      assert.match(result.ok ? '' : result.reason, reason);
    }
  });

  it("removes the chat-history loop of Prompt flow's chat examples when it iterates over the history variable", () => {
    const result = convertJinja(`# system:\nBe kind.\n\n${HISTORY_LOOP}\n# user:\n{{question}}`, {
      historyVariables: new Set(['chat_history']),
    });
    assert.deepEqual(result, { ok: true, text: '# system:\nBe kind.\n\n\n# user:\n{{question}}', historyVariable: 'chat_history' });
  });

  it('keeps a loop over anything but the history, or one that writes more than the turns, as unsupported', () => {
    assert.equal(convertJinja(HISTORY_LOOP).ok, false, 'chat_history is not known to be the history');
    const extra = HISTORY_LOOP.replace('# assistant:', 'Note: {{ item.inputs.note }}\n# assistant:').replace(
      '{{item.inputs.question}}',
      'Q {{other.x}}',
    );
    assert.equal(convertJinja(extra, { historyVariables: new Set(['chat_history']) }).ok, false);
    const onlyUser = '{% for item in chat_history %}\n# user:\n{{item.inputs.question}}\n{% endfor %}';
    assert.equal(convertJinja(onlyUser, { historyVariables: new Set(['chat_history']) }).ok, false);
  });

  it('splits a chat template into role blocks, with or without the leading #, in any case', () => {
    assert.deepEqual(splitChatRoles('# system:\nBe brief.\n\nUser:\n{{q}}\n#Assistant :\nOk.\n'), {
      leading: '',
      blocks: [
        { role: 'system', text: 'Be brief.' },
        { role: 'user', text: '{{q}}' },
        { role: 'assistant', text: 'Ok.' },
      ],
    });
    assert.deepEqual(splitChatRoles('Just text, user: not a role line'), { leading: 'Just text, user: not a role line', blocks: [] });
  });
});
