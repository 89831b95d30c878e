import { Package } from '../lib/fleet/package';
import { SealedSecret } from '../lib/secrets/sealed-secret';

/**
 * e2x's LDAP search password, one SealedSecret per hub namespace that logs in with LDAP (strict
 * scope binds each ciphertext to its namespace and name). Sealed against the EXAMPLE certificate
 * clusters/e2x/sealed-secrets.pem with random placeholders; on the real cluster:
 *
 * ```sh
 * kubeseal --fetch-cert > clusters/e2x/sealed-secrets.pem
 * printf %s "$LDAP_PASSWORD" | npx hubfleet seal --cert clusters/e2x/sealed-secrets.pem --namespace exam-programming-exam --name ldap-search
 * printf %s "$LDAP_PASSWORD" | npx hubfleet seal --cert clusters/e2x/sealed-secrets.pem --namespace course-grading --name ldap-search
 * ```
 */
const LDAP_SEARCH: Record<string, string> = {
  'exam-programming-exam':
    'AgAH5TG5nn/rcEmUSBWSCj4ZGDA186dI3nAca1k9hdl2qpt04vEdAyLYa3FwF/haM29RQAQsqqBRCLSdz69Jp705C2nKjSsa4em+qvL9zoGHGr1jexeNCI90SvPdIO/WEw02vKWotN4tX3+H7L6LOmcQDCf6MZER6CTZ9JSUjEGlvxG5Uakr/1MQx27TlwfTPU1xuVsLancJ/Ky591fvKG/TPifikxsc7xh/cvN7Y00+KdqvIM7bD1taniRDgdYyLcf1f3RMiJDu7cod6XnvZX+4uNFwDL6ieLfNN5aozZj6l1utwoy58rgRR73GwKhdIUQ78K7xQ7EhfSZqgg1fznb57qd2xlNdAfqjb9sLcnAMKWBDByNtmt2y1awhd9cKhgKcsT180/1mOs8wlsXRMm8s5vGnsiKT6Kdnyf/3WvmAS/LLw2FHXnP7kOL5knVEPQXBNC8+xvr7YAFir6EHbKaGMUU7wEW27TRXmxL3NsHXZ4X7/FvcOPhxk5iywrYOXDtuJyqOT89HAREsPtwuKLPuWXX5PgVphwbAUssdTy7VbSS3aux8tCaQOFAWi+Enbkq1uxDm0cNTwCPF697yYLyWovGKNZMx1uz1uVyoNM98EvL8WyP9W3SuVnkTdYw3qVD9DgtdZSKuyskpiBtRSFie/cBTBgJDIqScmhC01zIgKSE3hInf1wwcBYf7uS5dhqjQFI83v48CtZAulicLaBLkecbkdiJvDa1rPw2Tje+OSBEQufc8UkQtdmwzzn9cA3uFfJ34EddmpS2MTW0=',
  'course-grading':
    'AgAjmgTjybi2IailOu1j5kN/yFLphlplAu/6yxOZJSqu9WavadfPxdnfJ46RQNBETvmGXQHEiEj5KNi8hLjFyxU8URi9m26BuLSxsxxbH0n4dLgj37Htd6b58iTt+s0Wv60PUuAFm8I5ZriPtjD3qKlFctnvxSIme/CWtct7HX+GrhB9C8k+mbIqS+P2dOdIHyAZgimOnih7thXOg2Qu5sC7kgQliGtf1hw49BvLxriaouoipmo3ntt10PqKf1r28ZguZ94w6cGD9pJ/EDfWrdnIG+djgrJ6tTns0lzblzKnNgFm9Kvsd153VTnJgnIRZpewHGkO9V9trao34bIQcgswDCNDMk2J/UtqO4dqHXnDtcS4WyqjrrY86G3y4Rz7lMIErM94SmYHEw14S10ghEXhxuI9ynYw7nUu49s9Y2QhvAHaO3Qf9mYxbjHCUxXeYTFITr1AY5fOymCq5I/idFX+1uDyMOulNucZ0duqN6mwnnrqFqFyrd9+7/U8iTQ+eALlukfjXDKir5ycZmDDY/dX2Le6FwoskZCis0SMH+it519UuKLmEFlKkE9Tkc2U+m8UUhjaLLjtE4zJ2Fg3I6JgZYNCahTzMiwLZk4uD2SeNHW+3eB/XRRjd6O9VGDLCjNctlM2sm/2eBH3v0zwRPB+iPxzAIf+HmbdxHEPLk4gUVlLTQnLoIvtI7GOr2hWdISU/rjPoenKKP9ej6sSu4oI9X7HK62zwJQLhuka8P9rdwL6akrwy9+U980jA0z1QuNxUXdobtcmA1Jo144=',
};

/** The `ldap-search` SealedSecret (key `password`) of one hub's namespace. */
export function ldapSearchSecret(hub: Package): SealedSecret {
  const sealed = LDAP_SEARCH[hub.targetNamespace ?? ''];
  if (!sealed) throw new Error(`no sealed LDAP search password for namespace ${hub.targetNamespace}: seal one (see apps/e2x.secrets.ts)`);
  return new SealedSecret(hub, 'ldap-search', { encryptedData: { password: sealed } });
}
