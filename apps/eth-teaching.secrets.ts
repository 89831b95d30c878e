import { Package } from '../lib/fleet/package';
import { SealedSecret } from '../lib/secrets/sealed-secret';

/**
 * eth-teaching's credentials from outside the cluster, as SealedSecrets (strict scope: each decrypts
 * only as its own namespace and name). They were sealed against the EXAMPLE certificate
 * clusters/eth-teaching/sealed-secrets.pem with random placeholder values (see clusters/README.md).
 * On a real cluster fetch its certificate and seal the real values again, e.g.
 *
 * ```sh
 * kubeseal --fetch-cert > clusters/eth-teaching/sealed-secrets.pem
 * printf %s "$LDAP_PASSWORD" | npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem \
 *     --namespace course-research-methods --name ldap-search
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace seb --name seb-credentials \
 *     --from-env-file seb.env      # sebserver-password=…, db-root-password=…, db-password=…, admin-password=…
 * ```
 *
 * and paste the ciphertexts here. The SEB Server password must never change after the first start.
 */

/** The LDAP search password of the research-methods hub (Secret `ldap-search`, key `password`). */
export function ldapSearchSecret(researchMethodsHub: Package): SealedSecret {
  return new SealedSecret(researchMethodsHub, 'ldap-search', {
    encryptedData: {
      'password':
        'AgAugBQjrbDOWAVeSYL5zXlt9mbDrY/zLZDrrWegRCxlrxtjIJrJ7/9qA8G685osamvFf0UFs13tmISsJ9UBidlX6sWCJZU6WjAns67k7NyR1LTK5fsrEIQMr9Mx26fhbpUiI7/chF86BgJeTcaNlbcxajstbclrrvZPbq6SEFadNT6F3CSBXhHzQi3xnDVYxZpvrq5ciSvxXt1vzCQ4k2N5YSxSfkTuC5bc0dmOIaG8oLoQIvIGi0hd0JzqjkLBAOqBQMxMrEqhFELhP7rT4XSiF15VE+/aQqhyP1MIXZgNLmeGMo1b+wVIXAZhzOjUJbM6X3qEyqQNG3r9aeeRAY7d9EsyadkSVs5z4/jLBUPUlY3k8Bd6tSw/yvbRsl+rPR3Gi5ygSKZuvy2KACM6tseheb/cYyIpUL9jlxiIicP0Khz/e86OeV6g2yA+QB3YFFVbswvtyMUY8pu2rsbls57eqh2Ii9v5CtHuCYBOjg5/kaotDpCXcOkjiZzWIqGfFarV8uYn7WK5tMbGl5S386ZJHyJwZ601rPQWZ3llW7vyBQclFuRocYNCSoLxPXODskWHT3LfCmIkVMDgnp3ZYTf/7k8XUOCMgiwh1azVxrEyWLxyXEnjXOz5YIMy+qj3sxao4TKI8BENq4shWRSfn1VdyIVhyj4Ciu1i9osDtHDfxjbuCytItPht3lw3/q13nyag8RwobzGG6ITHnFo9mD4RPvVTCgC4mAjcFbjSxRp44qaHnM71pJANWJLlFYK9F62Ydez76tSiv3ot8nA=',
    },
    labels: { 'hubfleet.io/course': 'research-methods' },
  });
}

