import { MESSAGE_ID } from './support';
import { FrameIdSequence } from '../../../local/control-plane/arns';

describe('FrameIdSequence', () => {
  test('issues 12 alphanumerics that never repeat, past the point where the counter gains a digit', () => {
    const sequence = new FrameIdSequence();

    const ids = Array.from({ length: 62 * 62 + 1 }, () => sequence.next());

    expect(ids.every((id) => MESSAGE_ID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('ids of one sequence share a prefix, so that another server\'s (with another random prefix) cannot collide', () => {
    const sequence = new FrameIdSequence();

    const prefixes = new Set(Array.from({ length: 100 }, () => sequence.next().slice(0, 4)));

    expect(prefixes.size).toBe(1);
  });
});
