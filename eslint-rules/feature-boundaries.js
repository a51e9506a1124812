import path from 'node:path';

/**
 * The client's feature rule (client/src/features/<feature>/): a feature is reached only through its
 * index.ts, and the shared layers (lib/, components/) never reach a feature at all. Import paths are
 * resolved against the importing file, so `../risks/RiskPage.svelte` and `../../features/risks/x`
 * are caught alike.
 */
const SRC = path.join('client', 'src');

function place(absolute, root) {
  const rel = path.relative(path.join(root, SRC), absolute).split(path.sep);
  if (rel[0] === '..') return null;
  if (rel[0] === 'features' && rel.length >= 2) return { layer: 'features', feature: rel[1], rest: rel.slice(2) };
  return { layer: rel[0], feature: null, rest: rel.slice(1) };
}

const isIndex = (rest) => rest.length === 0 || (rest.length === 1 && /^index(\.(ts|js))?$/.test(rest[0]));

export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Features import each other only through index.ts; lib/ and components/ never import features.' },
    messages: {
      internals: "Import the '{{feature}}' feature through its index ('{{index}}'), not its internals.",
      shared: '{{layer}}/ is shared by every feature and imports none: pass what it needs in from the feature.',
    },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const from = place(context.filename, root);
    if (!from) return {};
    function check(source) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = place(path.resolve(path.dirname(context.filename), source.value), root);
      if (!target || target.layer !== 'features') return;
      if (from.layer === 'lib' || from.layer === 'components') {
        context.report({ node: source, messageId: 'shared', data: { layer: from.layer } });
        return;
      }
      if (from.feature === target.feature || isIndex(target.rest)) return;
      const index = path.relative(path.dirname(context.filename), path.join(root, SRC, 'features', target.feature)) || '.';
      context.report({ node: source, messageId: 'internals', data: { feature: target.feature, index: index.startsWith('.') ? index : `./${index}` } });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
    };
  },
};
