import { CfnElement, Lazy, Stack } from 'aws-cdk-lib';

/**
 * The element, its logical id computed once rather than each time it is rendered. aws-cdk-lib computes an element's
 * logical id anew for each use (a hash of its path, for an element below the stack's top level), and each of the
 * library's resources uses two at every synthesis pass: its own, and the one of its type's policy (`DependsOn`).
 *
 * The id is the one the stack allocates, renames included, taken when it is first resolved (in synthesis, once the
 * app is built); from then on it is the element's override as a plain string, which the resolver takes as it is
 * rather than as one more token to resolve. An override of the user's replaces this one. An element whose id was
 * locked (exported to another stack) keeps the resolved token: same id, resolved as a token.
 */
export function withLogicalIdOnce<T extends CfnElement>(element: T): T {
  element.overrideLogicalId(Lazy.string({
    produce: () => {
      const logicalId = Stack.of(element).getLogicalId(element);
      try {
        element.overrideLogicalId(logicalId);
      } catch {
        // Locked by an export: the token already resolves to this id.
      }
      return logicalId;
    },
  }));
  return element;
}
