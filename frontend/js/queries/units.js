// Every unit with its parent, for the unit picker's tree (frontend/js/unit-picker.js).
export const UNIT_TREE = /* GraphQL */ `
  query UnitTree {
    units { code name parentCode }
  }
`;
