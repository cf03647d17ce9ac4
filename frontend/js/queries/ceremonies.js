// Ceremonies: the list, one ceremony with its documents, and running it.
import { errors, NOMINATION_RESULT } from './common.js';

export const CEREMONIES = /* GraphQL */ `
  query Ceremonies {
    ceremonies(first: 100) {
      totalCount
      edges { node { id date place officiant conductedAt status nominations { id } } }
    }
  }
`;

export const CEREMONY = /* GraphQL */ `
  query Ceremony($id: Int!) {
    ceremony(id: $id) {
      id
      date
      place
      officiant
      conductedAt
      status
      lastRun { nominationId ok state code message params { name value } }
      nominations {
        id
        state
        version
        documentFinal
        inauguratedOn
        decreeNumber
        decreeDate
        effectiveDate
        position { code title level eselon unit { name } }
        nominee { nip name golongan religion position { title } }
        oathDraft
        pledgeDraft: oathDraft(pledge: true)
        oath { text witnesses { nip name } clergyName pledge takenOn }
      }
    }
  }
`;

// The server's oath wording for a religion chosen on the print page (only when none is recorded).
export const OATH_DRAFT = /* GraphQL */ `
  query OathDraft($id: Int!, $religion: String, $pledge: Boolean!) {
    nomination(id: $id) { id oathDraft(religion: $religion, pledge: $pledge) }
  }
`;

export const CREATE_CEREMONY = /* GraphQL */ `
  mutation CreateCeremony($date: Date!, $place: String!, $officiant: String!) {
    createCeremony(date: $date, place: $place, officiant: $officiant) {
      __typename
      ... on Ceremony { id }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;

export const SCHEDULE_INAUGURATION = /* GraphQL */ `
  mutation ScheduleInauguration(
    $nominationId: Int!
    $ceremonyId: Int!
    $decreeNumber: String!
    $decreeDate: Date!
    $effectiveDate: Date!
    $expectedVersion: Int
  ) {
    scheduleInauguration(
      nominationId: $nominationId
      ceremonyId: $ceremonyId
      decreeNumber: $decreeNumber
      decreeDate: $decreeDate
      effectiveDate: $effectiveDate
      expectedVersion: $expectedVersion
    ) {
      ${NOMINATION_RESULT}
    }
  }
`;

export const CONDUCT_CEREMONY = /* GraphQL */ `
  mutation ConductCeremony(
    $ceremonyId: Int!
    $witnessNips: [String!]!
    $pledgeNips: [String!]
    $clergy: [ClergyInput!]
    $dryRun: Boolean!
  ) {
    conductCeremony(
      ceremonyId: $ceremonyId
      witnessNips: $witnessNips
      pledgeNips: $pledgeNips
      clergy: $clergy
      dryRun: $dryRun
    ) {
      __typename
      ... on CeremonyConducted {
        ceremony { id conductedAt status }
        results { nominationId ok state version code message params { name value } }
      }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;


// The facts of the Berita Acara as the server assembles them (letterhead, numbers, names with
// titles, pangkat/golongan, post's full name, Saksi I and II, officiant with NIP, place-and-date line).
export const CEREMONY_DOCUMENTS = /* GraphQL */ `
  query CeremonyDocuments($id: Int!) {
    ceremonyDocuments(id: $id) {
      documentNumber
      placeDateLine
      officiant { name nip }
      letterhead { provinceName governmentName address city armsUrl }
      appointees {
        nomination { id }
        appointee { name nip }
        pangkatGolongan
        postName
        unitName
        decreeLine
        saksi { name nip }
      }
    }
  }
`;

export const UPDATE_CEREMONY_DOCUMENTS = /* GraphQL */ `
  mutation UpdateCeremonyDocuments($ceremonyId: Int!, $documentNumber: String, $officiantNip: String) {
    updateCeremonyDocuments(ceremonyId: $ceremonyId, documentNumber: $documentNumber, officiantNip: $officiantNip) {
      __typename
      ... on Ceremony { id }
      ${errors('NotAllowed', 'Conflict', 'Ineligible', 'InvalidInput', 'NotFound')}
    }
  }
`;

// A nomination's dossier for printing: the post, the nominee, the approvals (who, for whom, when);
// the eligibility checks come from ELIGIBILITY (queries/nominations.js), as on the nomination page.
export const NOMINATION_DOSSIER = /* GraphQL */ `
  query NominationDossier($id: Int!) {
    nomination(id: $id) {
      id
      kind
      state
      round
      plannedDate
      decreeNumber
      decreeDate
      effectiveDate
      position { code title level eselon unit { name } }
      nominee { nip name fullName golongan birthDate }
      approvals { round stepIndex stepName approvedAt void letterNumber letterDate official { name role actingFor { name } } }
    }
  }
`;

export const LETTERHEAD = /* GraphQL */ `
  query Letterhead {
    letterhead { provinceName governmentName address city armsUrl }
  }
`;
