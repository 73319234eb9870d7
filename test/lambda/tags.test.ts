import { diffTags, tagsFromProperty } from '../../lambda/ivschat-provider/tags';

describe('tagsFromProperty', () => {
  test('turns the CloudFormation list into the API map', () => {
    expect(tagsFromProperty([{ Key: 'team', Value: 'chat' }, { Key: 'empty', Value: '' }])).toEqual({ team: 'chat', empty: '' });
  });

  test('no tags is an empty map', () => {
    expect(tagsFromProperty(undefined)).toEqual({});
  });

  test('a key named like an object property stays a tag', () => {
    const tags = tagsFromProperty([{ Key: '__proto__', Value: 'x' }, { Key: 'constructor', Value: 'y' }]);

    expect(Object.keys(tags)).toEqual(['__proto__', 'constructor']);
  });
});

describe('diffTags', () => {
  test('untags removed keys and tags added and changed ones', () => {
    expect(diffTags({ keep: '1', change: '2', remove: '3' }, { keep: '1', change: '20', add: '4' })).toEqual({
      toTag: { change: '20', add: '4' },
      toUntag: ['remove'],
    });
  });

  test('the same tags need nothing', () => {
    expect(diffTags({ a: '1' }, { a: '1' })).toEqual({ toTag: {}, toUntag: [] });
  });

  test('a value changed to empty is a change, not a removal', () => {
    expect(diffTags({ a: '1' }, { a: '' })).toEqual({ toTag: { a: '' }, toUntag: [] });
  });

  test('keys named like object properties are compared as keys', () => {
    expect(diffTags(tagsFromProperty([{ Key: 'toString', Value: '1' }]), {})).toEqual({ toTag: {}, toUntag: ['toString'] });
    expect(diffTags({}, tagsFromProperty([{ Key: 'constructor', Value: '1' }]))).toEqual({ toTag: { constructor: '1' }, toUntag: [] });
  });
});