/** SEB Server's credentials (Secret `seb-credentials` in namespace `seb`). */
export function sebCredentials(seb: Package): SealedSecret {
  return new SealedSecret(seb, 'seb-credentials', {
    encryptedData: {
      'sebserver-password':
        'AgCqa3t895gy7+vnRFbwtgyEpcSP/RYHjCpumRKtVMT2YjgA7Fhaze0/ljil11akaJTpRfS+SHB6NMs8YvJlZhoj9r43TkEa+j3ZIXkSXC65uGtpM9EWNrOZu+82MD68kIV7PDSuAQpBJmhlAgwtZu2tumcuDlaXwiJ2QduP27WJWV/SWRck1mORwZKFkRZ8e68+jqmwlFGyY3ONuEedZx6j+wtnemSge+88DOqhjt+U+uvEmNlP7wkyPazF/Uav82yyNEB+f/5Y2H1ba+5f5mfNhwG7K58arHTV/I1PSgaelPIpT6SOefq/mWkKoflCq0O4RJSOclPxPVormlQZG5U3Oz2fv4yOJNGhzbr3x9RSmbhqWFNan1u6+p2yqhcxGf8WV4Z7eXDV4OVzDyFQEzdICPpPbtOA/aD2iS+h9A4FEkt4V8q6KD9RoF0lxDBwSls1zv2OUMsZmvnyY7co8njzpe69y0DENXVOWk0xHHUjo0Ue+qL1a5RW7W5lkvWfzn6uKyQ3zUULeqMJ9NA9j+vaZ3QYWo+TqItnAghctwjyd29rBkESdIxTeTxNayXjVCz6ZgR7lbNPpAR0NuzSBO1+OPxqOgFKGnnaaIcCFgKDcpiWtj3MEmErnchXFofYPf0ri+XVEildrSXqwmQ4V9a3T3X2FPQsMg/4vfV5sdVVEtc3tZqgauHMO88PEi9qGvD/UXQdC5d4vIeb1UZLij9iHEpoxW+jc4b+cH5hYH+kv/RkbSEnFm7i2dxei5bECwu+f3+vSo7wg2p0Rag=',
      'db-root-password':
        'AgCDjCFfZaY6QGUIhMhHS6CDyqLRBXEMdXw1YHi7hJxIbmf1S3M5Ur6xZx+OjHML57vJgFldd7x3OH544/NWBp+1jna5AICHhddCtbBwyE3vCxQYUI+LjNXQRUNUAPbAo/mZpp+3ufe8N+pl0NQGQamxokxQ6+Y8WqssKOly1/FuePi1Afn3ceQs5RgF9nYShGfo8DmG/uOAngx4F3clmgjwX/etJQWti8gw+j/kakFly5e3KfTmwlmsxX/FylzKmfJ5UM9MFMHhmyS45GKDpZdmvkY3nD3UktKslZHmireTAP2Kq8KHRLOQ6hNam3/CzpqSVy48ASB1My75RbD09+uywcqxnPs8CK5qxmtaRtkH7X1R0qmiBjOPbonvItyY4w35NHMg68inOtmMYFeIBxpBh25E26wNC2jmctiye6B0nED65yfgbnFJ0Nl27IqxoAn5lZuHkFcm+7170tYZpuuJkPdJTqXuzHBw2InSz2FF4PYcw/N/+A7d7n7Y+kvlXn6O/loCHmh5BZkJFBUU9oy9Dbix9jvYctIxekOamo331EByWOcgys61yiEiMc6Ss07AnMig2UaK/hJB+p7GpDUPD5J+UkEXmUOplkvOnpyvWbYP7G02VpPA4mqNSoByZ/P8jQKIugxryGqEW+rKCbf0YUEk7edlb5pUFilWFpTMTZMWeN9KsqGradqhV29qIYJSt2+7IAPa0J1gHWAbUl7rjo+/SgOM0+Tvg80waCKEmiTffpGSdeRYoIzM5HJ7R2kZJc4GmLW/vgFRleU=',
      'db-password':
        'AgCYQVYhdFOLRN/xxcK8uvdnwJZehjjRieLVIxT+Rvtb+b7dAIeNSJ5FALe1hTD58vCunfZWt2wbZ3OaoZs9j7Mc49EFRHv0kpvZz+041N8mPK76jx96Fz1yNjPY0qub03LKrdjmlcjBlhgWVlrUU+Y7rTlsqOvR7UAS9aIMxh1LGS5yM7FCAbL5jb44Z6Bw9QGKM7818Nv/RbEiB5WPffO2PPnnQ3A3RXdy0Yp3NSUccRmuKh7VQOsbNEF367jbPAwBYeDaLNGX2PI+mRUU3SPx5mhilLSvHuj0sUDmI3YyWGVOx65xd8Mx40KD1/RBfjrz69/13MByeUubdBGVAiKZih5q6PLaPxXtn/xdy2WdRu4z7l1dpdXRlOVb0KEJ5FObyliHz7j4ntcllZCaoPma8RAQyP8VuKCGHPI+Jl0ex3iMO1HUTUUWWKz3rbMppZlG+jTvyU0Gnu/M1sjpDXKcFXOgD3mbDAavB9Q0MD740opMOSGSxb8TVnySCE2oAOp9IHo1C7G850emV4wMUAHnUHop2DDiBtc98pzUY/G5pVEictBL6croNMIw1/sBTBPwUiCc7+C2bu862LIagDFRLXvjer1izJwAPtPgFgpHCCMMdGQsHKokMfRxm71NiWMS3IGHMYtX1h6PO6nfzdCsds7R3Ycbydw8FA7CNi4ekoyUzQQfj3Z8JCgk4X5qs8TAOdPo2BZnL0XhwJiIOepV3qa0T6JFHxHjYp6DFsDq+Tzh1yjcW7B2JvXHYIYGrOU/uTN2VFEh8w6xaks=',
      'admin-password':
        'AgBE6viGGwSRFk+7jCX8fTaBELE/P8Z7piohcFSX6NjxoZNMVDxLszaQKjt3VbtvFGAFc/ADTQai5hsorpb541StWhqCsrrgLajEX0/XfYjVQ7KTPXdfDyryMSflnQX3QVUhDGmYzFPA2Oz98sZw5JXYx3v75pWCiql2chSFBr3wBBS6pQ1FXw9yhElqddG7XFaqK8YPXBqb+5bK/oSPrpYiWWW/MWu1r/vO7xJdA6LYH1AOoJxIX4r16eeDVJ2G1UshFk884pY5HaKl0syxdIoWdINEG1EwTaL/iaaPCc6cgWp9NVPZM3zz7/fcLFvjbBsu7yfd5r8I3khcD5TH5RLIRuKxO3C6OSoXA6YqCKLYCyK1lNZKkXEBq+tLCmMBw1sqhohrtulqMmjtdtg6an47o6kRlIjkI5Uetgjg2L/RARfzL6GDyoHOBv0SBwaC2z+pDj7ANsJuhZlf6ONZFvVL1+t2dyQNd1oH05QPpPt3Nzonlhq5/KVqQVDyx4uFMimUNL66UCtQohmovQnMlVb3j75oWXSUdW/RjOKp/Tcrq8B64YAggWNGq3R0IVzalVLW/V/oY2BK6af4q4VZW4tGkF8pISKVQC11Wy1hbPBaeD248gD9AGFxxV6fSNUTHwd1qC5UdsY6I04Hgrax+fY2B9V269MPa7RT5zRoEDlW85v8urMQ0GPO0GxCDD8cyx7jy4ijeHHhBBnZTtxrzO/+X8eiiK0rO6XXnO9IGEQOs+MiRnUF5O+aB+U2pLjnRWY3VTHnPrZdXbH/8CM=',
    },
  });
}

