// The ceremony's facts only the Berita Acara print: its number and the officiant's NIP (operator of
// the whole province, until the ceremony is conducted). Only ceremony.js imports this module.
import { html, useState } from '../../lib.js';
import { t } from '../../i18n.js';
import { mutate } from '../../gql.js';
import * as Q from '../../queries.js';
import { ErrorMessage, Field, useQuery } from '../../ui.js';

export /** The Berita Acara's number and the officiant's NIP (the Gubernur has none): printed on every sheet. */
function DocumentDetails({ ceremony, onDone }) {
  const { data } = useQuery(Q.CEREMONY_DOCUMENTS, { id: ceremony.id });
  const docs = data?.ceremonyDocuments;
  const [number, setNumber] = useState(null);
  const [nip, setNip] = useState(null);
  const [error, setError] = useState(null);
  const shownNumber = number ?? docs?.documentNumber ?? '';
  const shownNip = nip ?? docs?.officiant?.nip ?? '';
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await mutate(
        Q.UPDATE_CEREMONY_DOCUMENTS,
        { ceremonyId: ceremony.id, documentNumber: shownNumber.trim(), officiantNip: shownNip.trim() },
        'updateCeremonyDocuments',
      );
      onDone(t('documents.saved'));
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="panel form-grid" onSubmit=${submit} data-testid="document-details">
    <h2>${t('documents.details')}</h2>
    <${Field} id="document-number" label=${t('documents.numberLabel')}>
      <input id="document-number" value=${shownNumber} onInput=${(e) => setNumber(e.currentTarget.value)} />
    <//>
    <${Field} id="officiant-nip" label=${t('documents.officiantNip')} hint=${t('documents.officiantNipHint')}>
      <input id="officiant-nip" inputmode="numeric" value=${shownNip} onInput=${(e) => setNip(e.currentTarget.value)} />
    <//>
    <${ErrorMessage} error=${error} />
    <div><button type="submit" class="btn btn-secondary">${t('documents.save')}</button></div>
  </form>`;
}

