// The nine-box talent map and the unit tree.
export const NINE_BOX = /* GraphQL */ `
  query NineBox($unitCode: String) {
    nineBox(unitCode: $unitCode) {
      cells { box label count recommendation members { nip name } }
      unmapped { reason count members { nip name } }
    }
  }
`;

export const UNITS = /* GraphQL */ `
  query Units {
    units { code name }
  }
`;