/**
 * The course portal's values (Secret `course-portal` in namespace `course-portal`): the OIDC client
 * secret, the deploy key, the session key and the GitLab token, sealed against the example
 * certificate from random placeholders (the deploy key a fresh ed25519 key that was thrown away):
 *
 * ```sh
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace course-portal --name course-portal \
 *     --from-env-file portal.env   # oidc-client-secret=…, deploy-key=<the OpenSSH private key of the deploy key, its lines joined by \n>, session-key=<64 hex>, forge-token=…
 * ```
 */
export const COURSE_PORTAL_SEALED: Readonly<Record<string, string>> = {
  'deploy-key':
    'AgCleCY8jcbNv2Xfxhe5c6hMI91mT10JVtjxH5msr2miMu4vTy6g/HfK8VHM7sL7IYBH0UEmODQpCoqxx77h0/9Z/8+sBxdki2pbz17A706JlGVdEk+SIfNFLTp1Wo1lA7IpxOBU5sipIKqbQUbf6oNQV6gRGS1xJG14EECk2z/7Rn1LPRynF2d6QwjfU/eUfWk5SO5pJHF/IiGQVW29rZS6DVyMYc5pQs+tSSCOLW59ZRKElM66NBm3SGW+3AxFAcvjS9S4ks3z4e2SXMLuIwPtIDsS8WIxH7VMaqsa2A6RgChHSL6dOsX3bWJ0VQwhFfu6Opa/HTqeVTqERyaUq5Gh8dzLmFj6zDp2n/z1HVMKJjM8C/huq8dpAMwKG8z16QvC4Wa96GQFMRQeQgrvgUPQA3TKUSztZu/5O9y9ERE5uAHOHgYWguior4hp1wIjk3QB/F0FdhbsWEqSUK5NlxfOFPttIIYoy2TmYDjMwZt9cTIFWoI0BHfJXyIW2F2vc8RJ0PcTHMQ0K44KRGl+l1qPwlA/6JbTK3aXDAEfGrJoN1PXQ7qpUuTPnPhMHoP2can7w6eiOUBoakvVCBgwCZpsIx5IPgOgRqcYaNJWMsSqqNonNSsETtJhS6YavTmmVxxDSKONntsuSiyeIgfSOzmvpWx1K9pBio+YP3VT9QomPmSOxnr5cixO5mPFJx713H6fFHRsubhxYB6V5qaa61JJw0T4ZTg5MNGIOixBYz3IBrfA/q5q7i1YSRiHmrIfR9d8rBt73hFHsp+EcG7SDyxvvJYzjFQqcCpV8mvrIcO43p6MJBpDVY4a69dKHEgQov+OpL7CxRpMZOCKpa7Qcr46EfWMKXbaFeJeNybu4QUi9B7eVQEDmZCKcrub+F0TfhEqVD9Nz2my+Pmw5zK+Pk/DnPC/XScd0NWig92O5ini4hjvCQPVwTjH7skQ+aE668wdX9fItA09IryF/3guLc81GR1UqVhtTnsgRVu6i3CuMLLIzrB5H1jWGU2+A6ZDmjZWitWaceFL5vK2V881sARvoSBCwZ8mwXodf8r70ZYuYGx6x+j5dJ7SlMaw1ldErPxWF1uqNqJGx/CfnTuTTI+eMZHiumtXodtLC4j3YkdRRlBXIq5lta7NBzLCh4mh62vgo6bVllEFeSJtvw++2hMqHweVw3x2zOVX6igT5KeA/USfMPCmKqMViJSAQUgy8Lxn+9SeZl0RlcBkma3NxmnzPj0Mn7tWkyXGaMMXaamGvB4wwA==',
  'forge-token':
    'AgBboUpzTMK1jBw18tTBboz2kX3yHZ6cZdf0VWptKASNyCEX8Uz2ySEj7oBYVxs1ZzZ/WRw7IdMhPFukfN/83bbbQJXhw8x3sxYmLJ7g3KfBVZ4+YtYgT59f92F2FaKwi1xxuVa+Uo9nNdhpw0kTGZq99GuaAfp7xwxxFaUoEDLXoJ0/7A8BOrve5q28zWN4Tkloh6nYenMb3z8qJRHESd+pvBu4O6g2q6EWZBHwFyDXXUrRmrLGzt/yjo33HzYIZKggb4k30AdqXkWZB78qPYWKk/+RPjG9/XK5AX6H8sWpv2uLGKLhalCVXvEagV2BcORZksuVZl4Tdolz6m4uShy1utZZYQoULvRPPDMl/RY+/59CzFtxvZodxRoPHWNd1BpY9OrcyFjnwogXtmqWtywK4MygVduHyQVyvLyOsyFaCrMQTg0aqXqDtLsnElshVtMH9/Fa4QHEco+jscWEk8W5CEKTSS2GQ/QUTXi0kh7lI+QBeXhM2X11NfuXmG/W15Py+CWot8XNW3a1g0Uh/mfKzhlVn7aMuBbAiyxnj32Y/RSSV8tomiUAWGtoaaB2MilK/wfXov4zoXURSYzapeQ8J4kduNO/dZ9U8yQn8HtiR5lC7z5N2yxHrg07/zVUyn0r7hZyxMa51tEbLrifZfiDt6VZdzS81MTtE4DZ4G42IK1WHDgiaarndCW6SfIDbyhFPNNYcmv4TVAPCU947BPSpjZYZSrRdhGBdqzNlP3a2o6qTYxlWPLx',
  'oidc-client-secret':
    'AgAL79C4LYVJUGK/uJLZSpJbaRs8wIzMmTxejUBlbPxvhNR10Q0Asaw9rELYon0ksk/xR4tBRKGIk0ruS98Z2HNPAuvvOs1jEJ6JX9BFSB+viXwmfl/iKncFx4ryug8wZeHVznbYE0u2sJx8k9m/XjcUovT49FdzEEpuogMkUxrMdHUnpbCbC9MFJ11+Bio8MnwKi319uIVbAI1cNUYjt9tzcEUQ7UmOA27auWQqUOv9B0tfKVkv091+wTUBlIXCxLQmad4CP5KZV76QIH7FwwLaMJeFocEmt3nfyc+dc//1LqTdOzDlA2cnKaDs6H7BBZLjWm8MPGwtjeFNyBCG0wll7U7Yfx/wmONxMYG7zUBD6vnaI5RJ2957D+Whk4AqGAjwnzrJlpoJK0ZZQVee8Rzv5xD13GXt5jn5/osDJXLg2/xtgx5y8pmPUI5NY+FQ1N1g3MYCnxVOSC8MaOBVtDQcmgpyZBFcN1TmgCEYLgaWJ1gbLv2xXH6M3/w2epZfsVzLqmHGVjlJdoUguEUa+G5X7nQGDbClooL5m8AedWK/DPxAUAhBOQX9Cn/AA+NAWzs+F//I6FDpnV1towck2VQNkR2V9ZQ2JQfgBNxsWm/O3+6p1u3bLVlysnGOyHpwkpEkKjHT+H8QZPDC34+lOkLoUGqkyU+CESpHSwsYkV+Ow4m3A1qgcp3Ftuar1fzu9RwnsR4VN3bT4lnWDt4l5stF9HdSETXxZaPqI8+pI2oQ7eL3eW0yZuGBqkDn',
  'session-key':
    'AgAfTCZ/Nmt3dQdsNtorNghfc600uUOl9/6AknMQlZSW7NOuI5unEY0ZKfapuohEZR2g9Zl1cPIxGWzIhMpk8xGWNQUEZlP+RMaUBQ5uGuXJeCmDfQYZcawJrjQvcwBGEpNwjSjm409v9HKMqCgBW13jod5x9v5Ax/Z6QIEPSx789JZdUbJ5hlKM0h2QO5js2ViZ0HqV1uM16sErU9sadcLUTT0PHZhqbjvebxTgZty5IB+wqkiC3fdVxAJbnVB+/e7UfSKiVyj4aeBmY+AtSxsuphRiDaD9OKZUFnh8PAWraWXOMH1iBc/K70T6utUX7dS9kyKPtb7E3HNlZk3VSLQD/Zei8zYR6EtItj/mPl0tdHhwpZAGS7Stw9UffW9QIKadcydQfqzFlh4o5O7ELjbdUYjdhGWGBUPOKRXiubO025MjAViRVlv6hKh/i6o2t0cV/BSJs8cQeJLKILiHU98J/3wXPrhvP+MD+wcTUWCnfkJnsOZRmgMQEwjWKVjEyrGnTSQ4kvs8WzZeuouuZq63Upw7ifrXe0b1DcqSkqhB9Li0i0iRG+rWAGXFSxQvvfQ6YRLvwedQjEHCXQeaKJHSwN1GIuWK4FWGg2UMsF/dugzi+laK/sqIRGIoNHSQyz6K6cnlO1XGZdoJyYB0C3KilXeuugKLe93daSmazX58o/+AL2dL5UZr6Rx6Lp0IWaEsKqHQtrFLY9R/HBfzMON3fyOvvzZrGces1ZZ10VsnUo6CUsnNTjEl4jL8wbXhCufZCwHetPsjehIqL8J3xSYp',
};

