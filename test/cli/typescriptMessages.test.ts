// TypeScript's messages as a spec author reads them: a missing field by name, long types cut.
import { readableTypeScriptMessage } from '../../generator/load/loadSpec';

const longType = `{ id: string; module: { name: string; version: string; noun: string; author: string; companyName: string; }; ... 5 more ...; hints: Hint[]; }`;

it('names one missing required field, from anywhere in the chain', () => {
  const chain = {
    messageText: `Argument of type '${longType}' is not assignable to parameter of type 'FixSpec'.`,
    category: 1,
    code: 2345,
    next: [{ messageText: `Property 'title' is missing in type '${longType}' but required in type 'FixSpec'.`, category: 1, code: 2741 }],
  };
  expect(readableTypeScriptMessage(chain)).toBe("Field 'title' is required (in FixSpec).");
});

it('names several missing fields', () => {
  const text = `Type '${longType}' is missing the following properties from type 'FixSpec': title, description, appliesTo`;
  expect(readableTypeScriptMessage(text)).toBe("Fields 'title', 'description', 'appliesTo' are required (in FixSpec).");
});

it('keeps other messages and their chain, with long inline object types shortened', () => {
  const chain = {
    messageText: `Type '${longType}' is not assignable to type 'Targets'.`,
    category: 1,
    code: 2322,
    next: [{ messageText: "Types of property 'cmd' are incompatible.", category: 1, code: 2326 }],
  };
  expect(readableTypeScriptMessage(chain)).toBe("Type '{ ... }' is not assignable to type 'Targets'. Types of property 'cmd' are incompatible.");
  expect(readableTypeScriptMessage("Type 'string' is not assignable to type 'number'.")).toBe("Type 'string' is not assignable to type 'number'.");
});