/**
 * The monitoring add-on's credentials (namespace monitoring), sealed against the EXAMPLE certificate
 * clusters/eth-teaching/sealed-secrets.pem with random placeholders. On the real cluster:
 *
 * ```sh
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace monitoring --name grafana-admin \
 *     --from-env-file grafana.env          # admin-user=…, admin-password=…
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace monitoring --name alert-notifications \
 *     --from-env-file notifications.env    # smtp-password=… (the alert mailbox's SMTP password)
 * ```
 */
export function monitoringSecrets(monitoring: Package): void {
  new SealedSecret(monitoring, 'grafana-admin', {
    encryptedData: {
      'admin-user':
        'AgAQ3otV9cbdFp2S67lVB2L/uANDLgY2mfdR+ACUJnujO5p9nEmkn8WiZv2/zXSjEBEGp1AIXS+tLCpAMMyLWMaCB6d+zfzDnPLDjL4Cu+vvmQrKU2xUZSKiBgkiKYcUQTo9xrMEE1VTN82Wln77xUdkqs+e8ryhrHW3wG2ltAHPt7joNnVB+G+7TzykHK346EuG7lmqzqF/JtQCtVXJnA6M13vyNeuOHozWg0PaqwBO9ufRf/1GM6t3QIJE98Bm9Ex7v1sfBd/BpsNJdoZ8yhv9XWkO9tdUfwJlIspFPrbdJN4IXcHLNubi6lK8OJhsfxYgLAXEBlsJFRkieI3gLOBpCsc9rSi80hTIZzqU+oAvBC57PlGaW/sVj9ZZqKhwhDw/VKAT+RsBU1TrrFA+qEnLD6dq+FpQkllsSRpC66WzZPrBBZJSqsUZklFrG5CNuRGWB68Xy788Zl9oRANsvdHHW2QlWeBtd/jEtqO7jx4uAorPg0o0syu9wYq1+kjOTFTLRB/xXkPkKS6diQx/E+oE0K1rlI+ElyatVrlYp3PUAeLwgLlXWJwLHIqDKhOZTLoPLvFJB7xMzEeLsEJ25CRLMva7o2I21pgK6+tgPAIcPYE7aqT9UtsYipKA1kTA6v25FhxDfEVsi4V25RQD7yXCL8coKKvSeHNbM5OmQqchWtXnXkWhgcO6L8gHc0oWVMpX9fs+mQ==',
      'admin-password':
        'AgBNy16SGnM3chT43cB0IaNO5K6xbFnYFJRgG3FPWBmTD1rXjI0e7CBoaqRMbZZvhQqqh8R42q1vYfQNFT/LTv7VOnNPlBR7CC+Jv4vXHkkuY1nd/yrLeieSU9qfFFIB7VC5pKCwnLY2HEReqOC1VSts7amgtV0mnHC1qwgIfTkbo2oEY9LWmu8+OmevKI9Znw1K1UyqN4JNPspnoDTJduJxJTR3bOaGIgl4yFuzIax4mMlKmLl+pzlY3RnhjzZ5GlBhS+0Ca/T/15nEX8AJHYlQ+tHS2ilEMgrdbfrWSKm/R7qDHl3UdT3utNnVrJvHUjSB2kI5eTmpUbVQFgdlMDi7fdyWtQCmESGbTca1BbKQIzDINrVFhN2b8HWPzpcVhkOpWDfaFEXDlCxxx9/vHAF7oJs9gEA7d5cOLCMzlsKQmsUBPTfDwRH05xtyjSoEQ1WWXH3Yt2YGmPplh6lE/jF3xS+eCndZYmZ5kLS3dVyMrCeyM1Ty6Dpw5XP5TtoQGUJYSs6OG9GBvdjXoO47LlikdUKfV60SUKENASGY2xAoWzlECviTceJGATI5Qd3s+fUqosxw2/Y4F5LLLJBNoiix9EYX6uSmCiwCkGYqJhCpis+cnlUXMPbKzDyf3aLtB8M1qKBYxV2F+vBBR2TNS/S5tsHi/YQe5hJjprcAKGQJ8nAslw7jDuDJZSlyNmT2EWGdhiVuM6OWWrbcVVzfKnC3vkF3j+vj0UA=',
    },
  });
  new SealedSecret(monitoring, 'alert-notifications', {
    encryptedData: {
      'smtp-password':
        'AgCl1j2l5VeZwpZeHFUaZmXsmO2e1fXSgSPUZyZFUDg8skE4bugTWpDyuTmqcoi9qxHVrZZnu56rPBwVb26PQBGn5DKbHkSTFJOCBD2IujYfnAuFBgWcJQjGIu28wmsCjlQgP4HONrEDCA5OjYDdyjX2zR8QZ03SsZOiQFlBcTzV2s70ruBPd54jV9x1XPC4oLIfewBwTV/VVJhJdLm2ezfcEcYJ9OWlTwlAw4WH1YfqkSAf/R6e0J9v8OLZ+YdxVHl9D9DSQrKXV2i/2ebkMwXoniRosW2eE6oyaIKtrWccQN/rHuhVBzVpYykCeQxbzIyRNm5hZo1dr5Dsa7xPZ9d5t0fnbJsUhlhPzdB+MEKCmx4un95hC8t5tR9s0nIU5x1lnyLtH5MtS+a+EgvtirfxNsCT6O00yZ9I3i2R//BVKwo+ffCgLS+k+3QlK1Wi01AAtLaMvWuGH2gnAbxJG4OhDf4Ze/C9QFf7ErTQQo090voP2wfCL6CY0EiIgA7O6sEKBemM3hc2++oa9qP0W0LUV+DbgOwxwg5k7LEa/XgkmqvNHqPM2u/mh9a7uRi6WMVUYRP1TVxFIahp4HHS0osHNHdgEJ+gLCg1A5o4C3YfDoJaGG/KE3qGfSRUQy5XF5mE8F+XU50IFx1mGqSb6iSMrCPRBfpJAI3Z3NSN4D8rKcfyPmnz80oo99ag7kbN6SzHOO4lf6d+TC7jrT3jkE/D1TrPD5tF1bE=',
    },
  });
}
